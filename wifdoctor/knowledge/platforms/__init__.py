"""Which platform issued a token, what its subject says, and what its claims mean.

One module per platform (reference/platform-tokens.md §3-15), tried in the order of §2: the first
platform recognising the issuer wins; when none does, distinctive claims decide, then the subject.
Everything here takes untrusted input and answers: nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from wifdoctor.knowledge.platforms import (
    aws,
    azure_devops,
    bitbucket,
    buildkite,
    circleci,
    entra,
    github,
    gitlab,
    google,
    jenkins,
    kubernetes,
    spiffe,
    terraform,
)
from wifdoctor.knowledge.platforms.base import (
    Claims,
    ParsedSubject,
    Platform,
    PlatformId,
    Recognition,
    SubjectPart,
)

__all__ = [
    "PLATFORMS",
    "STANDARD_CLAIM_EXPLANATIONS",
    "UNKNOWN",
    "ParsedSubject",
    "Platform",
    "PlatformId",
    "Recognition",
    "SubjectPart",
    "explain_claim",
    "parse_subject",
    "platform_by_id",
    "recognize",
]

# Recognition order (reference §2): GitHub, Azure DevOps (before Entra, whose issuer it shares),
# Entra managed identities, GitLab, Kubernetes, Terraform, then the rest.
PLATFORMS: tuple[Platform, ...] = (
    github.PLATFORM,
    azure_devops.PLATFORM,
    entra.PLATFORM,
    gitlab.PLATFORM,
    kubernetes.PLATFORM,
    terraform.PLATFORM,
    bitbucket.PLATFORM,
    circleci.PLATFORM,
    buildkite.PLATFORM,
    google.PLATFORM,
    aws.PLATFORM,
    spiffe.PLATFORM,
    jenkins.PLATFORM,
)
_BY_ID: dict[str, Platform] = {platform.id: platform for platform in PLATFORMS}

# Shapes too plain to guess (a bare UUID or GUID), tried only when the caller names the platform.
_HINTED_PARSERS: dict[str, Callable[[str], ParsedSubject | None]] = {
    "buildkite": buildkite.parse_pipeline_id_subject,
    "entra-managed-identity": entra.parse_object_id_subject,
}
# Claim names that are patterns rather than fixed names: (platform, explainer).
_PATTERN_EXPLAINERS: tuple[tuple[PlatformId, Callable[[str], str | None]], ...] = (
    ("github-actions", github.explain_repo_property),
    ("buildkite", buildkite.explain_agent_tag),
)
_BASIS_RANK = {"issuer": 0, "claims": 1, "subject": 2}

UNKNOWN = Recognition(platform="unknown", display_name="Unknown platform")

STANDARD_CLAIM_EXPLANATIONS: Mapping[str, str] = {
    "iss": "the issuer: who made the token; must equal the credential's issuer exactly",
    "sub": "the subject: which workload the token is for; must equal the credential's subject "
    "exactly",
    "aud": "the audience: who the token is for; must contain the credential's audience",
    "exp": "when the token expires (seconds since 1970, UTC)",
    "nbf": "the token is not valid before this time",
    "iat": "when the token was issued",
    "jti": "the token's unique ID",
    "azp": "the client (application) that requested the token",
    "oid": "the object ID of the identity the token is for",
    "tid": "the Entra tenant that issued the token",
    "ver": "the token format's version",
    "idtyp": 'the kind of identity: "app" or "user"',
    "scp": "delegated permissions (scopes) granted to the app on behalf of a user",
    "roles": "application roles granted to the caller",
    "appid": "the client (application) that requested the token (v1 tokens)",
    "appidacr": "how the client authenticated (v1 tokens)",
    "azpacr": 'how the client authenticated ("0" public, "1" secret, "2" certificate)',
    "amr": "the methods used to authenticate",
    "acr": "the authentication context class",
    "auth_time": "when the user authenticated",
    "nonce": "a value echoed from the request to prevent replay",
    "email": "an e-mail address of the subject",
    "email_verified": "whether the e-mail address is verified",
    "name": "a display name of the subject",
    "preferred_username": "the username the subject signs in with",
    "upn": "the user principal name",
    "uti": "Entra's unique token identifier (an internal request ID)",
    "rh": "an opaque Entra claim used to revalidate tokens",
    "aio": "an opaque Entra claim used internally",
    "xms_mirid": "the Azure resource ID of the managed identity the token is for",
}


def platform_by_id(id: str) -> Platform | None:
    """The platform with this ID (spec/cli.md's token.platform values), or None."""
    return _BY_ID.get(id) if isinstance(id, str) else None


def _recognize(issuer: str | None, claims: Claims) -> Recognition:
    if not isinstance(claims, Mapping):
        claims = {}
    if not isinstance(issuer, str):
        from_claims = claims.get("iss")
        issuer = from_claims if isinstance(from_claims, str) else ""
    best: Recognition | None = None
    for platform in PLATFORMS:
        try:
            found = platform.recognize(issuer, claims)
        except Exception:  # a platform's bug must not stop recognition
            continue
        if found is None:
            continue
        if found.basis == "issuer":
            return found
        if best is None or _BASIS_RANK[found.basis] < _BASIS_RANK[best.basis]:
            best = found
    if best is not None:
        return best
    if not issuer:
        return Recognition("unknown", UNKNOWN.display_name, notes=("The token has no iss claim.",))
    return UNKNOWN


def recognize(issuer: str | None, claims: Mapping[str, object]) -> Recognition:
    """The platform of a token from its issuer (None: take claims['iss']) and claims.

    Issuer patterns are anchored and exact. An issuer match beats a claims match, which beats a
    subject match; ties go to the earlier platform in PLATFORMS. Never raises.
    """
    try:
        return _recognize(issuer, claims)
    except Exception:
        return UNKNOWN


def slash_defect(issuer: str) -> str | None:
    """The platform's real issuer when ``issuer`` differs from it only by a trailing '/'.

    GitHub, GitLab.com, Buildkite and Google issue tokens without it; AKS issuers end with it
    (MicrosoftDocs/azure-docs#104998, #105462; Azure/azure-workload-identity#1700).
    """
    from wifdoctor.knowledge.platforms._common import SLASH_NOTE_START
    from wifdoctor.knowledge.platforms.kubernetes import AKS_SLASH_NOTE

    notes = recognize(issuer, {}).notes
    if any(note.startswith(SLASH_NOTE_START) for note in notes):
        return issuer.rstrip("/")
    if AKS_SLASH_NOTE in notes:
        return issuer + "/"
    return None


def _try(parser: Callable[[str], ParsedSubject | None], subject: str) -> ParsedSubject | None:
    try:
        return parser(subject)
    except Exception:  # a platform's bug must not stop parsing
        return None


def parse_subject(subject: str, platform: PlatformId | None = None) -> ParsedSubject | None:
    """The subject split into named parts: `platform`'s shapes first, then every platform's.

    Works on token subjects and on credential subjects alike. None when no shape fits.
    """
    if not isinstance(subject, str) or not subject:
        return None
    hinted = _BY_ID.get(platform) if isinstance(platform, str) else None
    if hinted is not None:
        parsed = _try(hinted.parse_subject, subject)
        extra = _HINTED_PARSERS.get(hinted.id)
        if parsed is None and extra is not None:
            parsed = _try(extra, subject)
        if parsed is not None:
            return parsed
    for candidate in PLATFORMS:
        if candidate is hinted:
            continue
        parsed = _try(candidate.parse_subject, subject)
        if parsed is not None:
            return parsed
    return None


def _value_remark(name: str, value: object, text: str) -> str:
    values = value if isinstance(value, list) else [value]
    if name == "aud" and entra.TOKEN_EXCHANGE_APP_ID in values and "fb60f99c" not in text:
        return (
            "; fb60f99c-... is the app behind api://AzureADTokenExchange, and Entra treats the two "
            "as the same audience"
        )
    if name == "azp" and value == azure_devops.ADO_APP_ID and "Azure DevOps" not in text:
        return "; 499b84ac-... is Azure DevOps"
    return ""


def explain_claim(name: str, value: object, platform: PlatformId | None) -> str | None:
    """One line about a claim: the platform's own explanation, else the standard one, else None.

    With no platform (or "unknown"), a claim only one kind of platform uses is still explained.
    """
    if not isinstance(name, str):
        return None
    own = _BY_ID.get(platform) if isinstance(platform, str) else None
    text = own.claim_explanations.get(name) if own is not None else None
    if text is None:
        for pattern_platform, explainer in _PATTERN_EXPLAINERS:
            if own is None or own.id == pattern_platform:
                text = text or explainer(name)
    if text is None:
        text = STANDARD_CLAIM_EXPLANATIONS.get(name)
    if text is None and own is None:
        text = next(
            (p.claim_explanations[name] for p in PLATFORMS if name in p.claim_explanations), None
        )
    if text is None:
        return None
    try:
        return text + _value_remark(name, value, text)
    except Exception:
        return text
