"""Assemble the support bundle: versions, where it ran, inputs, the diagnosis, the HTTP trace.

The bundle is a JSON-like dict; the Markdown and HTML pages are rendered from it (and the
Diagnosis), so the three formats say the same. Everything passes through one Redactor at the end.
"""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping
from datetime import datetime
from importlib import metadata
from typing import Any

from wifdoctor import __version__
from wifdoctor.core.capture import Capture
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.knowledge.ci_environments import detect_environment
from wifdoctor.report.capture_view import capture_data
from wifdoctor.report.json_report import diagnosis_to_dict
from wifdoctor.report.redaction import Redactor

BUNDLE_SCHEMA = 1
LIBRARIES = ("httpx", "pyjwt", "msgraph-sdk", "azure-identity", "textual", "click", "cryptography")
AZ_TIMEOUT = 20.0
MAX_LOG_CHARS = 50_000


def library_versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def az_cli_version(env: Mapping[str, str]) -> str | None:
    """The az CLI's version when az is on PATH (``az version`` prints JSON), else None."""
    az = shutil.which("az", path=env.get("PATH"))
    if az is None:
        return None
    try:
        done = subprocess.run(
            [az, "version", "--output", "json"],
            capture_output=True,
            text=True,
            timeout=AZ_TIMEOUT,
            check=False,
            env=dict(env),
        )
        data = json.loads(done.stdout)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return "present (version unreadable)"
    value = data.get("azure-cli") if isinstance(data, dict) else None
    return str(value) if value else "present (version unreadable)"


def where_it_ran(env: Mapping[str, str], capture: Capture | None) -> dict[str, Any]:
    if capture is not None:
        return {"kind": "capture", **capture_data(capture)}
    found = detect_environment(dict(env))
    return {
        "kind": "ci" if found else "local",
        "platform": found.platform if found else None,
        "where": found.name if found else "a workstation or an unknown runner",
    }


def build_bundle(
    diagnosis: Diagnosis,
    *,
    env: Mapping[str, str],
    generated_at: datetime,
    error_text: str | None = None,
    capture: Capture | None = None,
    redactor: Redactor,
) -> dict[str, Any]:
    data = diagnosis_to_dict(diagnosis)
    evidence = data.get("evidence") or {}
    # The capture's token requests, then the walk's own (its trace: never a body or a header).
    http: list[dict[str, Any]] = [
        {"method": r.method, "host": r.host, "path": r.path, "status": r.status, "error": r.error}
        for r in (capture.requests if capture else ())
    ]
    http += list(data.get("trace") or [])
    bundle = {
        "schema_version": BUNDLE_SCHEMA,
        "kind": "wifdoctor-report",
        "generated_at": generated_at.isoformat().replace("+00:00", "Z"),
        "versions": {
            "wifdoctor": __version__,
            "python": sys.version.split()[0],
            "os": platform.platform(terse=True),
            "libraries": library_versions(),
            "az_cli": az_cli_version(env),
        },
        "ran_in": where_it_ran(env, capture),
        "inputs": {
            "kind": diagnosis.input_kind,
            "token_claims": data["token"]["claims"],
            "token_header": data["token"]["header"],
            "signature": "removed" if diagnosis.token is not None else None,
            "error_text": error_text[:MAX_LOG_CHARS] if error_text is not None else None,
            "credentials": len(diagnosis.credentials) if diagnosis.credentials_given else None,
        },
        "ids": _ids(evidence, data["steps"]),
        "http_trace": http,
        "diagnosis": data,
    }
    redacted: dict[str, Any] = redactor.data(bundle)
    return redacted


def _ids(evidence: dict[str, Any], steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Entra's trace and correlation IDs: from the pasted error, else from the live exchange."""
    ids = {key: evidence.get(key) for key in ("trace_id", "correlation_id", "timestamp")}
    for step in steps:
        for key in ("trace_id", "correlation_id"):
            if not ids[key] and step["evidence"].get(key):
                ids[key] = step["evidence"][key]
    return ids
