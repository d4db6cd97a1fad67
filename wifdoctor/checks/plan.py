"""Steps, their outcomes, and how a finished walk becomes a Diagnosis.

Shared by the concurrent runner (asyncio, for the TUI and network steps) and the loop-free
driver of offline walks; neither this module nor the driver imports asyncio.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from wifdoctor.checks.context import WalkContext
from wifdoctor.core.conclude import conclude
from wifdoctor.core.diagnosis import Diagnosis, StepResult, StepStatus
from wifdoctor.core.findings import Finding


@dataclass(frozen=True)
class StepOutcome:
    """What a step function returns; the runner adds id, title and timing."""

    status: StepStatus
    summary: str
    evidence: dict[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


StepFunction = Callable[[WalkContext], Awaitable[StepOutcome]]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    run: StepFunction
    needs: tuple[str, ...] = ()
    timeout: float = 30.0


def check_plan(steps: Sequence[Step]) -> None:
    """Refuse a plan with duplicate ids, unknown dependencies or a cycle (a programming error)."""
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate step ids in {ids}")
    known = set(ids)
    for step in steps:
        missing = set(step.needs) - known
        if missing:
            raise ValueError(f"step {step.id} needs unknown steps {sorted(missing)}")
    resolved: set[str] = set()
    remaining = list(steps)
    while remaining:
        ready = [step for step in remaining if set(step.needs) <= resolved]
        if not ready:
            raise ValueError(f"dependency cycle among {[step.id for step in remaining]}")
        resolved.update(step.id for step in ready)
        remaining = [step for step in remaining if step.id not in resolved]


def crashed(exc: BaseException) -> StepOutcome:
    return StepOutcome(
        "incomplete",
        f"This step failed unexpectedly ({type(exc).__name__}: {str(exc)[:200]}). "
        "Please report it; the other steps are unaffected.",
    )


def step_result(step: Step, outcome: StepOutcome, started: float, finished: float) -> StepResult:
    return StepResult(
        id=step.id,
        title=step.title,
        status=outcome.status,
        summary=outcome.summary,
        evidence=outcome.evidence,
        findings=tuple(finding.with_step(step.id) for finding in outcome.findings),
        started_ms=round(started, 3),
        duration_ms=round(finished - started, 3),
    )


def assemble(context: WalkContext, steps: list[StepResult]) -> Diagnosis:
    walk_ms = 0.0
    if steps:
        first = min(step.started_ms for step in steps)
        last = max(step.started_ms + step.duration_ms for step in steps)
        walk_ms = round(last - first, 3)
    findings = conclude([f for step in steps for f in step.findings], context.facts())
    return Diagnosis(
        command=context.request.command,
        input_kind=context.request.input_kind,
        now=context.now,
        cloud=context.request.cloud,
        evidence=context.request.evidence,
        token=context.token,
        recognition=context.recognition,
        subject=context.subject,
        credentials=context.request.credentials or (),
        credentials_given=context.request.credentials is not None,
        matches=tuple(context.matches),
        steps=tuple(steps),
        findings=tuple(findings),
        walk_ms=walk_ms,
    )
