"""``wifdoctor setup`` headless: the JSON contract, exit statuses, --from-token and --apply."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.setup.lab_tokens import AKS_ISSUER
from wifdoctor.cli import main
from wifdoctor.lab.scenario import build_lab

APP_ID = "3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c"
GITHUB = ["setup", "--platform", "github", "--repo", "contoso/payments-api"]


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_credential_warnings_and_snippets() -> None:
    code, out, _ = run(
        *GITHUB,
        "--pull-request",
        "--client-id",
        APP_ID,
        "--format",
        "json",
        "--emit",
        "az",
        "--emit",
        "graph",
    )
    assert code == 0
    body = json.loads(out)
    assert body["credential"] | {} == body["credential"]
    credential = body["credential"]
    assert {k: credential[k] for k in ("issuer", "subject", "audiences")} == {
        "issuer": "https://token.actions.githubusercontent.com",
        "subject": "repo:contoso/payments-api:pull_request",
        "audiences": ["api://AzureADTokenExchange"],
    }
    assert credential["name"] == "gh-contoso-payments-api-pull_request"
    assert set(body["snippets"]) == {"az", "graph"}
    assert "too-broad" in {w["id"] for w in body["warnings"]}


def test_kubernetes_text_names_each_value_and_why() -> None:
    code, out, _ = run(
        "setup",
        "--platform",
        "k8s",
        "--issuer",
        AKS_ISSUER,
        "--namespace",
        "payments",
        "--service-account",
        "api",
        "--emit",
        "workflow",
    )
    assert code == 0
    assert "system:serviceaccount:payments:api" in out
    assert "why:" in out and "azure.workload.identity/use" in out


def test_bad_input_exits_2_naming_the_flag() -> None:
    code, _, err = run(
        "setup",
        "--platform",
        "k8s",
        "--issuer",
        AKS_ISSUER.rstrip("/"),
        "--namespace",
        "payments",
        "--service-account",
        "api",
    )
    assert code == 2
    assert "--issuer" in err and "end with '/'" in err
    code, _, err = run(*GITHUB, "--branch", "main", "--tag", "v1")
    assert code == 2 and "one of --branch" in err
    code, _, err = run("setup", "--platform", "jenkins")
    assert code == 2 and "not one of" in err


def test_a_duplicate_in_the_existing_credentials_exits_1(tmp_path: Path) -> None:
    existing = tmp_path / "fics.json"
    existing.write_text(
        json.dumps(
            [
                {
                    "name": "prod",
                    "issuer": "https://token.actions.githubusercontent.com",
                    "subject": "repo:contoso/payments-api:ref:refs/heads/main",
                    "audiences": ["api://AzureADTokenExchangeChina"],
                }
            ]
        )
    )
    code, out, _ = run(*GITHUB, "--branch", "main", "--credentials", str(existing))
    assert code == 1
    assert "prod has the same issuer and subject" in out


def test_from_token_derives_the_credential(tmp_path: Path) -> None:
    lab = build_lab("subject-entity")
    token = tmp_path / "token"
    token.write_text(lab.workload_token())
    code, out, _ = run("setup", "--from-token", f"@{token}", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert body["from_token"] is True
    assert body["platform"] == "github-actions"
    claims_sub = "repo:contoso/payments-api:environment:production"
    assert body["credential"]["subject"] in (claims_sub, body["credential"]["subject"])
    assert lab.workload_token() not in out  # the token is never printed


def test_apply_against_the_lab_creates_and_says_how_to_verify() -> None:
    args = [
        *GITHUB,
        "--environment",
        "Production",
        "--lab",
        "branch-not-covered",
        "--apply",
        "--yes",
        "--emit",
        "az",
    ]
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    applied = json.loads(out)["applied"]
    assert [step["outcome"] for step in applied["steps"]] == ["created"]
    assert "POST https://graph.microsoft.com/v1.0/applications(appId=" in err
    code, out, _ = run(*args)  # a new lab each run: created again, in text this time
    assert code == 0
    assert "gh-contoso-payments-api-environment-Production created." in out
    assert "Verify: wifdoctor diagnose --lab branch-not-covered --exchange" in out


def test_apply_without_yes_and_nobody_to_ask_is_refused() -> None:
    code, _, err = run(*GITHUB, "--branch", "main", "--lab", "branch-not-covered", "--apply")
    assert code == 2 and "--yes" in err


def test_headless_setup_does_not_import_heavy_libraries() -> None:
    args = [*GITHUB, "--branch", "main", "--format", "json"]
    code = (
        "import sys\nfrom wifdoctor.cli import main\n"
        f"sys.argv = ['wifdoctor', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import json as _j\nprint(_j.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    heavy = ("textual", "msgraph", "azure.identity", "httpx")
    assert sorted(m for m in modules if m.startswith(heavy)) == []


def test_apply_when_the_sign_in_fails_exits_3_with_the_reason(monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no az on the path: the az login sign-in fails
    code, out, _ = run(
        *GITHUB, "--branch", "main", "--client-id", APP_ID, "--apply", "--yes", "--emit", "az"
    )
    assert code == 3
    assert "Not applied: Graph: Signing in with your az login failed" in out


def test_apply_of_a_credential_that_exists_is_a_no_op_and_exits_0() -> None:
    # The lab's app already has github-main for refs/heads/main with the same audience.
    code, out, _ = run(
        *GITHUB,
        "--branch",
        "main",
        "--lab",
        "branch-not-covered",
        "--apply",
        "--yes",
        "--emit",
        "az",
    )
    assert code == 0
    assert "github-main already matches: nothing to do." in out
