"""Terraform, per provider major version, with the attribute names each one uses
(knowledge.setup_tools): azuread v3 for app registrations, azurerm v5 (and v4) for managed
identities."""

from __future__ import annotations

from wifdoctor.core.setup.model import Proposal, ProposedCredential
from wifdoctor.core.setup.names import safe_name
from wifdoctor.core.setup.snippets.quoting import client_id, hcl, is_mi, mi_fields
from wifdoctor.knowledge.setup_tools import (
    TERRAFORM_AZUREAD,
    TERRAFORM_AZUREAD_FLEXIBLE,
    TERRAFORM_AZURERM_V4,
    TERRAFORM_AZURERM_V5,
    TerraformResource,
)


def _block(header: str, attributes: list[tuple[str, str]]) -> list[str]:
    """A block with its '=' aligned, as terraform fmt writes it."""
    width = max(len(key) for key, _ in attributes)
    return [f"{header} {{", *(f"  {key.ljust(width)} = {value}" for key, value in attributes), "}"]


def _label(credential: ProposedCredential) -> str:
    return safe_name(credential.name).replace("-", "_")


def _providers(resource: TerraformResource) -> str:
    return (
        "terraform {\n  required_providers {\n"
        f"    {resource.provider} = {{\n"
        f'      source  = "hashicorp/{resource.provider}"\n'
        f'      version = "~> {resource.major}.0"\n'
        "    }\n  }\n}\n"
    )


def _audience(resource: TerraformResource, credential: ProposedCredential) -> str:
    value = hcl(credential.audience)
    return f"[{value}]" if resource.audience_is_list else value


def _app(proposal: Proposal) -> str:
    lines = [
        _providers(TERRAFORM_AZUREAD),
        *_block(
            'data "azuread_application" "target"', [("client_id", hcl(client_id(proposal.target)))]
        ),
    ]
    for credential in proposal.credentials:
        flexible = credential.expression is not None
        resource = TERRAFORM_AZUREAD_FLEXIBLE if flexible else TERRAFORM_AZUREAD
        attributes = [
            (resource.parent, "data.azuread_application.target.id"),
            (resource.name, hcl(credential.name)),
            ("description", hcl(credential.description or "")),
            ("issuer", hcl(credential.issuer)),
        ]
        if flexible and resource.expression:
            attributes.append((resource.expression, hcl(credential.expression or "")))
        else:
            attributes.append(("subject", hcl(credential.subject or "")))
        attributes.append((resource.audience, _audience(resource, credential)))
        header = f'resource "{resource.resource_type}" "{_label(credential)}"'
        lines += ["", *_block(header, attributes)]
    return "\n".join(lines) + "\n"


def _mi(proposal: Proposal, resource: TerraformResource) -> str:
    resource_id, group, _ = mi_fields(proposal.target)
    lines = [_providers(resource)]
    if resource.major >= 4:
        lines.append(f'provider "{resource.provider}" {{\n  features {{}}\n}}')
    for credential in proposal.credentials:
        attributes = [(resource.name, hcl(credential.name))]
        if "resource_group_name" in resource.extra:
            attributes.append(("resource_group_name", hcl(group)))
        attributes += [
            (resource.parent, hcl(resource_id)),
            ("issuer", hcl(credential.issuer)),
            ("subject", hcl(credential.subject or "")),
            (resource.audience, _audience(resource, credential)),
        ]
        header = f'resource "{resource.resource_type}" "{_label(credential)}"'
        lines += ["", *_block(header, attributes)]
    return "\n".join(lines) + "\n"


def render_all(proposal: Proposal) -> dict[str, str]:
    """``terraform`` for the current major version; for a managed identity also
    ``terraform-azurerm-v4`` (v4 names the identity parent_id and needs resource_group_name)."""
    if is_mi(proposal.target):
        return {
            "terraform": _mi(proposal, TERRAFORM_AZURERM_V5),
            "terraform-azurerm-v4": _mi(proposal, TERRAFORM_AZURERM_V4),
        }
    return {"terraform": _app(proposal)}
