"""The inputs each platform asks for, in order, with the check each one gets as it is typed.

The wizard draws a form from these; the engine's builders read the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wifdoctor.core.setup import validate
from wifdoctor.core.setup.build_github import ENTITIES
from wifdoctor.core.setup.model import SetupPlatform

PLATFORM_LABELS: dict[SetupPlatform, str] = {
    "github-actions": "GitHub Actions",
    "azure-devops": "Azure DevOps",
    "kubernetes": "Kubernetes (AKS or other)",
    "gitlab": "GitLab",
    "terraform-cloud": "HCP Terraform",
    "other": "Other issuer",
}


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    placeholder: str = ""
    check: validate.Check | None = None
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str = ""


_NAME = FieldSpec("name", "Credential name (optional)", "generated when empty")

FIELDS: dict[SetupPlatform, tuple[FieldSpec, ...]] = {
    "github-actions": (
        FieldSpec("repo", "Repository", "OWNER/REPO", validate.github_repo, True),
        FieldSpec("entity", "Runs for", choices=ENTITIES, default="branch"),
        FieldSpec("value", "Branch, tag or environment", "main"),
        FieldSpec("owner_id", "Owner ID (immutable subject)", "6844498", validate.digits),
        FieldSpec("repo_id", "Repository ID (immutable subject)", "117169328", validate.digits),
        FieldSpec("claim_keys", "Custom template (include_claim_keys)", '["repo","context"]'),
        FieldSpec("enterprise", "Enterprise issuer slug", "", validate.enterprise_slug),
        _NAME,
    ),
    "azure-devops": (
        FieldSpec("generation", "Issuer", choices=("entra", "vstoken"), default="entra"),
        FieldSpec("organization_id", "Organisation ID", "GUID", validate.guid, True),
        FieldSpec("tenant_id", "Tenant ID (Entra issuer)", "GUID", validate.guid),
        FieldSpec(
            "service_connection_id", "Service connection ID (Entra issuer)", "GUID", validate.guid
        ),
        FieldSpec("organization", "Organisation name (vstoken)", "contoso", validate.ado_name),
        FieldSpec("project", "Project name (vstoken)", "payments", validate.ado_name),
        FieldSpec(
            "service_connection",
            "Service connection name (vstoken)",
            "payments-prod",
            validate.ado_name,
        ),
        _NAME,
    ),
    "kubernetes": (
        FieldSpec(
            "issuer",
            "Cluster OIDC issuer, exactly as reported",
            "https://...",
            validate.https_url,
            True,
        ),
        FieldSpec("namespace", "Namespace", "payments", validate.k8s_namespace, True),
        FieldSpec(
            "service_account", "Service account", "payments-api", validate.k8s_service_account, True
        ),
        _NAME,
    ),
    "gitlab": (
        FieldSpec("issuer", "GitLab URL", "https://gitlab.com", validate.https_url),
        FieldSpec(
            "project_path", "Project path", "group/subgroup/project", validate.gitlab_project, True
        ),
        FieldSpec("ref_type", "Ref type", choices=("branch", "tag"), default="branch"),
        FieldSpec("ref", "Ref (short name)", "main", validate.gitlab_ref, True),
        _NAME,
    ),
    "terraform-cloud": (
        FieldSpec("issuer", "Issuer", "https://app.terraform.io", validate.https_url),
        FieldSpec("organization", "Organisation", "contoso", validate.tfc_name, True),
        FieldSpec("project", "Project", "Default Project", validate.tfc_name),
        FieldSpec("workspace", "Workspace", "payments-prod", validate.tfc_name, True),
        FieldSpec("run_phase", "Run phase", choices=("both", "plan", "apply"), default="both"),
        _NAME,
    ),
    "other": (
        FieldSpec("issuer", "Issuer", "https://...", validate.https_url, True),
        FieldSpec("subject", "Subject", "", validate.free_text, True),
        _NAME,
    ),
}

_VALUE_CHECKS: dict[str, validate.Check] = {
    "branch": validate.github_branch,
    "tag": validate.github_tag,
    "environment": validate.github_environment,
}


def check_field(
    platform: SetupPlatform, key: str, value: str, values: Mapping[str, str]
) -> str | None:
    """The problem with one value as typed, or None. Empty optional fields are fine."""
    spec = next((s for s in FIELDS[platform] if s.key == key), None)
    if spec is None:
        return None
    if not value:
        return "required" if spec.required else None
    if spec.choices:
        return None if value in spec.choices else f"one of {', '.join(spec.choices)}"
    if platform == "github-actions" and key == "value":
        entity = values.get("entity") or "branch"
        check = _VALUE_CHECKS.get(entity)
        return None if check is None else check(value)
    if key == "claim_keys":
        return validate.claim_keys(value)[1]
    if key == "name":
        return validate.credential_name(value)
    return spec.check(value) if spec.check else None
