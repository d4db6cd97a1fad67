"""String literals for each snippet language, and the placeholders used when a value is unknown."""

from __future__ import annotations

import json
import shlex

from wifdoctor.core.setup.model import Target

CLIENT_ID_PLACEHOLDER = "<APP_CLIENT_ID>"
MI_NAME_PLACEHOLDER = "<IDENTITY_NAME>"
RG_PLACEHOLDER = "<RESOURCE_GROUP>"
MI_ID_PLACEHOLDER = (
    "/subscriptions/<SUBSCRIPTION_ID>/resourceGroups/<RESOURCE_GROUP>/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/<IDENTITY_NAME>"
)


def sh(value: str) -> str:
    return shlex.quote(value)


def hcl(value: str) -> str:
    """An HCL quoted string: JSON escapes, and ${ / %{ doubled so nothing is interpolated."""
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def bicep(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("${", "\\${")
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f"'{escaped}'"


def yaml(value: str) -> str:
    return json.dumps(value)


def is_mi(target: Target) -> bool:
    return target.kind == "managed-identity" or target.resource_id is not None


def client_id(target: Target) -> str:
    return target.client_id or CLIENT_ID_PLACEHOLDER


def mi_fields(target: Target) -> tuple[str, str, str]:
    """(resource ID, resource group, identity name), placeholders where unknown."""
    parts = target.mi_parts
    if parts is None or target.resource_id is None:
        return MI_ID_PLACEHOLDER, RG_PLACEHOLDER, MI_NAME_PLACEHOLDER
    return target.resource_id, parts[1], parts[2]
