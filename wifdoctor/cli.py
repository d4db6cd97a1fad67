"""The command line: ``wifdoctor`` opens the TUI; subcommands do everything headless.

Exit status (spec/cli.md): 0 nothing of severity error, 1 an error found, 2 the input or options
could not be used, 3 a check could not complete. Heavy imports (textual, msgraph, azure.identity,
rich) happen inside the commands that need them, so ``decode`` and ``explain`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from wifdoctor import __version__
from wifdoctor.capture.command import capture as capture_command
from wifdoctor.cli_live import app_live_options, live_options, live_request, warm_graph_soon
from wifdoctor.core.errors import InputError, TokenError, WifdoctorError
from wifdoctor.lab.commands import lab as lab_commands
from wifdoctor.support.command import report as report_command

if TYPE_CHECKING:  # types only: the modules themselves load inside the commands that need them
    from datetime import datetime

    from wifdoctor.checks.context import WalkRequest
    from wifdoctor.core.credentials import FederatedCredential
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.core.session import Inputs
    from wifdoctor.core.times import Clock

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "json", "markdown")
CLOUD_IDS = ("public", "usgov", "china")
NOW_ENV = "WIFDOCTOR_NOW"


def output_options(function: F) -> F:
    function = click.option(
        "--no-color", is_flag=True, help="Plain text without colours (also when NO_COLOR is set)."
    )(function)
    function = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="text for people, json for scripts (spec/cli.md), markdown for tickets.",
    )(function)
    return function


def at_option(function: F) -> F:
    return click.option(
        "--at",
        "at_value",
        metavar="TIME",
        help="When the failing exchange happened (ISO 8601), when the input does not say.",
    )(function)


def credentials_option(function: F) -> F:
    return click.option(
        "--credentials",
        "credentials_path",
        metavar="FILE",
        help="Federated credentials to compare with (az/Graph/ARM JSON).",
    )(function)


def cloud_option(function: F) -> F:
    return click.option(
        "--cloud",
        type=click.Choice(CLOUD_IDS),
        default="public",
        show_default=True,
        help="The Entra cloud of the identity (its token-exchange audience and hosts).",
    )(function)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="wifdoctor")
@app_live_options
@click.pass_context
def main(ctx: click.Context, /, **live_params: Any) -> None:
    """Why a workload identity federation exchange with Microsoft Entra ID fails, and the fix.

    Run without a command in a terminal to open the interactive app (with --client-id and
    --tenant it reads the identity's credentials and walks against the tenant).
    """
    if ctx.invoked_subcommand is not None:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        from wifdoctor.tui.launch import run_app

        run_app(live=live_request(live_params))
        return
    click.echo(ctx.get_help())
    ctx.exit(2)


@main.command()
@click.argument("input_value", metavar="[INPUT]", required=False)
@cloud_option
@at_option
@output_options
def decode(
    input_value: str | None, cloud: str, at_value: str | None, fmt: str, no_color: bool
) -> None:
    """Decode an ID token: header, claims explained, times, platform, subject parts.

    INPUT is the token, '-' for standard input, or @FILE.
    """
    from wifdoctor.checks.context import WalkRequest

    text = _read(input_value, "token")
    at = _at(at_value, "decode", fmt)
    diagnosis = _walk(WalkRequest("decode", token_text=text, cloud=cloud, clock=_clock(), at=at))
    if diagnosis.token is None:
        error = _token_error(diagnosis)
        _fail("decode", error, fmt)
    _emit(diagnosis, fmt, no_color)


@main.command()
@click.argument("input_value", metavar="[INPUT]", required=False)
@credentials_option
@cloud_option
@at_option
@output_options
def explain(
    input_value: str | None,
    credentials_path: str | None,
    cloud: str,
    at_value: str | None,
    fmt: str,
    no_color: bool,
) -> None:
    """Explain pasted error or log text: AADSTS lines, azure/login output, SDK exceptions.

    INPUT is the text, '-' for standard input, or @FILE. With --credentials the issuer,
    subject and audience the error quotes are matched against those credentials.
    """
    from wifdoctor.checks.context import WalkRequest
    from wifdoctor.core.session import Inputs

    text = _read(input_value, "error text")
    credentials = _credentials(credentials_path)
    # The same recognition as a paste into the app: error text, a log with a token in it, or a
    # token given to explain by mistake are all taken as what they are.
    inputs, _said = _guard(lambda: Inputs().with_paste(text), "explain", fmt)
    request = WalkRequest(
        "explain",
        token_text=inputs.token_text,
        evidence=inputs.evidence,
        credentials=credentials if credentials is not None else inputs.credentials,
        cloud=cloud,
        clock=_clock(),
        at=_at(at_value, "explain", fmt),
    )
    _emit(_walk(request), fmt, no_color)


@main.command()
@click.option("--token", "token_input", metavar="INPUT", help="The ID token (value, - or @FILE).")
@click.option(
    "--error", "error_input", metavar="INPUT", help="The error or log text (value, - or @FILE)."
)
@credentials_option
@cloud_option
@at_option
@live_options
@output_options
def diagnose(
    token_input: str | None,
    error_input: str | None,
    credentials_path: str | None,
    cloud: str,
    at_value: str | None,
    fmt: str,
    no_color: bool,
    **live_params: Any,
) -> None:
    """The whole walk over a token and/or error text, with the credentials to match.

    With --client-id and --tenant: the tenant's real credentials, the issuer and signature
    checked for real, and with --exchange the exchange itself. --lab SCENARIO: the in-process lab.
    """
    from wifdoctor.checks.context import WalkRequest
    from wifdoctor.core.session import Inputs

    live = _guard(lambda: live_request(live_params), "diagnose", fmt)
    if live is not None and credentials_path is None:
        warm_graph_soon()  # msgraph's imports in a thread while the input is read
    if token_input is None and error_input is None and live is None:
        _fail("diagnose", InputError("Give --token INPUT, --error INPUT, or both."), fmt)
    if token_input == "-" and error_input == "-":
        _fail(
            "diagnose", InputError("Only one of --token and --error can read standard input."), fmt
        )
    # The one intake: each input is recognised as a paste into the app would be (a log given as
    # --token still yields its token and messages); the error text first, so that an explicit
    # --token wins over a token found inside the log.
    inputs = Inputs()
    for value, what in ((error_input, "error text"), (token_input, "token")):
        if value is not None:
            text = _read(value, what)
            inputs = _guard(partial(_take, inputs, text), "diagnose", fmt)
    request = WalkRequest(
        "diagnose",
        token_text=inputs.token_text,
        evidence=inputs.evidence,
        credentials=_credentials(credentials_path)
        if credentials_path is not None
        else inputs.credentials,
        cloud=cloud,
        clock=_clock(),
        at=_at(at_value, "diagnose", fmt),
        live=live,
    )
    if live is None:
        _emit(_walk(request), fmt, no_color)
    from wifdoctor import cli_live

    request, lab = _guard(
        lambda: cli_live.prepare(request, live_params.get("lab_latency") or 0), "diagnose", fmt
    )
    _emit(cli_live.run(request, lab), fmt, no_color, live.secrets)


@main.command()
@click.argument("example_name", metavar="[EXAMPLE]", required=False)
@click.option("--list", "list_examples", is_flag=True, help="List the examples and exit.")
@click.option(
    "--lab",
    "lab_scenario",
    metavar="SCENARIO",
    help="Run the whole live walk against a lab scenario (wifdoctor lab scenarios).",
)
@click.option(
    "--write",
    "write_dir",
    metavar="DIR",
    help="Write the example's token, error text and credentials to DIR, to try the "
    "headless commands on, and exit.",
)
@cloud_option
def demo(
    example_name: str | None,
    list_examples: bool,
    lab_scenario: str | None,
    write_dir: str | None,
    cloud: str,
) -> None:
    """Open the app on a built-in example: a token, credentials and an error text.

    No tenant and no network needed. EXAMPLE defaults to github-environment.
    """
    from wifdoctor.demo.examples import DEFAULT_EXAMPLE, EXAMPLES, example

    if list_examples:
        width = max(len(item.name) for item in EXAMPLES)
        for item in EXAMPLES:
            default = "  (default)" if item.name == DEFAULT_EXAMPLE else ""
            click.echo(f"{item.name:{width}}  {item.title}{default}")
        return
    if lab_scenario is not None:
        from wifdoctor.cli_live import demo_lab

        _guard(lambda: demo_lab(lab_scenario), "demo", "text")
        return
    name = example_name or DEFAULT_EXAMPLE
    if example(name) is None:
        _fail(
            "demo",
            InputError(
                f"There is no example called {name!r}.", hint="`wifdoctor demo --list` shows them."
            ),
            "text",
        )
    if write_dir is not None:
        _write_example(name, write_dir)
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _fail(
            "demo",
            InputError(
                "The demo opens the interactive app, which needs a terminal.",
                hint="For scripts, use decode, explain or diagnose.",
            ),
            "text",
        )
    from wifdoctor.tui.launch import run_app

    run_app(example=name, cloud=cloud)


def _write_example(name: str, directory: str) -> None:
    from pathlib import Path

    from wifdoctor.demo.examples import example, materialise

    chosen = example(name)
    assert chosen is not None
    made = materialise(chosen, _clock()())
    target = Path(directory).expanduser()
    files = {
        "token.jwt": made.token,
        "error.txt": made.error_text,
        "credentials.json": made.credentials_json,
    }
    try:
        target.mkdir(parents=True, exist_ok=True)
        for filename, text in files.items():
            if text is not None:
                # A token file ends without a newline: SDKs send the file's bytes as they are.
                ending = "" if filename == "token.jwt" else "\n"
                (target / filename).write_text(text + ending, encoding="utf-8")
    except OSError as exc:
        _fail("demo", InputError(f"Cannot write to {target}: {exc.strerror or exc}."), "text")
    click.echo(f"{chosen.title}\n{chosen.description}\n")
    click.echo("The token was signed just now with a throwaway key; it is valid for minutes.")
    args = [
        f"--token @{target / 'token.jwt'}" if made.token else "",
        f"--error @{target / 'error.txt'}" if made.error_text else "",
        f"--credentials {target / 'credentials.json'}" if made.credentials_json else "",
    ]
    click.echo("Try:  wifdoctor diagnose " + " ".join(arg for arg in args if arg))


# ---- plumbing -------------------------------------------------------------------------------

T = TypeVar("T")


def _take(inputs: Inputs, text: str) -> Inputs:
    return inputs.with_paste(text)[0]


def _guard(action: Callable[[], T], command: str, fmt: str) -> T:
    try:
        return action()
    except WifdoctorError as exc:
        _fail(command, exc, fmt)


def _read(value: str | None, what: str) -> str:
    from wifdoctor.inputs import read_input

    command = click.get_current_context().info_name or "wifdoctor"
    fmt = click.get_current_context().params.get("fmt", "text")
    return _guard(lambda: read_input(value, what=what, stdin=sys.stdin), command, fmt)


def _credentials(path: str | None) -> tuple[FederatedCredential, ...] | None:
    if path is None:
        return None
    from wifdoctor.core.credentials import load_credentials
    from wifdoctor.inputs import read_input

    command = click.get_current_context().info_name or "wifdoctor"
    fmt = click.get_current_context().params.get("fmt", "text")
    value = path if path == "-" or path.startswith("@") else f"@{path}"
    text = _guard(lambda: read_input(value, what="credentials", stdin=sys.stdin), command, fmt)
    return tuple(_guard(lambda: load_credentials(text), command, fmt))


def _at(value: str | None, command: str, fmt: str) -> datetime | None:
    if value is None:
        return None
    from wifdoctor.core.times import parse_instant

    moment = parse_instant(value)
    if moment is None:
        _fail(
            command,
            InputError(
                f"--at {value!r} is not a time.",
                hint="Give it in ISO 8601, e.g. 2025-10-13T14:54:34Z, or as Unix seconds.",
            ),
            fmt,
        )
    return moment


def _clock() -> Clock:
    from wifdoctor.core.times import parse_instant, system_clock

    value = os.environ.get(NOW_ENV)
    if value:
        frozen = parse_instant(value)
        if frozen is None:
            raise click.BadParameter(f"{NOW_ENV}={value!r} is not an ISO 8601 time or epoch.")
        return lambda: frozen
    return system_clock


def _walk(request: WalkRequest) -> Diagnosis:
    from wifdoctor.checks.context import WalkContext
    from wifdoctor.checks.offline_driver import needs_event_loop, run_offline
    from wifdoctor.checks.offline_steps import offline_steps

    steps = offline_steps()
    if not needs_event_loop(steps):  # the plan says whether a step waits on the network
        return run_offline(steps, WalkContext.start(request))
    import asyncio  # pragma: no cover - the offline plan has no network step today

    from wifdoctor.checks.runner import collect

    return asyncio.run(collect(steps, WalkContext.start(request)))


def _token_error(diagnosis: Diagnosis) -> WifdoctorError:
    decode = next((step for step in diagnosis.steps if step.id == "decode"), None)
    finding = decode.findings[0] if decode and decode.findings else None
    if finding is None:
        return TokenError("The token could not be decoded.")
    hint = finding.fix[0] if finding.fix else None
    return TokenError(finding.evidence.get("reason", finding.explanation), hint=hint)


def _fail(command: str, error: WifdoctorError, fmt: str) -> NoReturn:
    """Exit 2 with a one-line reason (and, in JSON mode, a JSON object saying the same)."""
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                {
                    "schema_version": 1,
                    "command": command,
                    "error": {"message": error.message, "hint": error.hint},
                    "exit_code": 2,
                },
                indent=2,
            )
        )
    click.echo(f"wifdoctor {command}: {error}", err=True)
    sys.exit(2)


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _emit(
    diagnosis: Diagnosis, fmt: str, no_color: bool, secrets: tuple[str, ...] = ()
) -> NoReturn:
    from wifdoctor.report.redact import redact

    diagnosis = redact(diagnosis, secrets)  # the one pass before any renderer
    if fmt == "json":
        from wifdoctor.report.json_report import render_json

        click.echo(render_json(diagnosis))
    elif fmt == "markdown":
        from wifdoctor.report.markdown_report import render_markdown

        click.echo(render_markdown(diagnosis), nl=False)
    else:
        from wifdoctor.report.text_report import render_text

        color = _use_color(no_color)
        render_text(diagnosis, sys.stdout, color=color)  # width: the terminal's, COLUMNS, or 80
    sys.exit(diagnosis.exit_code)


main.add_command(lab_commands)
main.add_command(capture_command)
main.add_command(report_command)
