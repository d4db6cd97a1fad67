"""Entra-issued tokens used as assertions: managed identities as FIC sources (MI-as-FIC).

Facts from reference/platform-tokens.md §1.4, §2 (row 7) and §15 (Entra docs). Tokens the Azure
DevOps Entra issuer mints are Azure DevOps tokens (azure_devops.py) and are left to it.
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import (
    GUID,
    Basis,
    audiences,
    claim_str,
    has_claim,
    is_guid,
    part,
)
from wifdoctor.knowledge.platforms.azure_devops import ADO_APP_ID, ENTRA_ISSUER_RE
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "Entra managed identity"

# The first-party Entra app behind the audience api://AzureADTokenExchange: Entra-issued assertions
# (managed identities, the Azure DevOps Entra issuer) carry it as `aud`. Defined here for now; the
# clouds module may own it later.
TOKEN_EXCHANGE_APP_ID = "fb60f99c-7a34-4190-8149-302f77469936"
_EXCHANGE_AUDIENCES = frozenset({TOKEN_EXCHANGE_APP_ID, "api://AzureADTokenExchange"})

_V1_ISSUER_RE = re.compile(rf"https://sts\.(?:windows\.net|chinacloudapi\.cn)/({GUID})/")

SYSTEM_ASSIGNED_NOTE = (
    "A system-assigned managed identity: only user-assigned managed identities can be the source "
    "of a federated credential."
)
ENTRA_ISSUER_NOTE = (
    "An Entra issuer: used by user-assigned managed identities as credential sources, and by "
    "Azure DevOps service connections with the Entra issuer."
)
ACCESS_TOKEN_NOTE = (
    "An Entra access token that is not a managed identity's: a federated credential needs the "
    "workload's platform token, or a user-assigned managed identity's token for "
    "api://AzureADTokenExchange."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the managed identity's object (principal) ID: the credential's subject, not the "
    "client ID",
    "aud": "fb60f99c-7a34-4190-8149-302f77469936, the app behind api://AzureADTokenExchange",
    "xms_mirid": "the Azure resource ID of the managed identity (userAssignedIdentities/... for a "
    "user-assigned one)",
    "azp": "the managed identity's client (application) ID",
    "azpacr": 'how the client authenticated ("2": certificate or managed identity)',
    "oid": "the managed identity's object (principal) ID",
    "tid": "the tenant of the managed identity; the app must be registered in it",
    "idtyp": 'the kind of identity: "app" for managed identities and apps, "user" for users',
    "ver": 'the token version ("2.0"; the credential\'s issuer ends with /v2.0)',
    "uti": "Entra's unique token identifier (an internal request ID)",
    "rh": "an opaque Entra claim used to revalidate tokens",
    "aio": "an opaque Entra claim used internally",
    "scp": "delegated scopes: this is a user's access token, not an assertion",
    "roles": "the application roles granted to the caller",
}


def _is_ado(claims: Claims) -> bool:
    subject = claim_str(claims, "sub") or ""
    return subject.startswith("/eid1/") or claim_str(claims, "azp") == ADO_APP_ID


def _variant(claims: Claims) -> tuple[str | None, Basis, tuple[str, ...]]:
    mirid = claim_str(claims, "xms_mirid")
    if mirid is not None:
        if "/userassignedidentities/" in mirid.lower():
            name = mirid.rstrip("/").rsplit("/", 1)[-1]
            notes: tuple[str, ...] = (f"User-assigned managed identity {name}.",)
            if not _EXCHANGE_AUDIENCES.intersection(audiences(claims)):
                notes += (
                    "The token is for another resource: request it for "
                    "api://AzureADTokenExchange/.default.",
                )
            return "user-assigned", "claims", notes
        return "system-assigned", "claims", (SYSTEM_ASSIGNED_NOTE,)
    if has_claim(claims, "scp") or claim_str(claims, "idtyp") == "user":
        return "access-token", "claims", (ACCESS_TOKEN_NOTE,)
    if _EXCHANGE_AUDIENCES.intersection(audiences(claims)):
        note = (
            "No xms_mirid claim: cannot tell whether this token comes from a user-assigned "
            "managed identity."
        )
        return None, "issuer", (note,)
    if audiences(claims):
        return "access-token", "issuer", (ACCESS_TOKEN_NOTE,)
    # Nothing but the issuer (a credential's issuer, say): either kind of Entra assertion fits.
    return None, "issuer", (ENTRA_ISSUER_NOTE,)


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """An Entra v2.0 (or v1) issuer, except tokens of the Azure DevOps Entra issuer."""
    if _is_ado(claims):
        return None
    v1 = _V1_ISSUER_RE.fullmatch(issuer)
    if ENTRA_ISSUER_RE.fullmatch(issuer) is None and v1 is None:
        if claim_str(claims, "xms_mirid") is None:
            return None
        variant, _, notes = _variant(claims)
        return Recognition("entra-managed-identity", DISPLAY_NAME, variant, "claims", notes)
    variant, basis, notes = _variant(claims)
    if v1 is not None:
        notes = (
            "A v1 token (issuer sts.windows.net): managed identities as federated credential "
            "sources use the v2.0 issuer https://login.microsoftonline.com/<tenant>/v2.0.",
            *notes,
        )
    return Recognition("entra-managed-identity", DISPLAY_NAME, variant, basis, notes)


def parse_subject(subject: str) -> ParsedSubject | None:
    """Entra managed identity subjects are bare GUIDs: see parse_object_id_subject()."""
    return None


def parse_object_id_subject(subject: str) -> ParsedSubject | None:
    """entra-object-id: a bare GUID, tried only when the platform is known to be Entra."""
    if not is_guid(subject):
        return None
    notes: tuple[str, ...] = ()
    if subject != subject.lower():
        notes = ("Entra writes object IDs in lower case, and subjects are compared exactly.",)
    explanation = "the managed identity's object (principal) ID, not its client ID"
    parts = (part("object_id", subject, explanation),)
    return ParsedSubject("entra-managed-identity", "entra-object-id", parts, notes)


PLATFORM = Platform(
    id="entra-managed-identity",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="about 24 hours",
    usual_lifetime_seconds=86400,
    default_audience=TOKEN_EXCHANGE_APP_ID,
    docs=(
        "https://learn.microsoft.com/entra/workload-id/"
        "workload-identity-federation-config-app-trust-managed-identity",
    ),
)
