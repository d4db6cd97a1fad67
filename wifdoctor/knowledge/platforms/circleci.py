"""CircleCI OIDC tokens (CIRCLE_OIDC_TOKEN and CIRCLE_OIDC_TOKEN_V2).

Facts from reference/platform-tokens.md §2 (row 13) and §9 (CircleCI docs).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import GUID, claim_str, has_claim, part
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "CircleCI"

_ISSUER_RE = re.compile(rf"https://oidc\.circleci\.com/org/({GUID})")
_PREFIX = "oidc.circleci.com/"

USER_NOTE = (
    "The subject holds the UUID of the user who triggered the job: a credential matches only that "
    "user's runs (one credential per user, at most 20)."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "org/<org id>/project/<project id>/user/<user id>, plus /vcs-origin/.../vcs-ref/... in "
    "the v2 token",
    "aud": "the audience (default: the organisation's ID; set it with circleci run oidc get)",
    "oidc.circleci.com/project-id": "the project's UUID",
    "oidc.circleci.com/context-ids": "the UUIDs of the contexts the job uses",
    "oidc.circleci.com/vcs-origin": "the repository the pipeline was built from (v2 token)",
    "oidc.circleci.com/vcs-ref": "the Git ref being built (v2 token)",
    "oidc.circleci.com/ssh-rerun": "true when the job is a re-run with SSH",
    "oidc.circleci.com/org-id": "the organisation's UUID",
    "oidc.circleci.com/pipeline-definition-id": "the pipeline definition's UUID",
}


def _version(claims: Claims) -> tuple[str | None, tuple[str, ...]]:
    subject = claim_str(claims, "sub") or ""
    if "/vcs-origin/" in subject:
        return "v2", (
            "The v2 token (CIRCLE_OIDC_TOKEN_V2): its subject adds the VCS origin and ref.",
        )
    if subject.startswith("org/"):
        return "v1", ("The v1 token (CIRCLE_OIDC_TOKEN).",)
    return None, ()


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """CircleCI's organisation issuer, else its oidc.circleci.com/ claims."""
    variant, notes = _version(claims)
    match = _ISSUER_RE.fullmatch(issuer)
    if match:
        notes = (f"Organisation ID: {match[1]}.", *notes, USER_NOTE)
        return Recognition("circleci", DISPLAY_NAME, variant, "issuer", notes)
    if has_claim(claims, _PREFIX + "project-id"):
        return Recognition("circleci", DISPLAY_NAME, variant, "claims", (*notes, USER_NOTE))
    return None


_SUBJECT_RE = re.compile(
    r"org/([^/]+)/project/([^/]+)/user/([^/]+)(?:/vcs-origin/(.+)/vcs-ref/(.+))?"
)


def parse_subject(subject: str) -> ParsedSubject | None:
    """circleci-v1 (org/O/project/P/user/U) or circleci-v2 (... /vcs-origin/X/vcs-ref/R)."""
    match = _SUBJECT_RE.fullmatch(subject)
    if match is None:
        return None
    parts = [
        part("org_id", match[1], "the CircleCI organisation's ID"),
        part("project_id", match[2], "the project's ID"),
        part("user_id", match[3], "the ID of the user who triggered the job"),
    ]
    if match[4] is None:
        return ParsedSubject("circleci", "circleci-v1", tuple(parts), (USER_NOTE,))
    parts += [
        part("vcs_origin", match[4], "the repository the pipeline was built from"),
        part("vcs_ref", match[5], "the Git ref being built"),
    ]
    return ParsedSubject("circleci", "circleci-v2", tuple(parts), (USER_NOTE,))


PLATFORM = Platform(
    id="circleci",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="1 hour",
    usual_lifetime_seconds=3600,
    default_audience="<organization ID>",
    docs=(
        "https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/",
        "https://circleci.com/docs/guides/permissions-authentication/oidc-tokens-with-custom-claims/",
    ),
)
