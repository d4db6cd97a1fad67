"""Entra's error answers: status, JSON shape, wording, trace and correlation IDs, timestamp.

Message templates come from ``wifdoctor.knowledge.aadsts`` (one copy of each fact); the few codes
whose wording the catalogue lacks take it from the reference (lab-walk-wizard-anchors.md C.1,
entra-errors-and-fic-rules.md A). Layout (anchors C.1): the current one joins ``Trace ID``,
``Correlation ID`` and ``Timestamp`` with single spaces; the legacy (2022) one with ``\\r\\n``.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from wifdoctor.knowledge.aadsts import lookup

# (error, status) per code, from the reference's observed answers (anchors C.1, errors A.0):
# invalid_client is 401, invalid_request 400, 53003 is 400 invalid_grant.
_SHAPE: dict[int, tuple[str, int]] = {
    70021: ("invalid_request", 400),
    700211: ("invalid_client", 401),
    700212: ("invalid_client", 401),
    700213: ("invalid_client", 401),
    7002138: ("invalid_client", 401),
    7002131: ("invalid_client", 401),
    7002241: ("invalid_client", 401),
    70025: ("invalid_client", 401),
    700016: ("unauthorized_client", 400),
    7000112: ("unauthorized_client", 400),
    700024: ("invalid_client", 401),
    70023: ("invalid_request", 400),
    50027: ("invalid_request", 400),
    7000272: ("invalid_client", 401),
    90061: ("invalid_request", 400),
    90002: ("invalid_tenant", 400),
    53003: ("invalid_grant", 400),
    7002381: ("invalid_client", 401),
    700222: ("invalid_client", 401),
    700229: ("invalid_client", 401),
    700231: ("invalid_client", 401),
    900144: ("invalid_request", 400),
    7000218: ("invalid_client", 401),
    7000215: ("invalid_client", 401),
    1002012: ("invalid_scope", 400),
    9001023: ("invalid_request", 400),
}

# Wording the catalogue does not hold. 7002381 has no public text: the lab words it plainly.
_FALLBACK: dict[int, str] = {
    7002381: (
        "The presented assertion does not satisfy the tenant's federation policy: GitHub Actions "
        "tokens must carry the enterprise claim '{enterprise}'."
    ),
    90002: (
        "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are "
        "signing into the correct cloud."
    ),
    900144: "The request body must contain the following parameter: '{name}'.",
    # Device code flow (the operator's sign-in): not in the reference; worded like Entra.
    70016: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
    70000: "The provided value for the 'device_code' is not valid.",
    7000218: (
        "The request body must contain the following parameter: 'client_assertion' or "
        "'client_secret'."
    ),
}
# Codes without an error_uri in the observed answers (anchors C.1: 700211 had none).
_NO_ERROR_URI = frozenset({700211})


@dataclass(frozen=True)
class EntraError:
    code: int
    values: dict[str, str]
    extra: dict[str, Any] | None = None


def message_for(code: int, values: dict[str, str]) -> str:
    found = lookup(code)
    template = found.entry.message if found is not None and found.exact else ""
    if not template:
        template = _FALLBACK.get(code, "")
    template = template.replace(" ...", "")
    if template and template[-1] not in ".!?":
        template += "."
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def error_body(
    error: EntraError,
    *,
    legacy: bool,
    now: float | None = None,
    error_host: str = "login.microsoftonline.com",
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """(status, JSON body, headers) of Entra's answer for ``error``."""
    oauth_error, status = _SHAPE.get(error.code, ("invalid_request", 400))
    stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(time.time() if now is None else now))
    trace_id = str(uuid.uuid4())
    correlation_id = str(uuid.uuid4())
    separator = "\r\n" if legacy else " "
    text = message_for(error.code, error.values)
    description = (
        f"AADSTS{error.code}: {text}{separator}Trace ID: {trace_id}{separator}"
        f"Correlation ID: {correlation_id}{separator}Timestamp: {stamp}"
    )
    body: dict[str, Any] = {
        "error": oauth_error,
        "error_description": description,
        "error_codes": [error.code],
        "timestamp": stamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
    }
    if error.code not in _NO_ERROR_URI:
        body["error_uri"] = f"https://{error_host}/error?code={error.code}"
    if error.extra:
        body.update(error.extra)
    headers = {"x-ms-request-id": trace_id, "x-ms-ests-server": "wifdoctor-lab"}
    return status, body, headers


def capolids_claims(policy_ids: list[str]) -> str:
    """The ``claims`` challenge of a 53003 answer (anchors C.1: it names the blocking policy)."""
    return json.dumps(
        {"access_token": {"capolids": {"essential": True, "values": policy_ids}}},
        separators=(",", ":"),
    )
