"""Drive a walk whose steps never wait on I/O, without an event loop.

The same ``Schedule`` as the asyncio runner decides the order and the skips; only the driving
differs. Offline steps are coroutines that return without suspending, so each runs to completion
with one ``send(None)``. That spares headless commands the import of asyncio (a third of their
start-up time). The plan says which steps wait on the network (``Step.io``); such a plan is
refused here and goes to ``checks.runner``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import Schedule, Step, StepOutcome, crashed
from wifdoctor.core.diagnosis import Diagnosis


class NeedsEventLoop(Exception):
    """The plan has a step that waits on I/O: run it with ``checks.runner.collect``."""


def needs_event_loop(steps: Sequence[Step]) -> bool:
    return any(step.io for step in steps)


def run_offline(steps: Sequence[Step], context: WalkContext) -> Diagnosis:
    schedule = Schedule(steps, context)
    waiting = [step.id for step in steps if step.io]
    if waiting:
        raise NeedsEventLoop(", ".join(waiting))
    origin = time.perf_counter()
    while ready := schedule.ready():
        for step in ready:
            started = (time.perf_counter() - origin) * 1000
            reason = schedule.skip_reason(step)
            outcome = StepOutcome("skipped", reason) if reason else _drive(step, context)
            schedule.finish(step, outcome, started, (time.perf_counter() - origin) * 1000)
    return schedule.diagnosis()


def _drive(step: Step, context: WalkContext) -> StepOutcome:
    coroutine = step.run(context).__await__()
    try:
        coroutine.send(None)
    except StopIteration as stop:
        outcome = stop.value
        if not isinstance(outcome, StepOutcome):  # pragma: no cover - a programming error
            raise TypeError(f"step {step.id} returned {outcome!r}") from None
        return outcome
    except Exception as exc:  # a bug in a step must not take the walk down
        return crashed(exc)
    coroutine.close()  # it suspended although the plan says it does no I/O
    raise NeedsEventLoop(step.id)
