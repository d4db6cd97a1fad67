"""Google Cloud service-account ID tokens (metadata server, gcloud, IAM Credentials API).

Facts from reference/platform-tokens.md §2 (row 15) and §11 (Entra and Google Cloud docs).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import part, slash_note
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "Google Cloud"
ISSUER = "https://accounts.google.com"

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the service account's unique ID (21 digits): the credential's subject, not the e-mail",
    "aud": "the audience asked of the metadata server or gcloud (there is no default)",
    "azp": "the service account's unique ID (the same number as sub)",
    "email": "the service account's e-mail address (format=full or includeEmail)",
    "email_verified": "whether Google verified the e-mail address",
    "google": "Compute Engine details of the VM (project, zone, instance) with format=full",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """Google's issuer; the scheme-less form is recognised and flagged."""
    if issuer == ISSUER:
        notes: tuple[str, ...] = ()
        if isinstance(claims.get("google"), dict):
            notes = ("Issued on a Compute Engine VM (the google.compute_engine claim).",)
        return Recognition("google", DISPLAY_NAME, None, "issuer", notes)
    if issuer == ISSUER + "/":
        return Recognition("google", DISPLAY_NAME, None, "issuer", (slash_note(issuer, ISSUER),))
    if issuer == "accounts.google.com":
        note = (
            "This issuer has no https:// scheme; Entra compares issuers exactly, so the "
            "credential's issuer must be written the same way as the token's."
        )
        return Recognition("google", DISPLAY_NAME, None, "issuer", (note,))
    return None


_ID_RE = re.compile(r"[0-9]+")


def parse_subject(subject: str) -> ParsedSubject | None:
    """google-service-account-id: the numeric unique ID."""
    if not _ID_RE.fullmatch(subject):
        return None
    notes: tuple[str, ...] = ()
    if len(subject) != 21:
        notes = (f"Google service account unique IDs have 21 digits; this one has {len(subject)}.",)
    parts = (
        part(
            "service_account_id",
            subject,
            "the service account's unique ID (gcloud iam service-accounts describe ... uniqueId)",
        ),
    )
    return ParsedSubject("google", "google-service-account-id", parts, notes)


PLATFORM = Platform(
    id="google",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="1 hour",
    usual_lifetime_seconds=3600,
    default_audience=None,
    docs=(
        "https://cloud.google.com/compute/docs/instances/verifying-instance-identity",
        "https://cloud.google.com/iam/docs/create-short-lived-credentials-direct#sa-credentials-oidc",
        "https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust",
    ),
)
