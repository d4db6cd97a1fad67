"""Drive a walk whose steps never wait on I/O, without an event loop.

Offline steps are coroutines that return without suspending, so each can be run to completion with
one ``send(None)``. That spares headless commands the import of asyncio (a third of their start-up
time). A step that does suspend needs the real runner: ``NeedsEventLoop`` says so.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import Step, StepOutcome, assemble, check_plan, crashed, step_result
from wifdoctor.core.diagnosis import Diagnosis, StepResult


class NeedsEventLoop(Exception):
    """A step awaited something: run the walk with ``checks.runner.collect`` instead."""


def run_offline(steps: Sequence[Step], context: WalkContext) -> Diagnosis:
    check_plan(steps)
    origin = time.perf_counter()
    done: dict[str, StepResult] = {}
    pending = list(steps)
    while pending:
        step = next(s for s in pending if all(need in done for need in s.needs))
        pending.remove(step)
        started = (time.perf_counter() - origin) * 1000
        outcome = _drive(step, context)
        done[step.id] = step_result(step, outcome, started, (time.perf_counter() - origin) * 1000)
    return assemble(context, [done[s.id] for s in steps])


def _drive(step: Step, context: WalkContext) -> StepOutcome:
    coroutine = step.run(context).__await__()
    try:
        coroutine.send(None)
    except StopIteration as stop:
        outcome = stop.value
        if not isinstance(outcome, StepOutcome):  # pragma: no cover - a programming error
            raise TypeError(f"step {step.id} returned {outcome!r}") from None
        return outcome
    except RuntimeError as exc:
        if "event loop" in str(exc):  # asyncio's "no running event loop"
            raise NeedsEventLoop(step.id) from exc
        return crashed(exc)
    except Exception as exc:  # a bug in a step must not take the walk down
        return crashed(exc)
    coroutine.close()
    raise NeedsEventLoop(step.id)
