"""Federated identity credentials (FICs) as the tools people already have print them.

Shapes read, detected by shape (docs/cli.md):
- ``az ad app federated-credential list``: an array of ``{name, issuer, subject, audiences, ...}``;
- ``az identity federated-credential list`` / ARM: values under ``properties`` (or flattened by az);
- a Graph response ``{"value": [...]}``, v1.0 or beta with ``claimsMatchingExpression``;
- a single FIC object of any of those shapes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from wifdoctor.core.claim_values import replace_surrogates
from wifdoctor.core.errors import CredentialsError, check_size

IdentityKind = Literal["application", "managed-identity"]
_ARM_FIC_TYPE = "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials"


@dataclass(frozen=True)
class FederatedCredential:
    """One FIC. ``expression`` is set for flexible FICs (``claimsMatchingExpression.value``)."""

    name: str | None
    issuer: str | None
    subject: str | None
    audiences: tuple[str, ...]
    description: str | None = None
    id: str | None = None
    expression: str | None = None
    language_version: int | None = None
    identity_kind: IdentityKind | None = None  # known from the shape (ARM = managed identity)
    source: str = "unknown"  # "graph", "az-ad-app", "arm", "az-identity", "form", ...

    @property
    def is_flexible(self) -> bool:
        return self.expression is not None

    @property
    def label(self) -> str:
        """How to name this credential to a user."""
        return self.name or self.id or "(unnamed credential)"


def load_credentials(text: str) -> list[FederatedCredential]:
    """Read FICs from JSON text. Raises CredentialsError (a WifdoctorError) with the reason."""
    check_size(text, what="credentials file")
    stripped = text.strip().lstrip("\ufeff")
    if not stripped:
        raise CredentialsError("The credentials file is empty.", hint=_SHAPES_HINT)
    try:
        data = json.loads(stripped)
    except RecursionError as exc:
        raise CredentialsError("The credentials JSON is nested too deeply to read.") from exc
    except ValueError as exc:
        raise CredentialsError(
            f"The credentials file is not valid JSON: {_json_reason(exc)}."
        ) from exc
    items = _items(data)
    credentials = [_credential(item, index) for index, item in enumerate(items)]
    return credentials


_SHAPES_HINT = (
    "Save the output of `az ad app federated-credential list --id <app>`, "
    "`az identity federated-credential list`, or a Graph federatedIdentityCredentials response."
)


def _json_reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return str(exc)


def _items(data: object) -> list[Mapping[str, Any]]:
    if isinstance(data, list):
        raw: list[object] = data
    elif isinstance(data, dict):
        value = data.get("value")
        if isinstance(value, list):
            raw = value
        elif "error" in data and isinstance(data["error"], dict):
            message = data["error"].get("message") or data["error"].get("code") or "an error"
            raise CredentialsError(
                f"This is an error response, not a list of credentials: {str(message)[:200]}"
            )
        else:
            raw = [data]
    else:
        raise CredentialsError(
            f"Expected a JSON array or object of credentials, not {type(data).__name__}.",
            hint=_SHAPES_HINT,
        )
    items: list[Mapping[str, Any]] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise CredentialsError(
                f"Credential #{index + 1} is {type(item).__name__}, not a JSON object.",
                hint=_SHAPES_HINT,
            )
        items.append(item)
    return items


def _credential(item: Mapping[str, Any], index: int) -> FederatedCredential:
    properties = item.get("properties")
    arm_type = str(item.get("type") or "").lower()
    is_arm = isinstance(properties, dict) or arm_type == _ARM_FIC_TYPE
    fields: Mapping[str, Any] = properties if isinstance(properties, dict) else item
    issuer = _optional_str(fields, "issuer", index)
    subject = _optional_str(fields, "subject", index)
    expression, version = _expression(fields, index)
    if issuer is None and subject is None and expression is None:
        keys = ", ".join(sorted(str(key) for key in item)[:8]) or "none"
        raise CredentialsError(
            f"Credential #{index + 1} has no issuer, subject or expression (keys: {keys}).",
            hint=_SHAPES_HINT,
        )
    if is_arm:
        source = "arm" if isinstance(properties, dict) else "az-identity"
    elif "@odata.type" in item or "claimsMatchingExpression" in item:
        source = "graph"
    else:
        source = "az-ad-app"
    return FederatedCredential(
        name=_optional_str(item, "name", index),
        issuer=issuer,
        subject=subject,
        audiences=_audiences(fields, index),
        description=_optional_str(fields, "description", index),
        id=_optional_str(item, "id", index),
        expression=expression,
        language_version=version,
        identity_kind="managed-identity" if is_arm else None,
        source=source,
    )


def _optional_str(fields: Mapping[str, Any], key: str, index: int) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return replace_surrogates(value)  # an unpaired \\ud800 escape in the JSON
    raise CredentialsError(
        f"Credential #{index + 1}: '{key}' should be a string, not {type(value).__name__}."
    )


def _audiences(fields: Mapping[str, Any], index: int) -> tuple[str, ...]:
    value = fields.get("audiences", fields.get("audience"))
    if value is None:
        return ()
    if isinstance(value, str):
        return (replace_surrogates(value),)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(replace_surrogates(item) for item in value)
    raise CredentialsError(f"Credential #{index + 1}: 'audiences' should be a list of strings.")


def _expression(fields: Mapping[str, Any], index: int) -> tuple[str | None, int | None]:
    value = fields.get("claimsMatchingExpression", fields.get("claims_matching_expression"))
    if value is None:
        return None, None
    if isinstance(value, str):
        return replace_surrogates(value), None
    if isinstance(value, dict):
        text = value.get("value")
        version = value.get("languageVersion", value.get("language_version"))
        if isinstance(text, str):
            number = version if isinstance(version, int) and not isinstance(version, bool) else None
            return replace_surrogates(text), number
    raise CredentialsError(
        f"Credential #{index + 1}: 'claimsMatchingExpression' should be "
        '{"value": "...", "languageVersion": 1}.'
    )
