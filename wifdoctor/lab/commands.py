"""``wifdoctor lab ...``: list the scenarios, print a scenario's token, serve the lab."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wifdoctor.lab.hosts import ADO_PATH, GITHUB_PATH

if TYPE_CHECKING:
    from wifdoctor.lab.scenario import Scenario
    from wifdoctor.lab.server import Lab

DEFAULT_SCENARIO = "healthy"
DEFAULT_PROXY_PORT = 8443
TOKEN_REFRESH_SECONDS = 60


def _scenario_or_exit(name: str) -> Scenario:
    from wifdoctor.lab.scenario import all_scenarios, scenario

    chosen = scenario(name)
    if chosen is None:
        names = ", ".join(s.name for s in all_scenarios())
        click.echo(
            f"wifdoctor lab: there is no scenario called {name!r} (there are: {names}).", err=True
        )
        sys.exit(2)
    return chosen


@click.group()
def lab() -> None:
    """The local lab: Entra, the platforms' issuers, Graph and ARM, with scenarios to try."""


@lab.command("scenarios")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def scenarios_command(fmt: str) -> None:
    """List the scenarios and what a correct diagnosis of each concludes."""
    from wifdoctor.lab.scenario import all_scenarios

    items = all_scenarios()
    if fmt == "json":
        import json

        click.echo(json.dumps([s.summary() for s in items], indent=2))
        return
    width = max(len(s.name) for s in items)
    for item in items:
        codes = ", ".join(f"AADSTS{c}" for c in item.expected_codes) or "success"
        click.echo(f"{item.name:{width}}  {item.title}  [{codes}]")


@lab.command("token")
@click.option(
    "--scenario", "name", required=True, help="The scenario whose workload token to mint."
)
def token_command(name: str) -> None:
    """Print the scenario's lab-signed ID token (signed now with a throwaway key)."""
    from wifdoctor.lab.scenario import build_lab

    click.echo(build_lab(_scenario_or_exit(name)).workload_token())


def export_lines(
    lab_obj: Lab, proxy_port: int | None, app_port: int, ca: Path | None, token_file: Path
) -> list[str]:
    """The lines to paste into a shell so tools reach the lab for the scenario."""
    chosen = lab_obj.scenario
    identity = [
        f"export AZURE_FEDERATED_TOKEN_FILE={token_file}",
        f"export AZURE_CLIENT_ID={chosen.client_id}",
        f"export AZURE_TENANT_ID={chosen.tenant_id}",
    ]
    if proxy_port is None or ca is None:
        # Plain HTTP reaches no SDK (they want https); curl with the real name in Host works.
        return [
            f"# plain HTTP on http://127.0.0.1:{app_port}: send the service's real host name, "
            f"e.g. curl -H 'Host: token.actions.githubusercontent.com' "
            f"http://127.0.0.1:{app_port}/.well-known/openid-configuration",
            *identity,
        ]
    ado = ADO_PATH.format(org="contoso", project="payments", plan="lab-plan", job="lab-job")
    return [
        f"export HTTPS_PROXY=http://127.0.0.1:{proxy_port}",
        "export NO_PROXY=",
        f"export SSL_CERT_FILE={ca}",
        f"export REQUESTS_CA_BUNDLE={ca}",
        f"export CURL_CA_BUNDLE={ca}",
        "export ACTIONS_ID_TOKEN_REQUEST_URL="
        f"'https://pipelines.actions.githubusercontent.com{GITHUB_PATH}?api-version=2.0'",
        f"export ACTIONS_ID_TOKEN_REQUEST_TOKEN={lab_obj.request_token}",
        f"export SYSTEM_OIDCREQUESTURI=https://dev.azure.com{ado}",
        f"export SYSTEM_ACCESSTOKEN={lab_obj.request_token}",
        *identity,
    ]


@lab.command("serve")
@click.option(
    "--port",
    default=DEFAULT_PROXY_PORT,
    show_default=True,
    help="Port on 127.0.0.1: the proxy's (TLS) or the plain listener's (--no-tls); 0 picks one.",
)
@click.option(
    "--tls/--no-tls",
    default=True,
    show_default=True,
    help="TLS with a throwaway CA and the CONNECT proxy.",
)
@click.option(
    "--scenario",
    "name",
    default=DEFAULT_SCENARIO,
    show_default=True,
    help="The scenario to serve (`wifdoctor lab scenarios` lists them).",
)
@click.option(
    "--latency",
    "latency_ms",
    default=0,
    show_default=True,
    help="Milliseconds added to every request.",
)
def serve_command(port: int, tls: bool, name: str, latency_ms: int) -> None:
    """Serve the lab on 127.0.0.1 until interrupted; prints the shell lines to use it first."""
    import shutil
    import tempfile

    from wifdoctor.lab.scenario import build_lab

    lab_obj = build_lab(_scenario_or_exit(name))
    lab_obj.state.latency_ms = max(0, latency_ms)
    directory = Path(tempfile.mkdtemp(prefix="wifdoctor-lab-"))
    signal.signal(signal.SIGTERM, _interrupted)  # clean up on `kill` as on Ctrl-C
    try:
        _serve(lab_obj, directory, port, tls, name)
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(directory, ignore_errors=True)  # the token and the CA's key go with the lab


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(lab_obj: Lab, directory: Path, port: int, tls: bool, name: str) -> None:
    from wifdoctor.lab.serve import LabServer

    token_file = directory / "azure-identity-token"
    token_file.write_text(lab_obj.workload_token(), encoding="utf-8")
    try:
        server = LabServer(lab_obj, directory, port=port, tls=tls).start()
    except OSError as exc:
        click.echo(
            f"wifdoctor lab serve: cannot listen on 127.0.0.1:{port}: {exc.strerror}.", err=True
        )
        sys.exit(2)
    try:
        ca = server.tls.ca_pem if server.tls else None
        for line in export_lines(lab_obj, server.proxy_port, server.app_port, ca, token_file):
            click.echo(line)
        sys.stdout.flush()  # `lab serve > lab.env &` must find the lines at once
        click.echo(f"# scenario {name}: {lab_obj.scenario.title}", err=True)
        state = lab_obj.state
        click.echo(
            f"# the operator's app (to read Graph and ARM): client ID {state.operator_client_id}, "
            f"secret {state.operator_secret}",
            err=True,
        )
        click.echo("# serving until interrupted (Ctrl-C)", err=True)
        while True:
            time.sleep(TOKEN_REFRESH_SECONDS)
            # Rewritten like a projected service account token, before the old one expires.
            token_file.write_text(lab_obj.workload_token(), encoding="utf-8")
    finally:
        server.stop()
