"""Bicep: a loop over the identity's credentials with ``@batchSize(1)`` for a managed identity
(ARM refuses concurrent writes, 409), the Microsoft Graph extension for an app registration."""

from __future__ import annotations

from wifdoctor.core.setup.model import Proposal, ProposedCredential
from wifdoctor.core.setup.snippets.quoting import bicep, client_id, is_mi, mi_fields
from wifdoctor.knowledge.setup_tools import (
    BICEP_GRAPH_EXTENSION,
    BICEP_MI_API_VERSION,
    BICEP_MI_FLEXIBLE_API_VERSION,
)

_MI_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities"


def _item(credential: ProposedCredential) -> str:
    return (
        "  {\n"
        f"    name: {bicep(credential.name)}\n"
        f"    issuer: {bicep(credential.issuer)}\n"
        f"    subject: {bicep(credential.subject or '')}\n"
        f"    audiences: [ {bicep(credential.audience)} ]\n"
        "  }"
    )


def _mi(proposal: Proposal) -> str:
    _, _, name = mi_fields(proposal.target)
    version = BICEP_MI_API_VERSION
    if any(credential.expression for credential in proposal.credentials):
        version = BICEP_MI_FLEXIBLE_API_VERSION
    items = "\n".join(_item(credential) for credential in proposal.credentials)
    return (
        f"resource uami '{_MI_TYPE}@{version}' existing = {{\n"
        f"  name: {bicep(name)}\n"
        "}\n\n"
        f"var credentials = [\n{items}\n]\n\n"
        "// One at a time: ARM answers 409 to concurrent writes under one managed identity.\n"
        "@batchSize(1)\n"
        f"resource fics '{_MI_TYPE}/federatedIdentityCredentials@{version}' = "
        "[for c in credentials: {\n"
        "  parent: uami\n"
        "  name: c.name\n"
        "  properties: {\n"
        "    issuer: c.issuer\n"
        "    subject: c.subject\n"
        "    audiences: c.audiences\n"
        "  }\n"
        "}]\n"
    )


def _app(proposal: Proposal) -> str:
    blocks = [
        f"extension '{BICEP_GRAPH_EXTENSION}'\n",
        "// The application as your Bicep declares it (its uniqueName); client ID "
        f"{client_id(proposal.target)}.\n"
        "resource app 'Microsoft.Graph/applications@v1.0' existing = {\n"
        "  uniqueName: '<APP_UNIQUE_NAME>'\n"
        "}\n",
    ]
    for index, credential in enumerate(proposal.credentials):
        third = (
            f"  claimsMatchingExpression: {{\n    value: {bicep(credential.expression)}\n"
            "    languageVersion: 1\n  }\n"
            if credential.expression
            else f"  subject: {bicep(credential.subject or '')}\n"
        )
        blocks.append(
            f"resource fic{index} 'Microsoft.Graph/applications/federatedIdentityCredentials"
            "@v1.0' = {\n"
            f"  name: '${{app.uniqueName}}/{credential.name}'\n"
            f"  issuer: {bicep(credential.issuer)}\n"
            f"{third}"
            f"  audiences: [ {bicep(credential.audience)} ]\n"
            "}\n"
        )
    return "\n".join(blocks)


def render(proposal: Proposal) -> str:
    return _mi(proposal) if is_mi(proposal.target) else _app(proposal)
