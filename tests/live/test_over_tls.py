"""The same walk against ``lab serve`` over real TLS, reached through its CONNECT proxy under
the real host names: the walk's environment names the proxy and the lab's CA, nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.live.helpers import errors, ids, lab, request_for, step, walk_lab
from tests.live.test_lab_walk import ALSO_TRUE, declared
from wifdoctor.clients.environment import WalkEnvironment
from wifdoctor.clients.http import HttpFactory
from wifdoctor.clients.lab_link import lab_operator
from wifdoctor.knowledge.clouds import CLOUDS
from wifdoctor.lab.scenario import all_scenarios
from wifdoctor.lab.serve import LabServer


@pytest.mark.parametrize("name", [s.name for s in all_scenarios()])
async def test_the_walk_over_tls_through_the_proxy(name: str, tmp_path: Path) -> None:
    chosen = lab(name)
    with LabServer(chosen, tmp_path) as server:
        assert server.tls is not None and server.proxy_port is not None
        environment = {
            "HTTPS_PROXY": f"http://127.0.0.1:{server.proxy_port}",
            "SSL_CERT_FILE": str(server.tls.ca_pem),
        }
        env = WalkEnvironment(
            http=HttpFactory(environment=environment),  # the real transport, real sockets
            cloud=CLOUDS[chosen.scenario.cloud],
            operator=lab_operator(chosen),  # the sign-in is the lab tenant's
            environment=environment,
        )
        diagnosis = await walk_lab(chosen, request=request_for(chosen), env=env)
    assert declared(name) <= ids(diagnosis)
    assert errors(diagnosis) <= declared(name) | ALSO_TRUE.get(name, set())
    assert all("unexpectedly" not in s.summary for s in diagnosis.steps)
    if name == "healthy":
        assert step(diagnosis, "exchange").status == "pass"
        # servers over sockets send Date headers: the clock step compares them
        assert "servers_minus_local" in step(diagnosis, "clock").evidence


def test_diagnose_against_lab_serve_on_the_command_line(tmp_path: Path) -> None:
    """``wifdoctor lab serve`` in one process, ``wifdoctor diagnose`` in another, with only the
    lines ``lab serve`` prints; the operator signs in as the workload (workload identity)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "HTTPS_PROXY"))}
    port = _free_port()
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wifdoctor",
            "lab",
            "serve",
            "--port",
            str(port),
            "--scenario",
            "healthy",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        exports = _read_exports(serve, deadline=time.monotonic() + 20)
        env.update(exports)
        token_file = exports["AZURE_FEDERATED_TOKEN_FILE"]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "wifdoctor",
                "diagnose",
                "--token",
                f"@{token_file}",
                "--client-id",
                exports["AZURE_CLIENT_ID"],
                "--tenant",
                exports["AZURE_TENANT_ID"],
                "--sign-in",
                "workload-identity",
                "--exchange",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        serve.terminate()
        serve.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert {f["id"] for f in data["findings"]} == {"configuration-matches"}
    statuses = {s["id"]: s["status"] for s in data["steps"]}
    assert statuses["identity"] == statuses["exchange"] == statuses["access"] == "pass"
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _read_exports(process: subprocess.Popen[str], deadline: float) -> dict[str, str]:
    found: dict[str, str] = {}
    assert process.stdout is not None
    while "AZURE_TENANT_ID" not in found:
        if time.monotonic() > deadline:
            raise AssertionError("lab serve printed no exports")
        line = process.stdout.readline()
        if not line:
            raise AssertionError(process.stderr.read() if process.stderr else "lab serve ended")
        if line.startswith("export "):
            key, _, value = line[7:].strip().partition("=")
            found[key] = value.strip("'")
    return found
