"""Steps, their outcomes, the schedule that orders them, and how a walk becomes a Diagnosis.

One ``Schedule`` decides what runs when, for both ways of driving a walk: the asyncio runner
(network steps, the TUI) and the loop-free driver of offline walks (headless commands, which
must not pay for importing asyncio). Neither this module nor the driver imports asyncio.

``needs`` orders steps; ``requires`` also hands over a typed value: a step whose required step
produced no value is skipped, with the reason, and never runs.
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
    value: object | None = None  # the typed result later steps read (``requires``)


StepFunction = Callable[[WalkContext], Awaitable[StepOutcome]]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    run: StepFunction
    needs: tuple[str, ...] = ()  # run after these
    timeout: float = 30.0
    requires: tuple[str, ...] = ()  # run after these, and only if each produced a value
    io: bool = False  # waits on the network: needs the asyncio runner

    @property
    def after(self) -> tuple[str, ...]:
        return (*self.needs, *self.requires)


def check_plan(steps: Sequence[Step]) -> None:
    """Refuse a plan with duplicate ids, unknown dependencies or a cycle (a programming error)."""
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate step ids in {ids}")
    known = set(ids)
    for step in steps:
        missing = set(step.after) - known
        if missing:
            raise ValueError(f"step {step.id} needs unknown steps {sorted(missing)}")
    resolved: set[str] = set()
    remaining = list(steps)
    while remaining:
        ready = [step for step in remaining if set(step.after) <= resolved]
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


class Schedule:
    """What may start now, what is skipped and why, and the results so far."""

    def __init__(self, steps: Sequence[Step], context: WalkContext) -> None:
        check_plan(steps)
        self.steps = list(steps)
        self.context = context
        self.results: dict[str, StepResult] = {}
        self.waiting = list(steps)

    def ready(self) -> list[Step]:
        """The steps whose predecessors have all finished, taken off the waiting list."""
        found = [s for s in self.waiting if all(d in self.results for d in s.after)]
        for step in found:
            self.waiting.remove(step)
        return found

    def skip_reason(self, step: Step) -> str | None:
        for need in step.requires:
            if need not in self.context.values:
                before = self.results[need]
                title = before.title[:1].lower() + before.title[1:]
                return f"Skipped: {title} gave nothing to go on ({before.summary})"
        return None

    def finish(
        self, step: Step, outcome: StepOutcome, started: float, finished: float
    ) -> StepResult:
        if outcome.value is not None:
            self.context.values[step.id] = outcome.value
        result = step_result(step, outcome, started, finished)
        self.results[step.id] = result
        return result

    def diagnosis(self) -> Diagnosis:
        return assemble(
            self.context, [self.results[s.id] for s in self.steps if s.id in self.results]
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
        credentials=context.credentials or (),
        credentials_given=context.credentials is not None,
        matches=tuple(context.matches),
        steps=tuple(steps),
        findings=tuple(findings),
        walk_ms=walk_ms,
        identity=context.identity,
        trace=context.trace(),
    )
