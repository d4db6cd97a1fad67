"""``wifdoctor capture``: the click command. Imports only click at module level; the rest loads
when the command runs (the CLI's start-up time is benchmarked)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import httpx

    from wifdoctor.capture.acquire import CaptureOptions
    from wifdoctor.capture.walk import LiveWalk
    from wifdoctor.checks.context import WalkRequest
    from wifdoctor.checks.plan import Step
    from wifdoctor.core.capture import Capture
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.core.live import LiveRequest
    from wifdoctor.report.redaction import Redactor


def run_capture(options: CaptureOptions, env: dict[str, str]) -> Capture:
    """The token requests go through the walk's one HTTP factory (https only, bounded, traced;
    proxy and CA bundle from the environment)."""
    import asyncio

    from wifdoctor.capture.acquire import capture_token
    from wifdoctor.clients.http import HttpFactory

    factory = HttpFactory(environment=env)

    def clients() -> httpx.AsyncClient:
        return factory.client()

    return asyncio.run(capture_token(options, env, clients))


def live_for(
    exchange: bool,
    client_id: str | None,
    tenant: str | None,
    sign_in: str,
    env: dict[str, str],
    secrets: tuple[str, ...],
) -> LiveRequest | None:
    """The live walk's request when --exchange or --client-id asks for it; IDs default to what
    the job's tools read (AZURE_CLIENT_ID, AZURESUBSCRIPTION_CLIENT_ID, ARM_CLIENT_ID, ...)."""
    if not (exchange or client_id):
        return None
    from wifdoctor.core.errors import InputError
    from wifdoctor.core.live import LiveRequest
    from wifdoctor.knowledge.ci_environments import CLIENT_ID_VARS, TENANT_ID_VARS, first_set

    client_id = client_id or first_set(env, CLIENT_ID_VARS)
    tenant = tenant or first_set(env, TENANT_ID_VARS)
    if not client_id or not tenant:
        raise InputError(
            "--exchange needs the identity's client ID and tenant.",
            hint="Pass --client-id and --tenant, or set AZURE_CLIENT_ID and AZURE_TENANT_ID.",
        )
    return LiveRequest(
        client_id=client_id, tenant=tenant, exchange=exchange, sign_in=sign_in, secrets=secrets
    )


def live_walk(lab_latency: int) -> LiveWalk:
    """The live walk as the CLI runs it (progress on stderr), after capture's own step."""

    def run(request: WalkRequest, first: list[Step]) -> Diagnosis:
        from wifdoctor import cli_live

        prepared, lab = cli_live.prepare(request, lab_latency)
        return cli_live.run(prepared, lab, first=first)

    return run


