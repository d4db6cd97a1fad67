"""HCP Terraform (US and EU) and Terraform Enterprise workload identity tokens.

Facts from reference/platform-tokens.md §2 (row 11) and §7 (HashiCorp docs).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import count_claims, part, slash_note
from wifdoctor.knowledge.platforms.base import (
    Claims,
    ParsedSubject,
    Platform,
    Recognition,
    SubjectPart,
)

DISPLAY_NAME = "HCP Terraform"
HCP_TERRAFORM = "https://app.terraform.io"
HCP_TERRAFORM_EU = "https://app.eu.terraform.io"
DEFAULT_PROJECT = "Default Project"
_CLAIM_SIGNALS = (
    "terraform_run_phase",
    "terraform_workspace_id",
    "terraform_organization_name",
    "terraform_full_workspace",
)

PHASES_NOTE = (
    "Plan and apply have different subjects: a run needs a credential for each phase (or one "
    "flexible credential matching run_phase:*)."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>",
    "aud": "TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE (default api://AzureADTokenExchange)",
    "terraform_organization_id": "the organisation's ID (org-...)",
    "terraform_organization_name": "the organisation's name",
    "terraform_project_id": "the project's ID (prj-...)",
    "terraform_project_name": "the project's name (the default one is 'Default Project')",
    "terraform_workspace_id": "the workspace's ID (ws-...)",
    "terraform_workspace_name": "the workspace's name",
    "terraform_full_workspace": "organization:<org>:project:<project>:workspace:<workspace>",
    "terraform_run_id": "the run's ID (run-...)",
    "terraform_run_phase": "plan or apply: each phase has its own subject",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """HCP Terraform (US/EU) by issuer; Terraform Enterprise by its claims or subject."""
    for real, variant, name in (
        (HCP_TERRAFORM, "hcp-terraform", DISPLAY_NAME),
        (HCP_TERRAFORM_EU, "hcp-terraform-eu", "HCP Terraform (EU)"),
    ):
        if issuer == real:
            return Recognition("terraform-cloud", name, variant, "issuer", (PHASES_NOTE,))
        if issuer == real + "/":
            notes = (slash_note(issuer, real), PHASES_NOTE)
            return Recognition("terraform-cloud", name, variant, "issuer", notes)
    tfe_notes = (
        "Terraform Enterprise must be reachable from the internet with a publicly trusted "
        "certificate for Entra to fetch its keys.",
        PHASES_NOTE,
    )
    if count_claims(claims, _CLAIM_SIGNALS) >= 1:
        return Recognition(
            "terraform-cloud", "Terraform Enterprise", "terraform-enterprise", "claims", tfe_notes
        )
    subject = claims.get("sub")
    if isinstance(subject, str) and _RUN_RE.fullmatch(subject):
        return Recognition(
            "terraform-cloud", "Terraform Enterprise", "terraform-enterprise", "subject", tfe_notes
        )
    return None


_RUN_RE = re.compile(
    r"organization:([^:]+):project:([^:]+):workspace:([^:]+)(?::run_phase:([^:]+))?"
)
_MODULE_RE = re.compile(r"organization:([^:]+):module:([^:]+):operation:([^:]+)")
_STACK_RE = re.compile(
    r"organization:([^:]+):project:([^:]+):stack:([^:]+):deployment:([^:]+):operation:([^:]+)"
)

_ORG = "the HCP Terraform organisation's name"
_PROJECT = "the project's name (names, not IDs: renaming or moving changes the subject)"


def _project_notes(project: str) -> list[str]:
    if project == DEFAULT_PROJECT:
        return ["The default project is literally 'Default Project', with a space."]
    if project.replace(" ", "").replace("-", "").replace("_", "").lower() == "defaultproject":
        return [f"{project!r} looks like the default project, which is spelled 'Default Project'."]
    return []


def _parse_run(match: re.Match[str]) -> ParsedSubject:
    org, project, workspace, phase = match.groups()
    parts: list[SubjectPart] = [
        part("organization", org, _ORG),
        part("project", project, _PROJECT),
        part("workspace", workspace, "the workspace's name"),
    ]
    notes = _project_notes(project)
    if phase is None:
        notes.append("No run_phase: run subjects always end with :run_phase:plan or :apply.")
    else:
        parts.append(part("run_phase", phase, "the run phase, plan or apply"))
        if phase not in ("plan", "apply"):
            notes.append(f"The run phase is plan or apply, not {phase!r}.")
        notes.append(PHASES_NOTE)
    return ParsedSubject("terraform-cloud", "terraform-workspace-run", tuple(parts), tuple(notes))


def parse_subject(subject: str) -> ParsedSubject | None:
    """terraform-workspace-run, terraform-module-test or terraform-stack."""
    match = _RUN_RE.fullmatch(subject)
    if match:
        return _parse_run(match)
    match = _MODULE_RE.fullmatch(subject)
    if match:
        return ParsedSubject(
            "terraform-cloud",
            "terraform-module-test",
            (
                part("organization", match[1], _ORG),
                part("module", match[2], "the private registry module being tested"),
                part("operation", match[3], "the operation (test_run for terraform test)"),
            ),
        )
    match = _STACK_RE.fullmatch(subject)
    if match:
        return ParsedSubject(
            "terraform-cloud",
            "terraform-stack",
            (
                part("organization", match[1], _ORG),
                part("project", match[2], _PROJECT),
                part("stack", match[3], "the stack's name"),
                part("deployment", match[4], "the stack deployment's name"),
                part("operation", match[5], "the operation, plan or apply"),
            ),
            tuple(_project_notes(match[2])),
        )
    return None


PLATFORM = Platform(
    id="terraform-cloud",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="until the end of the run phase (the docs' example shows 5 minutes)",
    usual_lifetime_seconds=None,
    default_audience="api://AzureADTokenExchange",
    docs=(
        "https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/"
        "workload-identity-tokens",
        "https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/"
        "azure-configuration",
        "https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/"
        "manual-generation",
    ),
)
