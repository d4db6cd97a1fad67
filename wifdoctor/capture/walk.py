"""The walk over a captured token: the capture itself is its first step, then the usual ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import NeedsEventLoop, run_offline
from wifdoctor.checks.offline_steps import offline_steps, status_of
from wifdoctor.checks.plan import Step, StepOutcome
from wifdoctor.core.capture import Capture
from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.live import LiveRequest
from wifdoctor.core.times import Clock

STEP_ID = "capture"
# Runs the live plan after the given first steps (the CLI's: cli_live.run after prepare).
LiveWalk = Callable[[WalkRequest, list[Step]], Diagnosis]


def request_lines(capture: Capture) -> list[str]:
    lines = []
    for request in capture.requests:
        answer = str(request.status) if request.status is not None else request.error
        lines.append(f"{request.method} https://{request.host}{request.path} -> {answer}")
    return lines


def capture_step(capture: Capture) -> Step:
    async def run(_ctx: WalkContext) -> StepOutcome:
        evidence = {"where": capture.where}
        if capture.source:
            evidence["source"] = capture.source
        for n, line in enumerate(request_lines(capture), 1):
            evidence[f"request {n}"] = line
        for n, note in enumerate(capture.notes, 1):
            evidence[f"note {n}"] = note
        if capture.obtained:
            summary = f"In {capture.where}: got the token from {capture.source}."
            return StepOutcome(status_of(capture.findings), summary, evidence, capture.findings)
        why = f" ({capture.findings[0].title.lower()})" if capture.findings else ""
        summary = f"In {capture.where}: no token could be obtained{why}."
        return StepOutcome(
            status_of(capture.findings, default="fail"), summary, evidence, capture.findings
        )

    return Step(STEP_ID, "Capturing the job's token", run)


def diagnose_capture(
    capture: Capture | None,
    *,
    credentials: tuple[FederatedCredential, ...] | None,
    cloud: str,
    clock: Clock,
    token_text: str | None = None,
    evidence: ErrorEvidence | None = None,
    command: str = "capture",
    at: datetime | None = None,
    live: LiveRequest | None = None,
    live_walk: LiveWalk | None = None,
) -> Diagnosis:
    """The walk over the captured token (or ``token_text``), with the capture as first step."""
    request = WalkRequest(
        command,
        token_text=capture.token if capture is not None and capture.obtained else token_text,
        evidence=evidence,
        credentials=credentials,
        cloud=cloud,
        clock=clock,
        at=at,
        live=live,
    )
    first = [capture_step(capture)] if capture is not None else []
    if live is not None:
        if live_walk is None:
            raise ValueError("a live request needs the live walk's runner")
        return live_walk(request, first)
    steps = list(first)
    steps += offline_steps()
    try:
        return run_offline(steps, WalkContext.start(request))
    except NeedsEventLoop:
        import asyncio

        from wifdoctor.checks.runner import collect

        return asyncio.run(collect(steps, WalkContext.start(request)))
