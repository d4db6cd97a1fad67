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
