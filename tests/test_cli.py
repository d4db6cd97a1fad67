"""The command line as scripts and people use it: inputs, formats, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.minting import fic, github_claims, mint
from wifdoctor.cli import main

FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
GH = "https://token.actions.githubusercontent.com"
SUB = "repo:contoso/payments-api:ref:refs/heads/main"
ERROR = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject "
    "'repo:contoso/payments-api:environment:Production'. Trace ID: 8eea681d-a1eb-487d-9be7-"
    "d61225177f00 Correlation ID: d0f0de73-8a5d-4de0-99b6-83e71da1f7a4 Timestamp: 2025-12-31 "
    "23:59:00Z"
)


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, env=FROZEN)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def token() -> str:
    return mint(github_claims())


def test_decode_a_good_token_exits_0(token: str) -> None:
    code, out, _ = run("decode", token)
    assert code == 0
    assert "GitHub Actions" in out and "expires in 4 min" in out
    assert token.split(".")[2] not in out


def test_decode_reads_stdin_and_files(token: str, tmp_path: Path) -> None:
    assert run("decode", "-", stdin=token)[0] == 0
    path = tmp_path / "token"
    path.write_text(token)
    assert run("decode", f"@{path}")[0] == 0


def test_decode_expired_since_warns_and_at_decides() -> None:
    # spec/cli.md: without the time of the failure, a token that expired since is a warning.
    token = mint(github_claims(iat=1767225600 - 4000, nbf=1767225600 - 4000, exp=1767225600 - 3600))
    code, out, _ = run("decode", token)
    assert code == 0 and "token-expired" in out and "only if" in out
    code, out, _ = run("decode", token, "--at", "2025-12-31T23:30:00Z")
    assert code == 1 and "token-expired" in out
    code, out, _ = run("decode", token, "--at", "2025-12-31T22:58:20Z")
    assert code == 0 and "token-expired" not in out
    code, _out, err = run("decode", token, "--at", "yesterday")
    assert code == 2 and "--at" in err


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("not a token", "A JWT has three parts separated by dots; this has 1."),
        ("a.b.c.d.e", "encrypted token (JWE"),
        ("", "The token is empty."),
    ],
)
def test_decode_junk_exits_2_with_one_line(value: str, reason: str) -> None:
    code, out, err = run("decode", value)
    assert code == 2
    assert out == ""
    assert reason in err and err.count("\n") == 1
    assert "Traceback" not in err


def test_decode_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("decode", f"@{tmp_path / 'nope'}")
    assert code == 2 and "does not exist" in err


def test_decode_binary_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bin"
    path.write_bytes(b"\x00\x01\x02" * 100)
    code, _, err = run("decode", f"@{path}")
    assert code == 2 and "binary" in err


def test_decode_huge_paste_exits_2() -> None:
    code, _, err = run("decode", "-", stdin="x" * 2_100_000)
    assert code == 2 and "reads at most" in err


def test_decode_json_error_object(token: str) -> None:
    code, out, _ = run("decode", "junk", "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["message"].startswith("A JWT has three parts")


def test_explain_error_text(tmp_path: Path) -> None:
    code, out, _ = run("explain", ERROR)
    assert code == 1
    assert "subject-mismatch" in out and "repo:contoso/payments-api:environment:Production" in out


def test_explain_with_credentials_is_precise(tmp_path: Path) -> None:
    path = tmp_path / "fics.json"
    path.write_text(json.dumps([fic("main", GH, SUB)]))
    code, out, _ = run("explain", ERROR, "--credentials", str(path))
    assert code == 1 and "subject-entity-mismatch" in out


def test_explain_nothing_recognised_says_so() -> None:
    code, _out, err = run("explain", "The build failed because the disk is full.")
    assert code == 2
    assert "Nothing in this text is something wifdoctor recognises" in err
    assert "Traceback" not in err


def test_explain_a_token_decodes_it(token: str) -> None:
    code, out, _ = run("explain", token)
    assert code == 0 and "GitHub Actions" in out


def test_bad_credentials_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "fics.json"
    path.write_text("{not json")
    code, _, err = run("explain", ERROR, "--credentials", str(path))
    assert code == 2 and "not valid JSON" in err and "line 1, column 2" in err


def test_diagnose_needs_an_input() -> None:
    code, _, err = run("diagnose")
    assert code == 2 and "--token" in err


def test_diagnose_token_and_credentials_json_contract(token: str, tmp_path: Path) -> None:
    path = tmp_path / "fics.json"
    path.write_text(json.dumps([fic("main", GH, SUB)]))
    code, out, _ = run("diagnose", "--token", token, "--credentials", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in (
        "schema_version",
        "command",
        "input",
        "evidence",
        "token",
        "identity",
        "credentials",
        "matches",
        "steps",
        "walk_ms",
        "findings",
    ):
        assert key in data
    assert data["schema_version"] == 1 and data["command"] == "diagnose"
    assert data["token"]["platform"] == "github-actions"
    assert data["token"]["subject_parts"]["repo"] == "payments-api"
    assert [f["id"] for f in data["findings"]] == ["configuration-matches"]
    assert data["matches"][0]["matches"] is True
    assert token not in out and token.split(".")[2] not in out
    assert all(
        {"id", "status", "summary", "started_ms", "duration_ms"} <= set(s) for s in data["steps"]
    )


def test_explain_json_evidence() -> None:
    _code, out, _ = run("explain", ERROR, "--format", "json")
    data = json.loads(out)
    assert data["evidence"]["error_codes"] == [700213]
    assert data["evidence"]["subject"] == "repo:contoso/payments-api:environment:Production"
    assert data["evidence"]["timestamp"] == "2025-12-31T23:59:00Z"
    assert data["token"]["platform"] == "github-actions"
    assert data["token"]["header"] == {} and data["token"]["claims"] == {}


def test_markdown(token: str) -> None:
    code, out, _ = run("diagnose", "--token", token, "--error", ERROR, "--format", "markdown")
    assert code == 1
    assert out.startswith("# wifdoctor diagnose")
    assert "## Findings" in out and "| claim | value | meaning |" in out


def test_text_is_readable_at_80_columns(token: str) -> None:
    result = CliRunner().invoke(
        main, ["explain", ERROR], env={**FROZEN, "COLUMNS": "80"}, terminal_width=80
    )
    long = [
        line for line in result.stdout.splitlines() if len(line) > 80 and "https://" not in line
    ]
    assert not long


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "wifdoctor" in out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_decode_never_tracebacks(value: str) -> None:
    result = CliRunner().invoke(main, ["decode", "-"], input=value, env=FROZEN)
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_explain_never_tracebacks(value: str) -> None:
    result = CliRunner().invoke(main, ["explain", "-"], input=value, env=FROZEN)
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bare_command_without_a_terminal_prints_help_and_exits_2() -> None:
    code, out, _ = run()
    assert code == 2 and "decode" in out and "explain" in out


def test_demo_list_and_unknown_example() -> None:
    code, out, _ = run("demo", "--list")
    assert code == 0 and "github-environment" in out and "(default)" in out
    code, _, err = run("demo", "no-such-example")
    assert code == 2 and "--list" in err


def test_demo_needs_a_terminal() -> None:
    code, _, err = run("demo")
    assert code == 2 and "needs a terminal" in err


def test_demo_write_gives_files_for_the_headless_commands(tmp_path: Path) -> None:
    code, out, _ = run("demo", "github-environment", "--write", str(tmp_path))
    assert code == 0 and "wifdoctor diagnose --token @" in out
    code, out, _ = run(
        "diagnose",
        "--token",
        f"@{tmp_path / 'token.jwt'}",
        "--error",
        f"@{tmp_path / 'error.txt'}",
        "--credentials",
        str(tmp_path / "credentials.json"),
        "--format",
        "json",
    )
    findings = [f["id"] for f in json.loads(out)["findings"]]
    assert code == 1 and findings[0] == "subject-entity-mismatch"
    assert "token-empty-or-malformed" not in findings
