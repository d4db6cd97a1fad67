"""GitLab CI/CD ID tokens (gitlab.com and self-managed instances).

Facts from reference/platform-tokens.md §2 (row 8) and §5 (GitLab docs and merge requests).
"""

from __future__ import annotations

from wifdoctor.knowledge.platforms._common import count_claims, part, slash_note
from wifdoctor.knowledge.platforms.base import (
    Claims,
    ParsedSubject,
    Platform,
    Recognition,
    SubjectPart,
)

DISPLAY_NAME = "GitLab CI/CD"
GITLAB_COM = "https://gitlab.com"
_CLAIM_SIGNALS = ("project_path", "namespace_id", "ci_config_ref_uri", "pipeline_source")

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the subject: project_path:<group/project>:ref_type:<branch|tag>:ref:<name> unless "
    "the project customised its components",
    "aud": "the audience set under id_tokens in .gitlab-ci.yml (there is no default)",
    "namespace_id": "the ID of the group or user namespace of the project",
    "namespace_path": "the group or user namespace of the project",
    "project_id": "the project's numeric ID",
    "project_path": "the project's full path, group/subgroup/project",
    "user_id": "the ID of the user who triggered the job",
    "user_login": "the username of the user who triggered the job",
    "user_email": "the e-mail address of the user who triggered the job",
    "user_identities": "the external identities linked to the user",
    "user_access_level": "the user's access level in the project",
    "pipeline_id": "the pipeline's ID",
    "pipeline_source": "what started the pipeline (push, merge_request_event, schedule, web, ...)",
    "job_id": "the job's ID",
    "ref": "the branch or tag name, without refs/heads/ or refs/tags/",
    "ref_type": "branch or tag",
    "ref_path": "the full ref (refs/heads/main, refs/tags/v1)",
    "ref_protected": 'whether the ref is protected ("true"/"false")',
    "environment": "the environment the job deploys to (not part of the default subject)",
    "environment_protected": "whether the environment is protected",
    "deployment_tier": "the environment's tier (production, staging, ...)",
    "environment_action": "what the job does to the environment (start, stop, ...)",
    "runner_id": "the ID of the runner that ran the job",
    "runner_environment": "gitlab-hosted or self-hosted runner",
    "sha": "the commit the job runs for",
    "ci_config_ref_uri": "the CI configuration file and ref that defined the job",
    "ci_config_sha": "the commit of the CI configuration file",
    "project_visibility": "public, internal or private",
    "groups_direct": "up to 200 groups the user is a direct member of",
    "job_project_id": "the ID of the project running the job (differs for fork pipelines)",
    "job_project_path": "the path of the project running the job (differs for fork pipelines)",
    "job_namespace_id": "the namespace ID of the project running the job",
    "job_namespace_path": "the namespace path of the project running the job",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """gitlab.com by issuer; any instance by GitLab's claims or a project_path subject."""
    if issuer == GITLAB_COM:
        return Recognition("gitlab", DISPLAY_NAME, "gitlab-com", "issuer")
    if issuer == GITLAB_COM + "/":
        return Recognition(
            "gitlab", DISPLAY_NAME, "gitlab-com", "issuer", (slash_note(issuer, GITLAB_COM),)
        )
    instance = f"GitLab instance {issuer}" if issuer else "A GitLab instance"
    reach = f"{instance}: Entra must reach its discovery document and keys from the internet."
    if count_claims(claims, _CLAIM_SIGNALS) >= 2:
        return Recognition("gitlab", "GitLab (self-managed)", "self-managed", "claims", (reach,))
    subject = claims.get("sub")
    if isinstance(subject, str) and subject.startswith("project_path:"):
        return Recognition("gitlab", "GitLab (self-managed)", "self-managed", "subject", (reach,))
    return None


# The components a project may put in its subject (ci_id_token_sub_claim_components); the later
# additions beyond project_path, ref_type, ref and project_id are [unverified], so any GitLab claim
# name is accepted as a key.
_FIRST_KEYS = frozenset({"project_path", "project_id"})
_KEYS = frozenset(CLAIM_EXPLANATIONS) - {"sub", "aud"}


def _pairs(subject: str) -> list[tuple[str, str]] | None:
    segments = subject.split(":")
    if len(segments) % 2 or segments[0] not in _FIRST_KEYS:
        return None
    pairs = list(zip(segments[::2], segments[1::2], strict=True))
    if any(key not in _KEYS for key, _ in pairs):
        return None
    return pairs


def parse_subject(subject: str) -> ParsedSubject | None:
    """gitlab-default (project_path:P:ref_type:T:ref:R) or gitlab-custom (other components)."""
    pairs = _pairs(subject)
    if pairs is None:
        return None
    parts: list[SubjectPart] = [part(key, value, CLAIM_EXPLANATIONS[key]) for key, value in pairs]
    keys = [key for key, _ in pairs]
    notes: list[str] = []
    ref = dict(pairs).get("ref", "")
    if ref.startswith("refs/"):
        notes.append("GitLab's ref is the short name (main), not refs/heads/main as on GitHub.")
    ref_type = dict(pairs).get("ref_type")
    if ref_type is not None and ref_type not in ("branch", "tag"):
        notes.append(f"ref_type is 'branch' or 'tag', not {ref_type!r}.")
    if keys == ["project_path", "ref_type", "ref"]:
        return ParsedSubject("gitlab", "gitlab-default", tuple(parts), tuple(notes))
    notes.append(
        "The project customised its subject (ci_id_token_sub_claim_components); read it with "
        "GET /projects/:id."
    )
    return ParsedSubject("gitlab", "gitlab-custom", tuple(parts), tuple(notes))


PLATFORM = Platform(
    id="gitlab",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="the job's timeout (5 minutes when the job has none)",
    usual_lifetime_seconds=3600,
    default_audience=None,
    docs=(
        "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
        "https://docs.gitlab.com/ci/yaml/#id_tokens",
        "https://docs.gitlab.com/api/projects/",
    ),
)
