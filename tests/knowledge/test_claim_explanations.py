"""Every claim the reference lists for a platform has a one-line explanation."""

from __future__ import annotations

import pytest

from tests.knowledge import platform_examples as ex
from wifdoctor.knowledge.platforms import (
    PLATFORMS,
    STANDARD_CLAIM_EXPLANATIONS,
    explain_claim,
)
from wifdoctor.knowledge.platforms.base import PlatformId

LISTED_CLAIMS: dict[PlatformId, tuple[str, ...]] = {
    "github-actions": (
        "actor",
        "actor_id",
        "base_ref",
        "head_ref",
        "check_run_id",
        "enterprise",
        "enterprise_id",
        "environment",
        "event_name",
        "job_workflow_ref",
        "job_workflow_sha",
        "ref",
        "ref_type",
        "ref_protected",
        "repository",
        "repository_id",
        "repository_owner",
        "repository_owner_id",
        "repository_visibility",
        "run_id",
        "run_number",
        "run_attempt",
        "runner_environment",
        "sha",
        "workflow",
        "workflow_ref",
        "workflow_sha",
    ),
    "azure-devops": (
        "azp",
        "azpacr",
        "idtyp",
        "oid",
        "tid",
        "uti",
        "ver",
        "rh",
        "aio",
        "xms_ficinfo",
        "xms_idrel",
        "org_id",
        "prj_id",
        "def_id",
        "rpo_id",
        "rpo_uri",
        "rpo_ver",
        "rpo_ref",
        "run_id",
    ),
    "gitlab": (
        "namespace_id",
        "namespace_path",
        "project_id",
        "project_path",
        "user_id",
        "user_login",
        "user_email",
        "user_identities",
        "user_access_level",
        "pipeline_id",
        "pipeline_source",
        "job_id",
        "ref",
        "ref_type",
        "ref_path",
        "ref_protected",
        "environment",
        "environment_protected",
        "deployment_tier",
        "environment_action",
        "runner_id",
        "runner_environment",
        "sha",
        "ci_config_ref_uri",
        "ci_config_sha",
        "project_visibility",
        "groups_direct",
        "job_project_id",
        "job_project_path",
        "job_namespace_id",
        "job_namespace_path",
    ),
    "kubernetes": ("kubernetes.io",),
    "terraform-cloud": (
        "terraform_organization_id",
        "terraform_organization_name",
        "terraform_project_id",
        "terraform_project_name",
        "terraform_workspace_id",
        "terraform_workspace_name",
        "terraform_full_workspace",
        "terraform_run_id",
        "terraform_run_phase",
    ),
    "bitbucket": (
        "stepUuid",
        "pipelineUuid",
        "repositoryUuid",
        "workspaceUuid",
        "branchName",
        "deploymentEnvironmentUuid",
        "accountUuid",
    ),
    "circleci": (
        "oidc.circleci.com/project-id",
        "oidc.circleci.com/context-ids",
        "oidc.circleci.com/vcs-origin",
        "oidc.circleci.com/vcs-ref",
        "oidc.circleci.com/ssh-rerun",
        "oidc.circleci.com/org-id",
        "oidc.circleci.com/pipeline-definition-id",
    ),
    "buildkite": (
        "organization_slug",
        "pipeline_slug",
        "build_number",
        "build_branch",
        "build_tag",
        "build_commit",
        "build_source",
        "step_key",
        "job_id",
        "agent_id",
        "runner_environment",
        "organization_id",
        "pipeline_id",
        "build_id",
        "cluster_id",
        "cluster_name",
        "queue_id",
        "queue_key",
    ),
    "google": ("azp", "email", "email_verified", "google"),
    "aws": ("https://sts.amazonaws.com/", "amr"),
    "spiffe": ("sub",),
    "jenkins": ("build_number",),
    "entra-managed-identity": (
        "xms_mirid",
        "azp",
        "azpacr",
        "oid",
        "tid",
        "idtyp",
        "ver",
        "uti",
        "rh",
        "aio",
    ),
}

