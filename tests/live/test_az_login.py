"""``diagnose --lab NAME --sign-in cli``: the operator signs in with the existing az login
(azure-identity's AzureCliCredential running the lab's stand-in az), and the walk reads the
identity's real credentials from the lab's Graph with that token; ``--sign-in device-code``
signs in through the lab's Entra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.lab.az import az_on_path
from wifdoctor.cli import main
from wifdoctor.lab.az_cli import az_login, calls
from wifdoctor.lab.scenario import build_lab


def diagnose(*args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(
        main, ["diagnose", "--lab", "subject-entity", "--sign-in", "cli", "--format", "json", *args]
    )
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_the_walk_reads_the_tenant_with_az_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    lab = build_lab("subject-entity")
    az_login(lab, config)
    code, data, _ = diagnose()
    steps = {s["id"]: s for s in data["steps"]}  # type: ignore[attr-defined]
    assert steps["identity"]["status"] == "pass", steps["identity"]
    identity = data["identity"]
    assert isinstance(identity, dict) and identity["client_id"] == lab.scenario.client_id
    assert "subject-entity-mismatch" in {f["id"] for f in data["findings"]}  # type: ignore[attr-defined]
    assert code == 1
    resources = [call[call.index("--resource") + 1] for call in calls(config)]
    assert "https://graph.microsoft.com" in resources
    # --lab fills in the scenario's tenant: az is asked for that tenant's token
    assert all(call[-2:] == ["--tenant", lab.scenario.tenant_id] for call in calls(config))


def test_without_az_login_the_identity_step_says_to_run_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    az_on_path(tmp_path, monkeypatch)
    code, data, err = diagnose()
    identity = next(s for s in data["steps"] if s["id"] == "identity")  # type: ignore[attr-defined]
    assert identity["status"] == "incomplete"
    assert "Please run 'az login'" in identity["summary"]
    assert "az login --tenant" in identity["summary"]
    assert "Traceback" not in err and code == 3  # a check could not complete


DEVICE_CODE = ("--sign-in", "device-code", "--format", "json")


def test_a_device_code_sign_in_runs_against_the_labs_entra() -> None:
    """--lab with --sign-in device-code: azure-identity's DeviceCodeCredential, unchanged, gets
    the operator's token from the lab's Entra; the prompt goes to standard error. In a process
    of its own (a device-code sign-in earlier in a test process keeps its prompt, see
    tests/tui/test_live_walk.py)."""
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-m", "wifdoctor", "diagnose", "--lab", "healthy", *DEVICE_CODE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    data = json.loads(completed.stdout)
    identity = next(s for s in data["steps"] if s["id"] == "identity")
    assert identity["status"] == "pass", identity
    assert "To sign in, open https://microsoft.com/devicelogin and enter " in completed.stderr
    assert completed.returncode == 0
