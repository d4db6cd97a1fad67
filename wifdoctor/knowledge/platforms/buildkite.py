"""Buildkite agent OIDC tokens.

Facts from reference/platform-tokens.md §2 (row 14) and §10 (Buildkite docs, agent PR #3784).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import count_claims, is_guid, part, slash_note
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "Buildkite"
ISSUER = "https://agent.buildkite.com"
_CLAIM_SIGNALS = ("organization_slug", "pipeline_slug", "step_key", "build_commit")

COMMIT_NOTE = (
    "The default subject holds the commit SHA, so it changes on every commit and no federated "
    "credential can match it; request the token with --subject-claim pipeline_id."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "organization:<org>:pipeline:<pipeline>:ref:<ref>:commit:<sha>:step:<key> by default; "
    "the pipeline UUID with --subject-claim pipeline_id",
    "aud": "the audience (default https://buildkite.com/<organization slug>)",
    "organization_slug": "the organisation's slug",
    "pipeline_slug": "the pipeline's slug",
    "build_number": "the build's number",
    "build_branch": "the branch being built",
    "build_tag": "the tag being built (null when not a tag)",
    "build_commit": "the commit being built",
    "build_source": "what started the build (ui, api, webhook, trigger_job, schedule)",
    "step_key": "the step's key (null when the step has none)",
    "job_id": "the job's UUID",
    "agent_id": "the UUID of the agent running the job",
    "runner_environment": "buildkite-hosted or self-hosted agent",
    "organization_id": "the organisation's UUID (requested with --claim)",
    "pipeline_id": "the pipeline's UUID (requested with --claim); the subject for Azure",
    "build_id": "the build's UUID (requested with --claim)",
    "cluster_id": "the cluster's UUID (requested with --claim)",
    "cluster_name": "the cluster's name (requested with --claim)",
    "queue_id": "the queue's UUID (requested with --claim)",
    "queue_key": "the queue's key (requested with --claim)",
}


def explain_agent_tag(name: str) -> str | None:
    """The explanation of an `agent_tag:<NAME>` claim, or None for other names."""
    prefix = "agent_tag:"
    if not name.startswith(prefix) or len(name) == len(prefix):
        return None
    return f"the agent's tag '{name[len(prefix) :]}' (requested with --claim)"


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """Buildkite's issuer, else its organization_slug / pipeline_slug / step_key claims."""
    subject = claims.get("sub")
    notes: tuple[str, ...] = ()
    if isinstance(subject, str) and subject.startswith("organization:") and ":commit:" in subject:
        notes = (COMMIT_NOTE,)
    if issuer == ISSUER:
        return Recognition("buildkite", DISPLAY_NAME, None, "issuer", notes)
    if issuer == ISSUER + "/":
        return Recognition(
            "buildkite", DISPLAY_NAME, None, "issuer", (slash_note(issuer, ISSUER), *notes)
        )
    if count_claims(claims, _CLAIM_SIGNALS) >= 2:
        return Recognition("buildkite", DISPLAY_NAME, None, "claims", notes)
    return None


_DEFAULT_RE = re.compile(
    r"organization:([^:]+):pipeline:([^:]+):ref:([^:]+):commit:([^:]+):step:([^:]*)"
)


def parse_subject(subject: str) -> ParsedSubject | None:
    """buildkite-default: organization:O:pipeline:P:ref:R:commit:C:step:S."""
    match = _DEFAULT_RE.fullmatch(subject)
    if match is None:
        return None
    parts = (
        part("organization", match[1], "the organisation's slug"),
        part("pipeline", match[2], "the pipeline's slug"),
        part("ref", match[3], "the ref being built (refs/heads/<branch> or refs/tags/<tag>)"),
        part("commit", match[4], "the commit being built: changes on every commit"),
        part("step", match[5], "the step's key (empty when the step has none)"),
    )
    return ParsedSubject("buildkite", "buildkite-default", parts, (COMMIT_NOTE,))


def parse_pipeline_id_subject(subject: str) -> ParsedSubject | None:
    """buildkite-pipeline-id: a bare pipeline UUID (--subject-claim pipeline_id).

    A bare UUID could be anything, so this is tried only when the platform is known to be
    Buildkite.
    """
    if not is_guid(subject):
        return None
    parts = (part("pipeline_id", subject, "the pipeline's UUID (BUILDKITE_PIPELINE_ID)"),)
    return ParsedSubject("buildkite", "buildkite-pipeline-id", parts)


PLATFORM = Platform(
    id="buildkite",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="5 minutes (--lifetime changes it)",
    usual_lifetime_seconds=300,
    default_audience="https://buildkite.com/<organization slug>",
    docs=(
        "https://buildkite.com/docs/agent/v3/cli-oidc",
        "https://buildkite.com/docs/pipelines/security/oidc/azure",
    ),
)
