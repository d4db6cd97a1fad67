"""SPIFFE / SPIRE JWT-SVIDs.

Facts from reference/platform-tokens.md §2 (row 18) and §13 (Entra and SPIRE docs).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import claim_str, part
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "SPIFFE / SPIRE"

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the workload's SPIFFE ID, spiffe://<trust domain>/<path>",
    "aud": "the audiences the workload asked the Workload API for",
    "iss": "the SPIRE server's jwt_issuer (the SPIFFE spec does not require one; Entra does)",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """Any issuer with a spiffe:// subject."""
    subject = claim_str(claims, "sub")
    if subject is None or not subject.startswith("spiffe://"):
        return None
    notes = [
        'SPIRE signs JWT-SVIDs with ES256 by default; set jwt_key_type = "rsa-2048" for RS256, '
        "the algorithm Entra documents.",
    ]
    if not issuer:
        notes.insert(0, "No iss: set jwt_issuer on the SPIRE server to the discovery URL.")
    return Recognition("spiffe", DISPLAY_NAME, None, "subject", tuple(notes))


_ID_RE = re.compile(r"spiffe://([^/]+)(/.*)?")


def parse_subject(subject: str) -> ParsedSubject | None:
    """spiffe-id: spiffe://TRUST_DOMAIN/PATH."""
    match = _ID_RE.fullmatch(subject)
    if match is None:
        return None
    parts = (
        part("trust_domain", match[1], "the SPIFFE trust domain"),
        part("path", match[2] or "", "the workload's path within the trust domain"),
    )
    return ParsedSubject("spiffe", "spiffe-id", parts)


PLATFORM = Platform(
    id="spiffe",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="5 minutes (default_jwt_svid_ttl)",
    usual_lifetime_seconds=300,
    default_audience=None,
    docs=(
        "https://spiffe.io/docs/latest/deploying/spire_server/",
        "https://github.com/spiffe/spire/tree/main/support/oidc-discovery-provider",
    ),
)
