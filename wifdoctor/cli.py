"""The command line: ``wifdoctor`` opens the TUI; subcommands do everything headless.

Exit status (spec/cli.md): 0 nothing of severity error, 1 an error found, 2 the input or options
could not be used, 3 a check could not complete, 4 wifdoctor itself failed (wifdoctor.crash).
Heavy imports (textual, msgraph, azure.identity, rich) happen inside the commands that need
them, so ``decode`` and ``explain`` start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wifdoctor import __version__
from wifdoctor.capture.command import capture as capture_command
from wifdoctor.cli_live import app_live_options, live_options, live_request, warm_graph_soon
from wifdoctor.commands import plumbing
from wifdoctor.commands.findings import findings as findings_command
from wifdoctor.core.errors import InputError
from wifdoctor.crash import GuardedGroup
from wifdoctor.lab.commands import lab as lab_commands
from wifdoctor.provision.command import setup as setup_command
from wifdoctor.provision.fix import fix_options, run_fix
from wifdoctor.support.command import report as report_command

if TYPE_CHECKING:  # types only: the modules themselves load inside the commands that need them
    pass

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("text", "json", "markdown")
CLOUD_IDS = ("public", "usgov", "china")
NEW_TOKEN = "The token was signed just now with a throwaway key; it is valid for minutes."


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
        help="text for people, json for scripts (docs/cli.md), markdown for tickets.",
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


@click.group(
    cls=GuardedGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="wifdoctor")
@click.option(
    "--debug",
    is_flag=True,
    help="On an internal error (exit 4), print the traceback too (also after the command).",
)
@app_live_options
@click.pass_context
def main(ctx: click.Context, /, debug: bool = False, **live_params: Any) -> None:
    """Why a workload identity federation exchange with Microsoft Entra ID fails, and the fix.

    Run without a command in a terminal to open the interactive app (with --client-id and
    --tenant it reads the identity's credentials and walks against the tenant).
    Reference: docs/cli.md.
    Completion: eval "$(_WIFDOCTOR_COMPLETE=bash_source wifdoctor)" (zsh_source, fish_source).
    """
    if ctx.invoked_subcommand is not None:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        from wifdoctor.tui.launch import run_app

        run_app(live=live_request(live_params))
        return
    click.echo(ctx.get_help(), err=True)  # as click does for a group called without a command
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

    text = plumbing.read(input_value, "token")
    at = plumbing.at(at_value, "decode", fmt)
    diagnosis = plumbing.walk(
        WalkRequest("decode", token_text=text, cloud=cloud, clock=plumbing.clock(), at=at)
    )
    if diagnosis.token is None:
        error = plumbing.token_error(diagnosis)
        plumbing.fail("decode", error, fmt)
    plumbing.emit(diagnosis, fmt, no_color)


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

    text = plumbing.read(input_value, "error text")
    credentials = plumbing.credentials(credentials_path)
    # The same recognition as a paste into the app: error text, a log with a token in it, or a
    # token given to explain by mistake are all taken as what they are.
    inputs, _said = plumbing.guard(lambda: Inputs().with_paste(text), "explain", fmt)
    request = WalkRequest(
        "explain",
        token_text=inputs.token_text,
        evidence=inputs.evidence,
        credentials=credentials if credentials is not None else inputs.credentials,
        cloud=cloud,
        clock=plumbing.clock(),
        at=plumbing.at(at_value, "explain", fmt),
    )
    plumbing.emit(plumbing.walk(request), fmt, no_color)


@main.command()
@click.option("--token", "token_input", metavar="INPUT", help="The ID token (value, - or @FILE).")
@click.option(
    "--error", "error_input", metavar="INPUT", help="The error or log text (value, - or @FILE)."
)
@credentials_option
@cloud_option
@at_option
@live_options
@fix_options
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

    fix, fix_yes = live_params.pop("fix"), live_params.pop("fix_yes")
    live = plumbing.guard(lambda: live_request(live_params), "diagnose", fmt)
    credentials = plumbing.credentials(credentials_path)  # a missing file is said first
    if live is not None and credentials_path is None:
        warm_graph_soon()  # msgraph's imports in a thread while the input is read
    if token_input is None and error_input is None and live is None:
        plumbing.fail("diagnose", InputError("Give --token INPUT, --error INPUT, or both."), fmt)
    if token_input == "-" and error_input == "-":
        plumbing.fail(
            "diagnose", InputError("Only one of --token and --error can read standard input."), fmt
        )
    inputs = plumbing.intake(error_input, token_input, "diagnose", fmt)
    request = WalkRequest(
        "diagnose",
        token_text=inputs.token_text,
        evidence=inputs.evidence,
        credentials=credentials if credentials_path is not None else inputs.credentials,
        cloud=cloud,
        clock=plumbing.clock(),
        at=plumbing.at(at_value, "diagnose", fmt),
        live=live,
    )
    if live is None:
        diagnosis = plumbing.walk(request)
        if fix:  # --fix without --lab or --client-id: run_fix says what it needs
            diagnosis = plumbing.guard(
                lambda: run_fix(diagnosis, None, None, fix_yes, partial(plumbing.walk, request)),
                "diagnose",
                fmt,
            )
        plumbing.emit(diagnosis, fmt, no_color)
    from wifdoctor import cli_live

    request, lab = plumbing.guard(
        lambda: cli_live.prepare(request, live_params.get("lab_latency") or 0), "diagnose", fmt
    )
    diagnosis = cli_live.run(request, lab)
    if fix:
        again = partial(cli_live.run, request, lab)
        diagnosis = plumbing.guard(
            lambda: run_fix(diagnosis, lab, live, fix_yes, again), "diagnose", fmt
        )
    plumbing.emit(diagnosis, fmt, no_color, live.secrets)


@main.command()
@click.argument("name", metavar="[SCENARIO]", required=False)
@click.option("--list", "list_examples", is_flag=True, help="List the scenarios and examples.")
@click.option(
    "--lab",
    "lab_scenario",
    metavar="SCENARIO",
    help="The lab scenario to walk (wifdoctor lab scenarios); the palette switches scenario.",
)
@click.option(
    "--example",
    "example_name",
    metavar="EXAMPLE",
    help="An offline built-in example instead: a token, credentials and an error text.",
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
    name: str | None,
    list_examples: bool,
    lab_scenario: str | None,
    example_name: str | None,
    write_dir: str | None,
    cloud: str,
) -> None:
    """Open the app on the whole live walk against the in-process lab.

    No tenant and no network needed: the lab's Entra, issuers, Graph and ARM answer. SCENARIO
    defaults to subject-entity; --example NAME opens an offline built-in example instead.
    """
    from wifdoctor.demo.examples import DEFAULT_EXAMPLE, DEFAULT_SCENARIO, example

    if list_examples:
        _list_demos()
        return
    if write_dir is None and example_name is None:
        from wifdoctor.lab.scenario_catalogue import scenario

        chosen = lab_scenario or name or DEFAULT_SCENARIO
        if scenario(chosen) is not None or (lab_scenario is not None and name is None):
            from wifdoctor.cli_live import demo_lab

            plumbing.guard(lambda: demo_lab(chosen), "demo", "text")
            return
        if example(chosen) is None:
            plumbing.fail(
                "demo",
                InputError(
                    f"There is no lab scenario or example called {chosen!r}.",
                    hint="`wifdoctor demo --list` shows them.",
                ),
                "text",
            )
    name = example_name or name or DEFAULT_EXAMPLE
    if example(name) is None:
        plumbing.fail(
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
        plumbing.fail(
            "demo",
            InputError(
                "The demo opens the interactive app, which needs a terminal.",
                hint="For scripts, use decode, explain or diagnose.",
            ),
            "text",
        )
    from wifdoctor.tui.launch import run_app

    run_app(example=name, cloud=cloud)


def _list_demos() -> None:
    from wifdoctor.demo.examples import DEFAULT_EXAMPLE, DEFAULT_SCENARIO, EXAMPLES
    from wifdoctor.lab.scenario_catalogue import all_scenarios

    scenarios = all_scenarios()
    width = max(len(n) for n in [s.name for s in scenarios] + [e.name for e in EXAMPLES])
    click.echo("Lab scenarios (the whole live walk; wifdoctor demo [SCENARIO]):")
    for item in scenarios:
        default = "  (default)" if item.name == DEFAULT_SCENARIO else ""
        click.echo(f"  {item.name:{width}}  {item.title}{default}")
    click.echo("\nOffline examples (wifdoctor demo --example NAME, --write DIR):")
    for offline in EXAMPLES:
        default = "  (default for --write)" if offline.name == DEFAULT_EXAMPLE else ""
        click.echo(f"  {offline.name:{width}}  {offline.title}{default}")


def _write_example(name: str, directory: str) -> None:
    from pathlib import Path

    from wifdoctor.demo.examples import example, materialise

    chosen = example(name)
    assert chosen is not None
    made = materialise(chosen, plumbing.clock()())
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
        plumbing.fail(
            "demo", InputError(f"Cannot write to {target}: {exc.strerror or exc}."), "text"
        )
    click.echo(f"{chosen.title}\n{chosen.description}\n")
    click.echo(NEW_TOKEN if made.token else "This example has no token: only its log is known.")
    args = [
        f"--token @{target / 'token.jwt'}" if made.token else "",
        f"--error @{target / 'error.txt'}" if made.error_text else "",
        f"--credentials {target / 'credentials.json'}" if made.credentials_json else "",
    ]
    click.echo("Try:  wifdoctor diagnose " + " ".join(arg for arg in args if arg))


main.add_command(findings_command)  # wifdoctor/commands/findings.py
main.add_command(lab_commands)
main.add_command(setup_command)
main.add_command(capture_command)
main.add_command(report_command)
