"""Exit 4: a bug says so in one line, with the file that holds the details; --debug shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.minting import github_claims, mint
from wifdoctor import cli
from wifdoctor.commands import plumbing

FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}


@pytest.fixture
def broken_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise KeyError("a bug in the walk")

    monkeypatch.setattr(plumbing, "walk", crash)


@pytest.mark.usefixtures("broken_walk")
def test_a_crash_exits_4_with_one_line_and_a_details_file() -> None:
    token = mint(github_claims())
    result = CliRunner().invoke(cli.main, ["decode", token], env=FROZEN)
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "wifdoctor failed" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    found = re.search(r"details in (\S+\.log)", lines[0])
    assert found is not None
    details = Path(found.group(1)).read_text(encoding="utf-8")
    assert "KeyError: 'a bug in the walk'" in details and "Traceback" in details
    assert token not in details and token.split(".")[1] not in details  # never the token
    assert "command: wifdoctor decode <value>" in details
    Path(found.group(1)).unlink()


@pytest.mark.usefixtures("broken_walk")
def test_debug_prints_the_traceback() -> None:
    result = CliRunner().invoke(
        cli.main, ["--debug", "explain", "AADSTS700213: no matching record"], env=FROZEN
    )
    assert result.exit_code == 4
    assert "Traceback" in result.stderr and "a bug in the walk" in result.stderr


@pytest.mark.usefixtures("broken_walk")
def test_debug_is_also_taken_after_the_command() -> None:
    result = CliRunner().invoke(cli.main, ["explain", "AADSTS700213: x", "--debug"], env=FROZEN)
    assert result.exit_code == 4 and "Traceback" in result.stderr


def test_decisions_keep_their_codes() -> None:
    assert CliRunner().invoke(cli.main, ["decode", "junk"], env=FROZEN).exit_code == 2
    assert CliRunner().invoke(cli.main, ["decode", "--nope"], env=FROZEN).exit_code == 2
