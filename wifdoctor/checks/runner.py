"""The walk on an event loop: independent steps run concurrently, events stream as they happen.

The CLI and the TUI consume the same event stream:
- ``StepStarted`` when a step begins (``StepFinished`` follows at once for a skipped one);
- ``StepProgress`` for what a running step is doing ("reading the credentials");
- ``HttpTraced`` for each request (method, host, path, status, time; never a body);
- ``StepFinished`` with its StepResult when it ends;
- finally ``WalkFinished`` with the Diagnosis.
A step that raises, or runs past its timeout, ends as ``incomplete`` with the reason, and the
walk goes on. Stopping the iteration cancels the steps still running.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import Schedule, Step, StepOutcome, crashed
from wifdoctor.core.diagnosis import Diagnosis, StepResult
from wifdoctor.core.live import HttpCall


@dataclass(frozen=True)
class StepStarted:
    step_id: str
    title: str
    started_ms: float


@dataclass(frozen=True)
class StepProgress:
    step_id: str
    text: str


@dataclass(frozen=True)
class HttpTraced:
    call: HttpCall


@dataclass(frozen=True)
class StepFinished:
    result: StepResult


@dataclass(frozen=True)
class WalkFinished:
    diagnosis: Diagnosis


WalkEvent = StepStarted | StepProgress | HttpTraced | StepFinished | WalkFinished


async def run_walk(steps: Sequence[Step], context: WalkContext) -> AsyncIterator[WalkEvent]:
    """Run ``steps`` over ``context``; yield events; finish with the Diagnosis."""
    schedule = Schedule(steps, context)
    origin = time.perf_counter()
    queue: asyncio.Queue[WalkEvent] = asyncio.Queue()
    context.emit = lambda step_id, text: queue.put_nowait(StepProgress(step_id, text))

    def traced(call: HttpCall) -> None:
        queue.put_nowait(HttpTraced(call))

    trace = context.env.trace if context.env is not None else None
    if trace is not None:
        trace.origin = origin  # requests are timed from the walk's start, like its steps
        trace.listeners.append(traced)
    running: dict[asyncio.Task[StepOutcome], tuple[Step, float]] = {}
    getter: asyncio.Future[WalkEvent] | None = None

    def elapsed() -> float:
        return (time.perf_counter() - origin) * 1000

    try:
        while True:
            while ready := schedule.ready():
                for step in ready:
                    started = elapsed()
                    yield StepStarted(step.id, step.title, round(started, 3))
                    reason = schedule.skip_reason(step)
                    if reason is not None:
                        yield StepFinished(
                            schedule.finish(step, StepOutcome("skipped", reason), started, started)
                        )
                        continue
                    task = asyncio.ensure_future(_outcome(step, context))
                    running[task] = (step, started)
            if not running:
                break
            if getter is None:
                getter = asyncio.ensure_future(queue.get())
            waits: list[asyncio.Future[object]] = [*running, getter]  # type: ignore[list-item]
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            if getter in done:
                yield getter.result()
                getter = None
                while not queue.empty():
                    yield queue.get_nowait()
            finished = [task for task in running if task in done]
            for task in sorted(finished, key=lambda t: schedule.steps.index(running[t][0])):
                step, started = running.pop(task)
                yield StepFinished(schedule.finish(step, task.result(), started, elapsed()))
        while not queue.empty():
            yield queue.get_nowait()
    finally:
        for task in running:
            task.cancel()
        if getter is not None:
            getter.cancel()
        if trace is not None and traced in trace.listeners:
            trace.listeners.remove(traced)
        context.emit = None
    yield WalkFinished(schedule.diagnosis())


async def _outcome(step: Step, context: WalkContext) -> StepOutcome:
    try:
        return await asyncio.wait_for(step.run(context), timeout=step.timeout)
    except TimeoutError:
        return StepOutcome(
            "incomplete", f"Did not finish within {step.timeout:g} s; the walk went on without it."
        )
    except Exception as exc:  # a bug in a step must not take the walk down
        return crashed(exc)


async def collect(steps: Sequence[Step], context: WalkContext) -> Diagnosis:
    """Run the walk to the end and return only the Diagnosis."""
    async for event in run_walk(steps, context):
        if isinstance(event, WalkFinished):
            return event.diagnosis
    raise AssertionError("the walk ended without a diagnosis")  # pragma: no cover
