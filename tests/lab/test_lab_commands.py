"""``wifdoctor lab scenarios|token|serve`` as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import jwt
from click.testing import CliRunner

from wifdoctor.cli import main


def test_scenarios_json_has_the_spec_shape() -> None:
    result = CliRunner().invoke(main, ["lab", "scenarios", "--format", "json"])
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert len(items) >= 16
    for item in items:
        assert set(item) == {"name", "title", "tenant", "client_id", "cloud", "expect"}
        assert set(item["expect"]) == {"error_codes", "findings"}
    healthy = next(i for i in items if i["name"] == "healthy")
    assert healthy["expect"] == {"error_codes": [], "findings": ["configuration-matches"]}


def test_scenarios_text_and_unknown_scenario() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["lab", "scenarios"]).output
    assert "subject-case" in text and "[AADSTS7002138]" in text
    missing = runner.invoke(main, ["lab", "token", "--scenario", "nope"])
    assert missing.exit_code == 2 and "no scenario called 'nope'" in missing.output


def test_token_prints_the_scenarios_token() -> None:
    result = CliRunner().invoke(main, ["lab", "token", "--scenario", "subject-entity"])
    assert result.exit_code == 0
    claims = jwt.decode(result.output.strip(), options={"verify_signature": False})
    assert claims["sub"] == "repo:contoso/payments-api:environment:production"
    assert claims["iss"] == "https://token.actions.githubusercontent.com"


def test_headless_start_does_not_load_the_server_stack() -> None:
    code = (
        "import sys, wifdoctor.cli; "
        "print(any(m in sys.modules for m in ('starlette', 'uvicorn', 'trustme')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_serve_prints_the_shell_lines_first_then_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "wifdoctor", "lab", "serve", "--port", "0", "--scenario", "expired"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(12)]
        token_line = next(x for x in lines if x.startswith("export AZURE_FEDERATED_TOKEN_FILE"))
        token_file = token_line.split("=", 1)[1]
        with open(token_file, encoding="utf-8") as handle:
            claims = jwt.decode(handle.read(), options={"verify_signature": False})
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    names = [line.split("=", 1)[0] for line in lines]
    assert names[:5] == [
        "export HTTPS_PROXY",
        "export NO_PROXY",
        "export SSL_CERT_FILE",
        "export REQUESTS_CA_BUNDLE",
        "export CURL_CA_BUNDLE",
    ]
    assert {
        "export ACTIONS_ID_TOKEN_REQUEST_URL",
        "export SYSTEM_OIDCREQUESTURI",
        "export AZURE_FEDERATED_TOKEN_FILE",
    } <= set(names)
    assert "export AZURE_CLIENT_ID=3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c" in lines
    proxy = lines[0].split("=", 1)[1]
    assert proxy.startswith("http://127.0.0.1:") and not proxy.endswith(":0")
    assert claims["aud"] == "api://AzureADTokenExchange"
    assert not os.path.exists(token_file)  # the token and the CA key go when the lab stops
