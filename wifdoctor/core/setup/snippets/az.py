"""az CLI: ``az ad app federated-credential create`` for apps (Graph), ``az identity
federated-credential create`` for managed identities (ARM); flexible expressions through ``az rest``
on Graph beta, since ``az ad app`` cannot send them (Azure/azure-cli#32816)."""

from __future__ import annotations

import json

from wifdoctor.core.setup.model import Proposal, ProposedCredential
from wifdoctor.core.setup.snippets.quoting import client_id, is_mi, mi_fields, sh
from wifdoctor.knowledge.setup_tools import AZ_APP_CREATE, AZ_MI_CREATE


def _app(credential: ProposedCredential, app: str) -> str:
    body = json.dumps(credential.as_dict(), indent=2)
    if credential.expression is not None:
        uri = f"https://graph.microsoft.com/beta/applications(appId='{app}')/federatedIdentityCredentials"
        return f"az rest --method POST --uri {sh(uri)} \\\n  --body {sh(body)}"
    return f"{AZ_APP_CREATE} --id {sh(app)} --parameters {sh(body)}"


def _mi(credential: ProposedCredential, group: str, name: str) -> str:
    lines = [
        f"{AZ_MI_CREATE} --name {sh(credential.name)}",
        f"  --identity-name {sh(name)} --resource-group {sh(group)}",
        f"  --issuer {sh(credential.issuer)}",
        f"  --subject {sh(credential.subject or '')}",
        f"  --audiences {sh(credential.audience)}",
    ]
    return " \\\n".join(lines)


def render(proposal: Proposal) -> str:
    """One command per credential; for a managed identity, one after the other (never in
    parallel: ARM refuses concurrent writes to one identity)."""
    if is_mi(proposal.target):
        _, group, name = mi_fields(proposal.target)
        commands = [_mi(credential, group, name) for credential in proposal.credentials]
    else:
        app = client_id(proposal.target)
        commands = [_app(credential, app) for credential in proposal.credentials]
    return "\n\n".join(commands) + "\n"
