"""Run the live walk against the in-process lab, the way ``diagnose --lab`` does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.live_plan import build_plan
from wifdoctor.checks.runner import WalkEvent, run_walk
from wifdoctor.clients.environment import WalkEnvironment
from wifdoctor.clients.http import HttpPolicy
from wifdoctor.clients.lab_link import lab_environment
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.live import LiveRequest, Question
from wifdoctor.lab.scenario import Scenario, build_lab, scenario
from wifdoctor.lab.server import Lab

FAST = HttpPolicy(timeout=0.5, connect_timeout=0.2, backoff=0.05)


def request_for(lab: Lab, *, exchange: bool = True, **live: Any) -> WalkRequest:
    chosen = lab.scenario
    options = {"client_id": chosen.client_id, "tenant": chosen.tenant_id, "lab": chosen.name}
    options.update(live)
    return WalkRequest(
        "diagnose",
        token_text=lab.workload_token(),
        cloud=chosen.cloud,
        live=LiveRequest(exchange=exchange, sign_in="lab", **options),
    )


def tweaked(name: str, change: Callable[[dict[str, Any]], None]) -> Scenario:
    """A scenario with its data changed by ``change`` (a test's own variant)."""
    import copy

    base = scenario(name)
    assert base is not None
    data = copy.deepcopy(base.data)
    change(data)
    return replace(base, data=data, name=f"{name}-tweaked")


async def walk_lab(
    lab: Lab,
    *,
    request: WalkRequest | None = None,
    env: WalkEnvironment | None = None,
    policy: HttpPolicy = FAST,
    events: list[WalkEvent] | None = None,
    answer: Callable[[Question], Any] | None = None,
) -> Diagnosis:
    request = request or request_for(lab)
    if env is None:

        async def default(question: Question) -> bool:
            return question.default

        env = lab_environment(lab, answer=answer or default, policy=policy)
    diagnosis = None
    try:
        async for event in run_walk(build_plan(request), WalkContext.start(request, env)):
            if events is not None:
                events.append(event)
            if hasattr(event, "diagnosis"):
                diagnosis = event.diagnosis
    finally:
        await env.aclose()
    assert diagnosis is not None
    return diagnosis


def lab(name: str | Scenario) -> Lab:
    return build_lab(name)


def step(diagnosis: Diagnosis, step_id: str) -> Any:
    return next(s for s in diagnosis.steps if s.id == step_id)


def ids(diagnosis: Diagnosis) -> set[str]:
    return {f.id for f in diagnosis.findings}


def errors(diagnosis: Diagnosis) -> set[str]:
    return {f.id for f in diagnosis.findings if f.severity == "error"}
