"""Frictions found by trying the command line as a new user (issue 8)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wifdoctor.cli import main

FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=FROZEN)
    return result.exit_code, result.stdout, result.stderr


def test_no_command_outside_a_terminal_prints_help_on_stderr_and_exits_2() -> None:
    code, out, err = run()
    assert code == 2 and out == "" and "Usage:" in err and "findings" in err


def test_a_missing_credentials_file_is_named_before_anything_else() -> None:
    code, _out, err = run("diagnose", "--credentials", "nope.json")
    assert code == 2 and "nope.json" in err and "does not exist" in err
    assert "--token" not in err


def test_demo_write_without_a_token_does_not_claim_one(tmp_path: Path) -> None:
    for name in ("expired-long-job", "missing-permission"):
        code, out, _ = run("demo", name, "--write", str(tmp_path / name))
        assert code == 0
        assert "token was signed" not in out and "no token" in out
        assert not (tmp_path / name / "token.jwt").exists()
        assert "--error @" in out and "--token" not in out


def test_another_cloud_shows_its_audience_and_host(tmp_path: Path) -> None:
    run("demo", "github-environment", "--write", str(tmp_path))
    token = f"@{tmp_path / 'token.jwt'}"
    _code, public, _ = run("decode", token)
    _code, usgov, _ = run("decode", token, "--cloud", "usgov")
    assert "AzureADTokenExchangeUSGov" not in public
    assert "api://AzureADTokenExchangeUSGov" in usgov and "login.microsoftonline.us" in usgov
    _code, china, _ = run("decode", token, "--cloud", "china", "--format", "markdown")
    assert "api://AzureADTokenExchangeChina" in china


def test_help_documents_completion() -> None:
    _code, out, _ = run("--help")
    assert "_WIFDOCTOR_COMPLETE=bash_source" in out
