"""``diagnose``'s live options and the live walk as the command line runs it.

Progress goes to standard error (a line per step as it finishes; a spinner line on a terminal),
the result to standard output. Questions are answered from the flags: the exchange runs only
with ``--exchange``; a device-code prompt is printed to standard error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wifdoctor.core.errors import InputError

if TYPE_CHECKING:
    from wifdoctor.checks.context import WalkRequest
    from wifdoctor.checks.plan import Step
    from wifdoctor.clients.environment import WalkEnvironment
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.core.live import LiveRequest, Question

F = TypeVar("F", bound=Callable[..., Any])
SIGN_IN_CHOICES = ("cli", "device-code", "environment", "workload-identity", "managed-identity")
# Environment variables whose values are secrets wherever they appear (redacted from output).
SECRET_VARIABLES = (
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "SYSTEM_ACCESSTOKEN",
    "AZURE_CLIENT_SECRET",
    "ARM_CLIENT_SECRET",
    "ARM_OIDC_TOKEN",
    "AZURE_FEDERATED_TOKEN",
)
MAX_LAB_LATENCY_MS = 10_000


def live_options(function: F) -> F:
    options = [
        click.option(
            "--client-id", metavar="ID", help="The app's or managed identity's client ID."
        ),
        click.option("--tenant", metavar="TENANT", help="The tenant ID or domain."),
        click.option(
            "--exchange", is_flag=True, help="Really try the token exchange with Entra (opt-in)."
        ),
        click.option(
            "--policy",
            "read_policy",
            is_flag=True,
            help="Read Conditional Access even when Entra did not answer AADSTS53003.",
        ),
        click.option(
            "--sign-in",
            "sign_in",
            type=click.Choice(SIGN_IN_CHOICES),
            default=None,
            help="How you sign in to read Graph and ARM: cli (the default) reuses az login. "
            "With --lab the lab's operator is signed in unless this is given.",
        ),
        click.option(
            "--lab", "lab_scenario", metavar="SCENARIO", help="Walk against the in-process lab."
        ),
        click.option(
            "--lab-latency",
            "lab_latency",
            type=click.IntRange(0, MAX_LAB_LATENCY_MS),
            default=0,
            metavar="MS",
            help="Latency the lab adds to every request.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def app_live_options(function: F) -> F:
    """The app's live options: the identity to read, and how to sign in."""
    options = [
        click.option("--client-id", metavar="ID", help="Read this identity's credentials."),
        click.option("--tenant", metavar="TENANT", help="The tenant ID or domain."),
        click.option(
            "--sign-in",
            "sign_in",
            type=click.Choice(SIGN_IN_CHOICES),
            default="cli",
            show_default=True,
            help="How you sign in to read Graph and ARM.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def live_request(params: Mapping[str, Any]) -> LiveRequest | None:
    """The live part of diagnose's options; None when none was given (an offline walk)."""
    client_id, lab = params.get("client_id"), params.get("lab_scenario")
    if not (client_id or lab or params.get("exchange")):
        return None
    if params.get("lab_latency") and not lab:
        raise InputError("--lab-latency applies only with --lab SCENARIO.")
    from wifdoctor.core.live import LiveRequest
    from wifdoctor.core.redaction import secret_values

    named = tuple(v for name in SECRET_VARIABLES if len(v := os.environ.get(name, "")) >= 8)
    secrets = (*named, *secret_values(os.environ))
    return LiveRequest(
        client_id=client_id,
        tenant=params.get("tenant"),
        exchange=bool(params.get("exchange")),
        policy=bool(params.get("read_policy")),
        sign_in=str(params.get("sign_in") or ("lab" if lab else "cli")),
        lab=lab,
        secrets=secrets,
    )


def demo_lab(name: str) -> None:
    """``wifdoctor demo --lab NAME``: the app on the lab scenario's whole walk."""
    from wifdoctor.lab.scenario_catalogue import all_scenarios, scenario

    if scenario(name) is None:
        names = ", ".join(s.name for s in all_scenarios())
        raise InputError(f"There is no lab scenario called {name!r}.", hint=f"There are: {names}.")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("The demo opens the interactive app, which needs a terminal.")
    from wifdoctor.tui.launch import run_app

    run_app(lab=name)


def warm_graph_soon() -> None:
    """Start importing msgraph in a daemon thread, off the walk's critical path (a step that
    needs it first waits on Python's import lock, not on a second import)."""
    import threading

    def warm() -> None:
        from wifdoctor.clients.graph import warm_up

        warm_up()

    threading.Thread(target=warm, name="wifdoctor-warm-up", daemon=True).start()


def _lab(name: str, latency: int) -> Any:
    from wifdoctor.lab.scenario import all_scenarios, build_lab, scenario

    if scenario(name) is None:
        names = ", ".join(s.name for s in all_scenarios())
        raise InputError(f"There is no lab scenario called {name!r}.", hint=f"There are: {names}.")
    lab = build_lab(name)
    lab.state.latency_ms = latency
    return lab


def prepare(request: WalkRequest, latency: int) -> tuple[WalkRequest, Any]:
    """Fill the lab scenario's token, client ID and tenant where the options left them out."""
    live = request.live
    assert live is not None
    if live.lab is None:
        if request.token_text is None and not live.client_id:
            raise InputError("Give --token INPUT, --client-id ID, or --lab SCENARIO.")
        return request, None
    lab = _lab(live.lab, latency)
    token = request.token_text if request.token_text is not None else lab.workload_token()
    live = replace(
        live,
        client_id=live.client_id or lab.scenario.client_id,
        tenant=live.tenant or lab.scenario.tenant_id,
    )
    return replace(request, token_text=token, live=live, cloud=lab.scenario.cloud), lab


class Progress:
    """One line per finished step on standard error; a transient spinner line on a terminal."""

    FRAMES = "|/-\\"

    def __init__(self, stream: Any = None, secrets: tuple[str, ...] = ()) -> None:
        self.stream = stream or sys.stderr
        self.secrets = secrets
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.running: dict[str, str] = {}
        self.frame = 0

    def _clear(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K")

    def started(self, step_id: str, title: str) -> None:
        self.running[step_id] = title
        self._spin()

    def note(self, step_id: str, text: str) -> None:
        if step_id in self.running:
            self.running[step_id] = text
            self._spin()

    def _spin(self) -> None:
        if not self.tty or not self.running:
            return
        self.frame = (self.frame + 1) % len(self.FRAMES)
        from wifdoctor.core.redaction import redact_text

        line = redact_text(
            f"{self.FRAMES[self.frame]} " + "; ".join(self.running.values()), self.secrets
        )
        self._clear()
        self.stream.write(line[:100])
        self.stream.flush()

    def finished(self, step_id: str, status: str, title: str, summary: str, ms: float) -> None:
        from wifdoctor.core.redaction import redact_text

        self.running.pop(step_id, None)
        self._clear()
        self.stream.write(
            f"{status:10s} {title} ({ms:.0f} ms): {redact_text(summary, self.secrets)}\n"
        )
        self._spin()
        self.stream.flush()


def run(
    request: WalkRequest, lab: Any, *, quiet: bool = False, first: Sequence[Step] = ()
) -> Diagnosis:
    """The live walk; ``first`` are steps that run before the plan (capture's own step)."""
    import asyncio
    import logging

    # azure-identity logs a warning on every failed sign-in; the walk reports it itself.
    logging.getLogger("azure").setLevel(logging.ERROR)
    assert request.live is not None
    secrets = (*request.live.secrets, request.token_text or "")
    progress = Progress(secrets=secrets) if not quiet else None
    return asyncio.run(_walk(request, lab, progress, first))


async def _answer_from_flags(question: Question) -> bool:
    if question.id == "device-code":
        click.echo(question.prompt, err=True)
    return question.default


def environment(request: WalkRequest, lab: Any) -> WalkEnvironment:
    """Must run on the walk's event loop (a device-code prompt is handed back to it)."""
    live = request.live
    assert live is not None
    if lab is not None and live.sign_in != "lab":  # a real sign-in, the lab's services
        from wifdoctor.clients.lab_link import lab_signed_in_environment

        return lab_signed_in_environment(
            lab,
            sign_in=live.sign_in,
            tenant=live.tenant,
            environment=dict(os.environ),
            answer=_answer_from_flags,
        )
    if lab is not None:
        from wifdoctor.clients.lab_link import lab_environment

        return lab_environment(lab, answer=_answer_from_flags)
    from wifdoctor.clients.environment import tenant_environment

    return tenant_environment(
        cloud=request.cloud,
        sign_in=live.sign_in,
        tenant=live.tenant,
        environment=dict(os.environ),
        answer=_answer_from_flags,
        clock=request.clock,
    )


async def _walk(
    request: WalkRequest, lab: Any, progress: Progress | None, first: Sequence[Step] = ()
) -> Diagnosis:
    import asyncio

    from wifdoctor.checks.context import WalkContext
    from wifdoctor.checks.live_plan import build_plan
    from wifdoctor.checks.runner import (
        StepFinished,
        StepProgress,
        StepStarted,
        WalkFinished,
        run_walk,
    )
    from wifdoctor.clients.graph import warm_up

    plan = [*first, *build_plan(request)]
    warming = None
    if any(step.id == "identity" for step in plan):
        warming = asyncio.ensure_future(asyncio.to_thread(warm_up))  # off the critical path
    env = environment(request, lab)
    diagnosis = None
    try:
        async for event in run_walk(plan, WalkContext.start(request, env)):
            if progress is None:
                pass
            elif isinstance(event, StepStarted):
                progress.started(event.step_id, event.title)
            elif isinstance(event, StepProgress):
                progress.note(event.step_id, event.text)
            elif isinstance(event, StepFinished):
                r = event.result
                progress.finished(r.id, r.status, r.title, r.summary, r.duration_ms)
            if isinstance(event, WalkFinished):
                diagnosis = event.diagnosis
    finally:
        await env.aclose()
        if warming is not None:
            await warming
    assert diagnosis is not None
    return diagnosis
