"""The runner: concurrent where independent, ordered by dependencies, robust to broken steps."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.minting import fic, github_claims, mint
from tests.walk import walk
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import NeedsEventLoop, run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.checks.plan import Step, StepOutcome
from wifdoctor.checks.runner import StepFinished, StepStarted, WalkFinished, collect, run_walk


def context() -> WalkContext:
    return WalkContext.start(WalkRequest("test"))


def sleeper(seconds: float, log: list[str], name: str) -> Step:
    async def run(ctx: WalkContext) -> StepOutcome:
        log.append(f"start {name}")
        await asyncio.sleep(seconds)
        log.append(f"end {name}")
        return StepOutcome("pass", name)

    return Step(name, name, run, io=True)


async def test_independent_steps_run_together() -> None:
    log: list[str] = []
    steps = [sleeper(0.2, log, "a"), sleeper(0.2, log, "b"), sleeper(0.2, log, "c")]
    start = time.perf_counter()
    diagnosis = await collect(steps, context())
    assert time.perf_counter() - start < 0.45
    assert [s.status for s in diagnosis.steps] == ["pass", "pass", "pass"]
    assert 150 < diagnosis.walk_ms < 450


async def test_dependencies_wait_for_what_they_need() -> None:
    log: list[str] = []
    first = sleeper(0.05, log, "first")
    second = sleeper(0.01, log, "second")
    second = Step(second.id, second.title, second.run, needs=("first",))
    events = [event async for event in run_walk([second, first], context())]
    assert log == ["start first", "end first", "start second", "end second"]
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["StepStarted", "StepFinished", "StepStarted", "StepFinished", "WalkFinished"]
    assert isinstance(events[0], StepStarted) and events[0].step_id == "first"
    final = events[-1]
    assert isinstance(final, WalkFinished)
    assert [s.id for s in final.diagnosis.steps] == ["second", "first"]  # plan order


async def test_a_crashing_step_is_incomplete_and_the_walk_goes_on() -> None:
    async def boom(ctx: WalkContext) -> StepOutcome:
        raise RuntimeError("kaput")

    log: list[str] = []
    diagnosis = await collect([Step("boom", "Boom", boom), sleeper(0.01, log, "ok")], context())
    assert [s.status for s in diagnosis.steps] == ["incomplete", "pass"]
    assert "kaput" in diagnosis.steps[0].summary
    assert diagnosis.exit_code == 3


async def test_a_slow_step_times_out() -> None:
    log: list[str] = []
    slow = sleeper(5, log, "slow")
    slow = Step(slow.id, slow.title, slow.run, timeout=0.1, io=True)
    start = time.perf_counter()
    diagnosis = await collect([slow], context())
    assert time.perf_counter() - start < 1
    assert diagnosis.steps[0].status == "incomplete"
    assert "0.1 s" in diagnosis.steps[0].summary


def test_bad_plans_are_refused() -> None:
    log: list[str] = []
    a = sleeper(0, log, "a")
    with pytest.raises(ValueError, match="duplicate"):
        run_offline([a, a], context())
    with pytest.raises(ValueError, match="unknown"):
        run_offline([Step("x", "x", a.run, needs=("nope",))], context())
    with pytest.raises(ValueError, match="cycle"):
        run_offline(
            [Step("x", "x", a.run, needs=("y",)), Step("y", "y", a.run, needs=("x",))], context()
        )


def test_offline_driver_refuses_a_step_that_waits() -> None:
    log: list[str] = []
    with pytest.raises(NeedsEventLoop):
        run_offline([sleeper(0.01, log, "waits")], context())


def test_offline_driver_and_runner_agree() -> None:
    token = mint(github_claims(sub="repo:contoso/payments-api:environment:Production"))
    credentials = [
        fic(
            "main",
            "https://token.actions.githubusercontent.com",
            "repo:contoso/payments-api:ref:refs/heads/main",
        )
    ]
    offline = walk(token=token, credentials=credentials)
    from tests.walk import json, load_credentials

    request = WalkRequest(
        "diagnose",
        token_text=token,
        credentials=tuple(load_credentials(json.dumps(credentials))),
        clock=lambda: offline.now,
    )
    concurrent = asyncio.run(collect(offline_steps(), WalkContext.start(request)))
    assert [f.id for f in concurrent.findings] == [f.id for f in offline.findings]
    assert [s.status for s in concurrent.steps] == [s.status for s in offline.steps]


async def test_events_carry_results_as_steps_finish() -> None:
    events = [e async for e in run_walk(offline_steps(), context())]
    finished = [e.result.id for e in events if isinstance(e, StepFinished)]
    assert sorted(finished) == sorted(s.id for s in offline_steps())
