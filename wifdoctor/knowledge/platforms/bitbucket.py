"""Bitbucket Pipelines OIDC tokens.

Facts from reference/platform-tokens.md §2 (row 12) and §8 (Atlassian docs; less well verified than
other platforms: the deployment-step subject order and the lifetime are [unverified]).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import GUID, has_claim, part
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "Bitbucket Pipelines"

_ISSUER_RE = re.compile(
    r"https://api\.bitbucket\.org/2\.0/workspaces/([^/\s]+)/pipelines-config/identity/oidc"
)

UNMATCHABLE_NOTE = (
    "The subject holds the step UUID, which changes on every run, so no federated credential can "
    "match it (Entra's flexible credentials do not support Bitbucket)."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "{repositoryUuid}:{stepUuid}, with the deployment environment's UUID on deployment "
    "steps",
    "aud": "the audience (default ari:cloud:bitbucket::workspace/<workspace UUID>)",
    "stepUuid": "the step's UUID: new on every run",
    "pipelineUuid": "the pipeline run's UUID",
    "repositoryUuid": "the repository's UUID",
    "workspaceUuid": "the workspace's UUID",
    "branchName": "the branch being built",
    "deploymentEnvironmentUuid": "the deployment environment's UUID (deployment steps only)",
    "accountUuid": "the UUID of the account that triggered the pipeline",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """Bitbucket's workspace issuer, else its stepUuid and repositoryUuid claims."""
    match = _ISSUER_RE.fullmatch(issuer)
    if match:
        notes = (f"Workspace: {match[1]}.", UNMATCHABLE_NOTE)
        return Recognition("bitbucket", DISPLAY_NAME, None, "issuer", notes)
    if has_claim(claims, "stepUuid") and has_claim(claims, "repositoryUuid"):
        return Recognition("bitbucket", DISPLAY_NAME, None, "claims", (UNMATCHABLE_NOTE,))
    return None


_BRACED = rf"\{{{GUID}\}}|{GUID}"
_STEP_RE = re.compile(rf"({_BRACED}):({_BRACED})(?::({_BRACED}))?")


def parse_subject(subject: str) -> ParsedSubject | None:
    """bitbucket-step: {repo}:{step}, or {repo}:{deployment environment}:{step}."""
    match = _STEP_RE.fullmatch(subject)
    if match is None:
        return None
    repository = part("repository_uuid", match[1], "the repository's UUID")
    notes = [UNMATCHABLE_NOTE]
    if not all(value.startswith("{") for value in match.groups() if value):
        notes.append("Bitbucket writes its UUIDs in braces: {xxxxxxxx-...}.")
    if match[3] is None:
        step = part("step_uuid", match[2], "the step's UUID: new on every run")
        return ParsedSubject("bitbucket", "bitbucket-step", (repository, step), tuple(notes))
    notes.append("The order of the three UUIDs in deployment-step subjects is not confirmed.")
    parts = (
        repository,
        part("deployment_environment_uuid", match[2], "the deployment environment's UUID"),
        part("step_uuid", match[3], "the step's UUID: new on every run"),
    )
    return ParsedSubject("bitbucket", "bitbucket-step", parts, tuple(notes))


PLATFORM = Platform(
    id="bitbucket",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="not documented (reported as about 1 hour)",
    usual_lifetime_seconds=None,
    default_audience="ari:cloud:bitbucket::workspace/<workspace UUID>",
    docs=(
        "https://support.atlassian.com/bitbucket-cloud/docs/"
        "integrate-pipelines-with-resource-servers-using-oidc/",
    ),
)
