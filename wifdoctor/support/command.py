"""``wifdoctor report``: one redacted bundle for a support ticket (Markdown, JSON or HTML)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wifdoctor.cli_live import live_options

if TYPE_CHECKING:
    from datetime import datetime

    from wifdoctor.core.capture import Capture
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.report.redaction import Redactor


@click.command("report")
@click.option("--token", "token_input", metavar="INPUT", help="The ID token (value, - or @FILE).")
@click.option("--error", "error_input", metavar="INPUT", help="The error or log text.")
@click.option("--credentials", "credentials_path", metavar="FILE", help="Federated credentials.")
@click.option(
    "--capture",
    "use_capture",
    is_flag=True,
    help="Inside a CI job or pod: get the token the platform's way (as `wifdoctor capture`).",
)
@click.option("--platform", metavar="ID", help="With --capture: skip platform detection.")
@click.option(
    "--cloud", type=click.Choice(("public", "usgov", "china")), default="public", show_default=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("markdown", "json", "html")),
    default="markdown",
    show_default=True,
)
@click.option("--output", metavar="FILE", help="Write the report here instead of stdout.")
@click.option(
    "--at",
    "at_value",
    metavar="TIME",
    help="When the failing exchange happened (ISO 8601), when the input does not say.",
)
@live_options
def report(
    token_input: str | None,
    error_input: str | None,
    credentials_path: str | None,
    use_capture: bool,
    platform: str | None,
    cloud: str,
    fmt: str,
    output: str | None,
    at_value: str | None,
    **live_params: Any,
) -> None:
    """Write a redacted diagnostics bundle for a support ticket.

    Same inputs as diagnose. Versions, where it ran, the inputs (claims without signature, logs
    masked), credentials, the match table, steps with timings, the HTTP trace, findings and
    Entra's trace and correlation IDs. Tokens and secrets are masked in every format.
    """
    import os

    from wifdoctor.commands import plumbing
    from wifdoctor.core.errors import InputError, WifdoctorError
    from wifdoctor.report.redaction import Redactor

    env = dict(os.environ)
    fail_fmt = "json" if fmt == "json" else "text"
    from wifdoctor.cli_live import live_request

    live = plumbing.guard(lambda: live_request(live_params), "report", fail_fmt)
    if not (token_input or error_input or use_capture or live):
        plumbing.fail("report", InputError("Give --token, --error, --capture or --lab."), fail_fmt)
    if token_input == "-" and error_input == "-":
        plumbing.fail("report", InputError("Only one input can read standard input."), fail_fmt)
    # The same intake as diagnose: each input recognised as a paste into the app would be.
    inputs = plumbing.intake(error_input, token_input, "report", fail_fmt)
    token_text, error_text = inputs.token_text, inputs.error_text
    captured = None
    if use_capture:
        from wifdoctor.capture.acquire import CaptureOptions
        from wifdoctor.capture.command import run_capture

        try:
            captured = run_capture(CaptureOptions(platform=platform), env)
        except WifdoctorError as exc:
            plumbing.fail("report", exc, fail_fmt)
    evidence = inputs.evidence
    credentials = (
        plumbing.credentials(credentials_path)
        if credentials_path is not None
        else inputs.credentials
    )
    from wifdoctor.capture.command import live_walk
    from wifdoctor.capture.walk import diagnose_capture

    diagnosis = diagnose_capture(
        captured,
        token_text=token_text,
        evidence=evidence,
        credentials=credentials,
        cloud=cloud,
        clock=plumbing.clock(),
        command="report",
        at=plumbing.at(at_value, "report", fail_fmt),
        live=live,
        live_walk=live_walk(int(live_params.get("lab_latency") or 0)),
    )
    secrets = [*(captured.secrets if captured else ()), *([token_text] if token_text else [])]
    secrets += [*(live.secrets if live else ())]
    redactor = Redactor.for_environment(env, secrets)
    text = render_report(diagnosis, captured, env, error_text, redactor, fmt, plumbing.clock()())
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            Path(output).expanduser().write_text(text, encoding="utf-8")
        except OSError as exc:
            plumbing.fail("report", InputError(f"Cannot write {output}: {exc.strerror}."), fail_fmt)
        click.echo(f"Wrote the {fmt} report to {output}.", err=True)
    sys.exit(diagnosis.exit_code)


def render_report(
    diagnosis: Diagnosis,
    captured: Capture | None,
    env: dict[str, str],
    error_text: str | None,
    redactor: Redactor,
    fmt: str,
    now: datetime,
) -> str:
    from wifdoctor.report.summary import headline
    from wifdoctor.support.bundle import build_bundle

    diagnosis = redactor.diagnosis(diagnosis)
    captured = redactor.diagnosis(captured) if captured is not None else None
    bundle = build_bundle(
        diagnosis,
        env=env,
        generated_at=now,
        error_text=redactor.text(error_text) if error_text is not None else None,
        capture=captured,
        redactor=redactor,
    )
    if fmt == "json":
        import json

        text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        from wifdoctor.report.bundle_html import render_bundle_html

        line, severity = headline(diagnosis)
        text = render_bundle_html(bundle, line, str(severity))
    else:
        from wifdoctor.report.bundle_markdown import render_bundle_markdown

        text = render_bundle_markdown(bundle, diagnosis)
    return redactor.text(text)
