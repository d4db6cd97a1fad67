"""The walk: run steps concurrently where their dependencies allow, yield events as they go.

The CLI and the TUI consume the same event stream: ``StepStarted`` when a step begins,
``StepFinished`` with its StepResult when it ends, and finally ``WalkFinished`` with the Diagnosis.
A step that raises, or runs past its timeout, ends as ``incomplete`` with the reason, and the walk
goes on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import Step, StepOutcome, assemble, check_plan, crashed, step_result
from wifdoctor.core.diagnosis import Diagnosis, StepResult


@dataclass(frozen=True)
class StepStarted:
    step_id: str
    title: str
    started_ms: float


@dataclass(frozen=True)
class StepFinished:
    result: StepResult


@dataclass(frozen=True)
class WalkFinished:
    diagnosis: Diagnosis


WalkEvent = StepStarted | StepFinished | WalkFinished


async def run_walk(steps: Sequence[Step], context: WalkContext) -> AsyncIterator[WalkEvent]:
    """Run ``steps`` over ``context``; yield events; finish with the Diagnosis."""
    check_plan(steps)
    origin = time.perf_counter()
    results: dict[str, StepResult] = {}
    running: dict[asyncio.Task[StepResult], Step] = {}
    waiting = list(steps)
    try:
        while waiting or running:
            for step in [s for s in waiting if all(need in results for need in s.needs)]:
                waiting.remove(step)
                started = (time.perf_counter() - origin) * 1000
                yield StepStarted(step.id, step.title, round(started, 3))
                task = asyncio.ensure_future(_run_step(step, context, origin, started))
                running[task] = step
            if not running:  # pragma: no cover - check_plan rules this out
                break
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=lambda t: steps.index(running[t])):
                step = running.pop(task)
                result = task.result()
                results[step.id] = result
                yield StepFinished(result)
    finally:
        for task in running:
            task.cancel()
    yield WalkFinished(assemble(context, [results[s.id] for s in steps if s.id in results]))


async def _run_step(step: Step, context: WalkContext, origin: float, started: float) -> StepResult:
    # The step's own start and end: steps that become ready together are scheduled together,
    # and timing them from outside would give each the sum of all (identical times).
    own = [started, started]

    async def timed() -> StepOutcome:
        own[0] = own[1] = (time.perf_counter() - origin) * 1000
        try:
            return await step.run(context)
        finally:
            own[1] = (time.perf_counter() - origin) * 1000

    try:
        outcome = await asyncio.wait_for(timed(), timeout=step.timeout)
    except TimeoutError:
        own[1] = (time.perf_counter() - origin) * 1000
        outcome = StepOutcome(
            "incomplete", f"Did not finish within {step.timeout:g} s; the walk went on without it."
        )
    except Exception as exc:  # a bug in a step must not take the walk down
        outcome = crashed(exc)
    return step_result(step, outcome, own[0], own[1])


async def collect(steps: Sequence[Step], context: WalkContext) -> Diagnosis:
    """Run the walk to the end and return only the Diagnosis."""
    async for event in run_walk(steps, context):
        if isinstance(event, WalkFinished):
            return event.diagnosis
    raise AssertionError("the walk ended without a diagnosis")  # pragma: no cover
