"""What every headless command shares: reading INPUTs, failing with exit 2, the offline walk,
and writing a diagnosis in the asked format (through the one redaction pass).

Exit status (docs/cli.md): 0 nothing of severity error, 1 an error found, 2 the input or options
could not be used, 3 a check could not complete, 4 wifdoctor itself failed (wifdoctor.crash).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from wifdoctor.core.errors import TokenError, WifdoctorError

if TYPE_CHECKING:  # types only: the modules themselves load inside the functions that need them
    from datetime import datetime

    from wifdoctor.checks.context import WalkRequest
    from wifdoctor.core.credentials import FederatedCredential
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.core.session import Inputs
    from wifdoctor.core.times import Clock

NOW_ENV = "WIFDOCTOR_NOW"

T = TypeVar("T")


def guard(action: Callable[[], T], command: str, fmt: str) -> T:
    try:
        return action()
    except WifdoctorError as exc:
        fail(command, exc, fmt)


def read(value: str | None, what: str) -> str:
    from wifdoctor.inputs import read_input
    from wifdoctor.report.terminal import visible

    command = click.get_current_context().info_name or "wifdoctor"
    fmt = click.get_current_context().params.get("fmt", "text")
    notes: list[str] = []
    text = guard(lambda: read_input(value, what=what, stdin=sys.stdin, notes=notes), command, fmt)
    for note in notes:  # what the reader changed (replaced bytes, UTF-16): on stderr, even in JSON
        click.echo(visible(f"wifdoctor {command}: {note}"), err=True)
    return text


def credentials(path: str | None) -> tuple[FederatedCredential, ...] | None:
    if path is None:
        return None
    from wifdoctor.core.credentials import load_credentials

    command = click.get_current_context().info_name or "wifdoctor"
    fmt = click.get_current_context().params.get("fmt", "text")
    value = path if path == "-" or path.startswith("@") else f"@{path}"
    text = read(value, "credentials")
    return tuple(guard(lambda: load_credentials(text), command, fmt))


def at(value: str | None, command: str, fmt: str) -> datetime | None:
    from wifdoctor.core.times import parse_at

    return None if value is None else guard(lambda: parse_at(value), command, fmt)


def clock() -> Clock:
    from wifdoctor.core.times import parse_instant, system_clock

    value = os.environ.get(NOW_ENV)
    if value:
        frozen = parse_instant(value)
        if frozen is None:
            raise click.BadParameter(f"{NOW_ENV}={value!r} is not an ISO 8601 time or epoch.")
        return lambda: frozen
    return system_clock


def walk(request: WalkRequest) -> Diagnosis:
    from wifdoctor.checks.context import WalkContext
    from wifdoctor.checks.offline_driver import needs_event_loop, run_offline
    from wifdoctor.checks.offline_steps import offline_steps

    steps = offline_steps()
    if not needs_event_loop(steps):  # the plan says whether a step waits on the network
        return run_offline(steps, WalkContext.start(request))
    import asyncio  # pragma: no cover - the offline plan has no network step today

    from wifdoctor.checks.runner import collect

    return asyncio.run(collect(steps, WalkContext.start(request)))


def token_error(diagnosis: Diagnosis) -> WifdoctorError:
    decode = next((step for step in diagnosis.steps if step.id == "decode"), None)
    finding = decode.findings[0] if decode and decode.findings else None
    if finding is None:
        return TokenError("The token could not be decoded.")
    hint = finding.fix[0] if finding.fix else None
    return TokenError(finding.evidence.get("reason", finding.explanation), hint=hint)


def fail(command: str, error: WifdoctorError, fmt: str) -> NoReturn:
    """Exit 2 with a one-line reason (and, in JSON mode, a JSON object saying the same)."""
    from wifdoctor.report.terminal import visible

    if fmt == "json":
        import json

        from wifdoctor.report.json_report import strict

        answer = {
            "schema_version": 1,
            "command": command,
            "error": {"message": error.message, "hint": error.hint},
            "exit_code": 2,
        }
        click.echo(json.dumps(strict(answer), indent=2, allow_nan=False))
    click.echo(visible(f"wifdoctor {command}: {error}"), err=True)
    sys.exit(2)


def use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def emit(diagnosis: Diagnosis, fmt: str, no_color: bool, secrets: tuple[str, ...] = ()) -> NoReturn:
    from wifdoctor.report.redact import redact
    from wifdoctor.report.terminal import can_encode, encodable, visible

    diagnosis = redact(diagnosis, secrets)  # the one pass before any renderer
    encoding = getattr(sys.stdout, "encoding", None)
    if fmt == "json":
        from wifdoctor.report.json_report import render_json

        text = render_json(diagnosis)
        if not can_encode(text, encoding):  # a console that cannot take UTF-8: \uXXXX escapes
            text = render_json(diagnosis, ascii_only=True)
        click.echo(text)
    elif fmt == "markdown":
        from wifdoctor.report.markdown_report import render_markdown

        click.echo(encodable(visible(render_markdown(diagnosis)), encoding), nl=False)
    else:
        import io

        from wifdoctor.report.text_report import render_text, terminal_width

        color = use_color(no_color)
        buffer = io.StringIO()
        render_text(diagnosis, buffer, color=color, width=terminal_width(sys.stdout))
        click.echo(encodable(visible(buffer.getvalue(), keep_colour=color), encoding), nl=False)
    sys.exit(diagnosis.exit_code)


def intake(error_input: str | None, token_input: str | None, command: str, fmt: str) -> Inputs:
    """The one intake for headless commands: each INPUT recognised as a paste into the app is.

    A log given as --token still yields its token and messages; the error text is taken first,
    so that an explicit --token wins over a token found inside the log.
    """
    from wifdoctor.core.session import Inputs

    inputs = Inputs()
    for value, what in ((error_input, "error text"), (token_input, "token")):
        if value is not None:
            text = read(value, what)
            take = inputs.with_token if what == "token" else inputs.with_text
            inputs = guard(partial(take, text), command, fmt)
    return inputs
