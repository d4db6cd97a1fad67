"""Each step's time is its own (issue 8: steps that started together all showed the same time)."""

from __future__ import annotations

import asyncio
import time

from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.plan import Step, StepOutcome
from wifdoctor.checks.runner import collect


def busy(name: str, seconds: float) -> Step:
    async def run(ctx: WalkContext) -> StepOutcome:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:  # work without awaiting, as offline steps do
            pass
        return StepOutcome("pass", name)

    return Step(name, name, run)


def waits(name: str, seconds: float) -> Step:
    async def run(ctx: WalkContext) -> StepOutcome:
        await asyncio.sleep(seconds)
        return StepOutcome("pass", name)

    return Step(name, name, run)


async def test_steps_ready_together_are_timed_each_on_its_own() -> None:
    steps = [busy("a", 0.05), busy("b", 0.05), busy("c", 0.05)]
    diagnosis = await collect(steps, WalkContext.start(WalkRequest("test")))
    durations = [step.duration_ms for step in diagnosis.steps]
    assert all(40 <= d < 95 for d in durations), durations  # not 50, 100, 150 or 150 x3
    starts = [step.started_ms for step in diagnosis.steps]
    assert starts == sorted(starts) and starts[2] - starts[0] >= 80  # they ran one after another


async def test_a_waiting_step_counts_its_wait_and_a_timeout_its_limit() -> None:
    slow = Step("slow", "slow", waits("slow", 5).run, timeout=0.1)
    diagnosis = await collect([waits("w", 0.05), slow], WalkContext.start(WalkRequest("test")))
    w, timed_out = diagnosis.steps
    assert 40 <= w.duration_ms < 500
    assert timed_out.status == "incomplete" and 90 <= timed_out.duration_ms < 1000