EXAMPLES: dict[PlatformId, dict[str, object]] = {
    "github-actions": ex.GITHUB,
    "azure-devops": ex.ADO_ENTRA,
    "gitlab": ex.GITLAB,
    "kubernetes": ex.AKS,
    "terraform-cloud": ex.TERRAFORM,
    "bitbucket": ex.BITBUCKET,
    "circleci": ex.CIRCLECI,
    "buildkite": ex.BUILDKITE,
    "google": ex.GOOGLE,
    "aws": ex.AWS_OUTBOUND,
    "spiffe": ex.SPIFFE,
    "jenkins": ex.JENKINS,
    "entra-managed-identity": ex.MANAGED_IDENTITY,
}


def test_every_platform_is_covered_here() -> None:
    assert {p.id for p in PLATFORMS} == set(LISTED_CLAIMS) == set(EXAMPLES)


@pytest.mark.parametrize("platform", [p.id for p in PLATFORMS])
def test_listed_claims_have_platform_explanations(platform: PlatformId) -> None:
    own = next(p for p in PLATFORMS if p.id == platform).claim_explanations
    missing = [name for name in LISTED_CLAIMS[platform] if name not in own]
    assert missing == []


@pytest.mark.parametrize("platform", [p.id for p in PLATFORMS])
def test_every_claim_of_the_examples_is_explained(platform: PlatformId) -> None:
    for name, value in EXAMPLES[platform].items():
        text = explain_claim(name, value, platform)
        assert text, (platform, name)
        assert "\n" not in text


def test_explanations_are_single_lines() -> None:
    texts = [*STANDARD_CLAIM_EXPLANATIONS.values()]
    for platform in PLATFORMS:
        texts += platform.claim_explanations.values()
    assert all(text and "\n" not in text and len(text) < 200 for text in texts)


def test_standard_claims() -> None:
    for name in (
        "iss",
        "sub",
        "aud",
        "exp",
        "nbf",
        "iat",
        "jti",
        "azp",
        "oid",
        "tid",
        "ver",
        "idtyp",
    ):
        assert STANDARD_CLAIM_EXPLANATIONS[name]
        assert explain_claim(name, None, None) == STANDARD_CLAIM_EXPLANATIONS[name]
    assert explain_claim("no_such_claim", "x", None) is None
    assert explain_claim("no_such_claim", "x", "github-actions") is None


def test_platform_explanation_beats_the_standard_one() -> None:
    google = explain_claim("azp", "112233445566778899001", "google")
    assert google is not None and "service account" in google
    assert explain_claim("sub", "x", "kubernetes") != STANDARD_CLAIM_EXPLANATIONS["sub"]


def test_repo_property_claims() -> None:
    for platform in ("github-actions", None):
        text = explain_claim("repo_property_team", "payments", platform)
        assert text is not None and "team" in text
    assert explain_claim("repo_property_", "x", "github-actions") is None
    assert explain_claim("agent_tag:queue", "x", "buildkite") is not None


def test_platform_specific_claims_are_found_without_a_platform() -> None:
    text = explain_claim("terraform_run_phase", "apply", None)
    assert text is not None and "plan or apply" in text
    assert explain_claim("terraform_run_phase", "apply", "unknown") == text


def test_value_aware_remarks() -> None:
    text = explain_claim("aud", ex.EXCHANGE_APP, None)
    assert text is not None and "api://AzureADTokenExchange" in text
    listed = explain_claim("aud", [ex.EXCHANGE_APP], "github-actions")
    assert listed is not None and "fb60f99c" in listed
    ado = explain_claim("azp", ex.ADO_APP, None)
    assert ado is not None and "Azure DevOps" in ado


def test_junk_does_not_raise() -> None:
    assert explain_claim(5, "x", None) is None  # type: ignore[arg-type]
    assert explain_claim("aud", {"x": [1]}, "nope") is not None  # type: ignore[arg-type]
