"""Shared by the capture tests: a lab, its variables as a job would see them, fake platform CLIs."""

from __future__ import annotations

import asyncio
import os
import stat
import time
from pathlib import Path
from typing import Any

import httpx

from wifdoctor.capture.acquire import CaptureOptions, capture_token
from wifdoctor.core.capture import Capture
from wifdoctor.lab.commands import export_lines
from wifdoctor.lab.scenario import build_lab
from wifdoctor.lab.server import Lab

SERVICE_CONNECTION = "5b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b"


def lab_for(name: str = "healthy") -> Lab:
    return build_lab(name, clock=time.time)


def lab_variables(lab: Lab, token_file: Path, **shell: Any) -> dict[str, str]:
    """The variables `wifdoctor lab serve` prints for this lab, parsed like a shell would."""
    # In process (no proxy given) the network lines are placeholders: the transport is the lab.
    proxy_port = shell.get("proxy_port") or 1
    ca = shell.get("ca") or token_file.with_name("unused-ca.pem")
    found: dict[str, str] = {}
    for line in export_lines(lab, proxy_port, 0, ca, token_file):
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            found[name] = value.strip("'")
    return found


def github_env(lab: Lab, token_file: Path) -> dict[str, str]:
    variables = lab_variables(lab, token_file)
    return {
        "GITHUB_ACTIONS": "true",
        "ACTIONS_ID_TOKEN_REQUEST_URL": variables["ACTIONS_ID_TOKEN_REQUEST_URL"],
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": variables["ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
        "GITHUB_REPOSITORY": "contoso/payments-api",
    }


def ado_env(lab: Lab, token_file: Path) -> dict[str, str]:
    variables = lab_variables(lab, token_file)
    return {
        "TF_BUILD": "True",
        "SYSTEM_OIDCREQUESTURI": variables["SYSTEM_OIDCREQUESTURI"],
        "SYSTEM_ACCESSTOKEN": variables["SYSTEM_ACCESSTOKEN"],
        "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID": SERVICE_CONNECTION,
    }


def capture_in(lab: Lab | None, env: dict[str, str], **options: Any) -> Capture:
    def clients() -> httpx.AsyncClient:
        if lab is None:
            raise AssertionError("this capture must not make HTTP requests")
        return httpx.AsyncClient(transport=lab.transport())

    return asyncio.run(capture_token(CaptureOptions(**options), env, clients))


def fake_command(folder: Path, name: str, script: str) -> dict[str, str]:
    """A stand-in for a platform CLI (circleci, buildkite-agent) on PATH; returns PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}