@click.command("capture")
@click.option(
    "--platform",
    metavar="ID",
    help="Skip detection: github, ado, gitlab, k8s, tfc, bitbucket, circleci, buildkite.",
)
@click.option(
    "--audience",
    default="api://AzureADTokenExchange",
    show_default=True,
    help="The audience to ask for, where the platform lets the job choose.",
)
@click.option("--token-file", metavar="PATH", help="Read the token from this file instead.")
@click.option("--env-var", metavar="NAME", help="Read the token from this environment variable.")
@click.option(
    "--service-connection",
    metavar="ID",
    help="Azure DevOps: the service connection's ID (default: AZURESUBSCRIPTION_SERVICE_"
    "CONNECTION_ID or ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID).",
)
@click.option(
    "--credentials",
    "credentials_path",
    metavar="FILE",
    help="Federated credentials to compare with (az/Graph/ARM JSON).",
)
@click.option(
    "--cloud", type=click.Choice(("public", "usgov", "china")), default="public", show_default=True
)
@click.option("--exchange", is_flag=True, help="Also try the token exchange with Entra (opt-in).")
@click.option("--client-id", metavar="ID", help="For --exchange (default: AZURE_CLIENT_ID, ...).")
@click.option("--tenant", metavar="TENANT", help="For --exchange (default: AZURE_TENANT_ID, ...).")
@click.option(
    "--sign-in",
    "sign_in",
    type=click.Choice(
        ("cli", "device-code", "environment", "workload-identity", "managed-identity")
    ),
    default="cli",
    show_default=True,
    help="With --exchange: how to sign in to read the identity from Graph.",
)
@click.option(
    "--summary", is_flag=True, help="Write Markdown to $GITHUB_STEP_SUMMARY or upload it (ADO)."
)
@click.option(
    "--annotations/--no-annotations",
    default=True,
    show_default=True,
    help="GitHub ::error:: / Azure DevOps ##vso[task.logissue] lines per finding, in CI.",
)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text")
@click.option("--no-color", is_flag=True, help="Plain text (also when NO_COLOR is set).")
def capture(
    platform: str | None,
    audience: str,
    token_file: str | None,
    env_var: str | None,
    service_connection: str | None,
    credentials_path: str | None,
    cloud: str,
    exchange: bool,
    client_id: str | None,
    tenant: str | None,
    sign_in: str,
    summary: bool,
    annotations: bool,
    fmt: str,
    no_color: bool,
) -> None:
    """Inside a CI job or pod: get the workload's ID token the platform's way and diagnose it.

    The token is never printed. Findings about the job's environment (a missing permission,
    variable or injection) come first, with the real HTTP status when a token request failed.
    """
    import os

    from wifdoctor.capture.acquire import CaptureOptions
    from wifdoctor.capture.walk import diagnose_capture
    from wifdoctor.commands import plumbing
    from wifdoctor.core.errors import WifdoctorError
    from wifdoctor.report.redaction import Redactor

    env = dict(os.environ)
    options = CaptureOptions(
        platform=platform,
        audience=audience,
        token_file=token_file,
        env_var=env_var,
        service_connection=service_connection,
    )
    try:
        captured = run_capture(options, env)
    except WifdoctorError as exc:
        plumbing.fail("capture", exc, fmt)
    credentials = plumbing.credentials(credentials_path)
    redactor = Redactor.for_environment(env, captured.secrets)
    try:
        live = live_for(exchange, client_id, tenant, sign_in, env, redactor.secrets)
    except WifdoctorError as exc:
        plumbing.fail("capture", exc, fmt)
    diagnosis = diagnose_capture(
        captured,
        credentials=credentials,
        cloud=cloud,
        clock=plumbing.clock(),
        live=live,
        live_walk=live_walk(0),
    )
    diagnosis = redactor.diagnosis(diagnosis)
    captured = redactor.diagnosis(captured)
    emit(diagnosis, captured, redactor, fmt=fmt, color=plumbing.use_color(no_color))
    if summary:
        from wifdoctor.capture.ci_output import write_summary

        line = write_summary(capture_markdown_text(diagnosis, captured), env, redactor)
        # A logging command goes to stdout, where the agent reads it, except in JSON mode, where
        # stdout holds the JSON object only.
        click.echo(line, err=fmt == "json" or not line.startswith("##vso"))
    if annotations and fmt != "json":
        from wifdoctor.capture.ci_output import annotation_lines, ci_style

        style = ci_style(env)
        if style is not None:
            for line in annotation_lines(diagnosis, style, redactor):
                click.echo(line)
    sys.exit(diagnosis.exit_code)


def capture_markdown_text(diagnosis: Diagnosis, captured: Capture) -> str:
    from wifdoctor.report.capture_view import capture_markdown
    from wifdoctor.report.markdown_report import render_markdown

    body = render_markdown(diagnosis)
    head, _, rest = body.partition("\n\n")
    return "\n".join([head, "", *capture_markdown(captured)]) + rest


def emit(
    diagnosis: Diagnosis,
    captured: Capture,
    redactor: Redactor,
    *,
    fmt: str,
    color: bool,
) -> None:
    if fmt == "json":
        import json

        from wifdoctor.report.capture_view import capture_data
        from wifdoctor.report.json_report import render_json

        data = json.loads(render_json(diagnosis))
        data["capture"] = capture_data(captured)
        click.echo(redactor.text(json.dumps(redactor.data(data), indent=2)))
    elif fmt == "markdown":
        click.echo(redactor.text(capture_markdown_text(diagnosis, captured)), nl=False)
    else:
        import io

        from wifdoctor.report.text_report import render_text

        buffer = io.StringIO()
        render_text(diagnosis, buffer, color=color)
        click.echo(redactor.text(buffer.getvalue()), nl=False)
