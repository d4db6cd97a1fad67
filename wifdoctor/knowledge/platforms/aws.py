"""AWS: IAM outbound identity federation (sts:GetWebIdentityToken) and Cognito identity pools.

Facts from reference/platform-tokens.md §2 (rows 16-17) and §12 (AWS docs). EKS service-account
tokens are Kubernetes tokens (kubernetes.py).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import GUID, claim_str, part
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "AWS"
COGNITO_ISSUER = "https://cognito-identity.amazonaws.com"
STS_CLAIM = "https://sts.amazonaws.com/"

_OUTBOUND_RE = re.compile(r"https://[0-9a-f-]+\.tokens\.sts\.global\.api\.aws")

COGNITO_NOTES = (
    "Cognito's aud is the identity pool ID, so the credential's audience must be that ID.",
    "Cognito signs with RS512, which Entra may not accept (only RS256 is documented).",
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the IAM role ARN (outbound federation) or the Cognito identity ID (region:GUID)",
    "aud": "the audience asked of sts:GetWebIdentityToken, or the Cognito identity pool ID",
    STS_CLAIM: "AWS context: account, source region, organisation, tags and the calling compute",
    "amr": "how the Cognito identity authenticated (authenticated, provider, pool:identity)",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """The account's outbound-federation issuer, Cognito's issuer, or their distinctive claims."""
    if _OUTBOUND_RE.fullmatch(issuer):
        return Recognition("aws", "AWS IAM outbound identity federation", "iam-outbound", "issuer")
    if issuer == COGNITO_ISSUER:
        return Recognition("aws", "Amazon Cognito", "cognito", "issuer", COGNITO_NOTES)
    if isinstance(claims.get(STS_CLAIM), dict):
        return Recognition("aws", "AWS IAM outbound identity federation", "iam-outbound", "claims")
    amr = claims.get("amr")
    if isinstance(amr, list) and "cognito-identity.amazonaws.com" in amr:
        return Recognition("aws", "Amazon Cognito", "cognito", "claims", COGNITO_NOTES)
    subject = claim_str(claims, "sub") or ""
    if _ROLE_RE.fullmatch(subject):
        return Recognition("aws", "AWS IAM outbound identity federation", "iam-outbound", "subject")
    return None


_ROLE_RE = re.compile(r"arn:(aws[a-z-]*):iam::([0-9]{12}):role(/(?:[^/]+/)*)([^/]+)")
_ASSUMED_RE = re.compile(r"arn:(aws[a-z-]*):sts::([0-9]{12}):assumed-role/([^/]+)/(.+)")
_COGNITO_RE = re.compile(rf"([a-z]{{2}}(?:-[a-z]+)+-[0-9]+):({GUID})")
_ACCOUNT = "the AWS account ID"


def parse_subject(subject: str) -> ParsedSubject | None:
    """aws-iam-role, aws-assumed-role (a common mistake) or cognito-identity."""
    match = _ROLE_RE.fullmatch(subject)
    if match:
        partition, account, path, role = match.groups()
        notes = () if partition == "aws" else (f"An ARN in the {partition} partition.",)
        parts = (
            part("account", account, _ACCOUNT),
            part("path", path, "the role's IAM path ('/' when it has none)"),
            part("role", role, "the IAM role's name"),
        )
        return ParsedSubject("aws", "aws-iam-role", parts, notes)
    match = _ASSUMED_RE.fullmatch(subject)
    if match:
        partition, account, role, session = match.groups()
        parts = (
            part("account", account, _ACCOUNT),
            part("role", role, "the IAM role's name"),
            part("session", session, "the role session's name"),
        )
        note = (
            "This is an assumed-role session ARN (as get-caller-identity prints it); the token's "
            f"subject is the role ARN arn:{partition}:iam::{account}:role/{role} (plus any path)."
        )
        return ParsedSubject("aws", "aws-assumed-role", parts, (note,))
    match = _COGNITO_RE.fullmatch(subject)
    if match:
        region = part("region", match[1], "the AWS region of the identity pool")
        identity = part(
            "identity_id", match[2], "the Cognito identity's GUID (region:GUID is its ID)"
        )
        return ParsedSubject("aws", "cognito-identity", (region, identity))
    return None


PLATFORM = Platform(
    id="aws",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="5 minutes (--duration-seconds 60-3600); Cognito: 10 minutes",
    usual_lifetime_seconds=300,
    default_audience=None,
    docs=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound.html",
        "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html",
        "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdToken.html",
    ),
)
