"""The exact request: Graph for an app registration (v1.0; beta for flexible expressions), ARM
for a user-assigned managed identity (PUT is create-or-update)."""

from __future__ import annotations

import json
from urllib.parse import quote

from wifdoctor.core.setup.model import Proposal, ProposedCredential, Target
from wifdoctor.core.setup.snippets.quoting import client_id, is_mi, mi_fields
from wifdoctor.knowledge.clouds import cloud_by_id
from wifdoctor.knowledge.setup_tools import ARM_FIC_API_VERSION


def request(credential: ProposedCredential, target: Target) -> tuple[str, str, dict[str, object]]:
    """(method, URL, JSON body) of the write that creates this credential."""
    cloud = cloud_by_id(target.cloud)
    if is_mi(target):
        resource_id, _, _ = mi_fields(target)
        url = (
            f"{cloud.arm_url}{resource_id}/federatedIdentityCredentials/"
            f"{quote(credential.name, safe='')}?api-version={ARM_FIC_API_VERSION}"
        )
        properties = {
            "issuer": credential.issuer,
            "subject": credential.subject,
            "audiences": list(credential.audiences),
        }
        return "PUT", url, {"properties": properties}
    version = "beta" if credential.expression is not None else "v1.0"
    url = (
        f"{cloud.graph_url}/{version}/applications(appId='{client_id(target)}')"
        "/federatedIdentityCredentials"
    )
    if credential.replaces is not None:  # names are immutable: PATCH the rest in place
        body = {key: value for key, value in credential.as_dict().items() if key != "name"}
        return "PATCH", f"{url}(name='{quote(credential.replaces, safe='')}')", body
    return "POST", url, credential.as_dict()


def render(proposal: Proposal) -> str:
    blocks = []
    for credential in proposal.credentials:
        method, url, body = request(credential, proposal.target)
        blocks.append(
            f"{method} {url}\nContent-Type: application/json\n\n{json.dumps(body, indent=2)}\n"
        )
    return "\n".join(blocks)
