"""Run the offline walk the way the CLI does, for tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tests.minting import NOW
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.error_text import parse_error_text

SUB = "repo:contoso/payments-api:ref:refs/heads/main"
# What Entra appends to every error description (fictional IDs).
TAIL = (
    " Trace ID: 8eea681d-a1eb-487d-9be7-d61225177f00 Correlation ID: "
    "d0f0de73-8a5d-4de0-99b6-83e71da1f7a4 Timestamp: 2025-12-31 23:59:00Z"
)


def no_match(subject: str = SUB) -> str:
    """Entra's AADSTS700213 for ``subject``, as azure/login prints it."""
    return (
        "AADSTS700213: No matching federated identity record found for presented assertion "
        f"subject '{subject}'. Check your federated identity credential Subject, Audience and "
        "Issuer against the presented assertion." + TAIL
    )


def walk(
    *,
    token: str | None = None,
    error: str | None = None,
    credentials: list[dict[str, Any]] | dict[str, Any] | None = None,
    now: float = NOW,
    cloud: str = "public",
    command: str = "diagnose",
) -> Diagnosis:
    moment = datetime.fromtimestamp(now, UTC)
    request = WalkRequest(
        command,
        token_text=token,
        evidence=parse_error_text(error) if error is not None else None,
        credentials=tuple(load_credentials(json.dumps(credentials)))
        if credentials is not None
        else None,
        cloud=cloud,
        clock=lambda: moment,
    )
    return run_offline(offline_steps(), WalkContext.start(request))


def ids(diagnosis: Diagnosis) -> set[str]:
    return {finding.id for finding in diagnosis.findings}
