"""Numbers nobody can use are findings, JSON is strict, and text survives any console."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tests.minting import b64, github_claims
from wifdoctor.cli import main
from wifdoctor.core.token import parse_token
from wifdoctor.report.terminal import encodable, visible

FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}


def reject_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def strict_loads(text: str) -> Any:
    return json.loads(text, parse_constant=reject_constant)


def raw_token(extra: str, header: str = '{"alg":"RS256","kid":"k1"}') -> str:
    """A token whose payload is the GitHub claims plus ``extra`` written as raw JSON text."""
    payload = json.dumps(github_claims())[:-1] + ", " + extra + "}"
    return f"{b64(header.encode())}.{b64(payload.encode())}.{b64(b'x' * 256)}"


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ('"exp": 1' + "0" * 400, "401-digit number"),
        ('"exp": NaN', "'exp' is nan"),
        ('"exp": 1e999', "'exp' is inf"),
        ('"nbf": -Infinity', "'nbf' is -inf"),
        ('"exp": 1e20', "a time after the year 9999"),
        ('"iat": -1e15', "a time before the year 1"),
        ('"extra": {"n": [1, 2, NaN]}', "'extra.n[2]' is nan"),
    ],
)
def test_unusable_numbers_are_findings_and_json_stays_strict(extra: str, said: str) -> None:
    result = CliRunner().invoke(main, ["decode", raw_token(extra), "--format", "json"], env=FROZEN)
    assert result.exit_code == 1, result.output  # an error finding, not a crash, not "no problems"
    report = strict_loads(result.stdout)
    malformed = [f for f in report["findings"] if f["id"] == "token-empty-or-malformed"]
    assert any(said in f["explanation"] for f in malformed), malformed
    assert "Traceback" not in result.output


def test_non_finite_claims_are_written_as_strings() -> None:
    result = CliRunner().invoke(
        main, ["decode", raw_token('"x": NaN, "y": 1e999'), "--format", "json"], env=FROZEN
    )
    claims = strict_loads(result.stdout)["token"]["claims"]
    assert claims["x"] == "NaN" and claims["y"] == "Infinity"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_lone_surrogates_in_claims_and_kid_do_not_crash_any_format(fmt: str) -> None:
    token = raw_token(
        '"sub": "repo:a\\udc80b", "x\\ud800": 1', header='{"alg":"RS256","kid":"\\ud800"}'
    )
    result = CliRunner().invoke(main, ["decode", token, "--format", fmt], env=FROZEN)
    assert result.exit_code == 1
    out = result.stdout
    out.encode("utf-8")  # encodable: no surrogate reached the stream
    assert "lone surrogate" in out
    if fmt == "json":
        strict_loads(out)


def test_surrogates_become_replacement_characters_in_the_token() -> None:
    token = parse_token(raw_token('"sub": "a\\udc80b"', header='{"alg":"RS256","kid":"\\ud800"}'))
    assert token.claims["sub"] == "a\ufffdb" and token.key_id == "\ufffd"
    assert any("lone surrogate" in problem for problem in token.problems)


def test_surrogates_in_nested_keys_are_replaced_too() -> None:
    token = parse_token(raw_token('"a": {"k\\ud800": {"\\udfff": 1}}'))
    assert token.claims["a"] == {"k\ufffd": {"\ufffd": 1}}
    assert any("'a.k\ufffd'" in problem for problem in token.problems)


def test_deep_nesting_is_cut_and_said() -> None:
    token = parse_token(raw_token('"deep": ' + "[" * 500 + "]" * 500))
    assert any("levels deep" in problem for problem in token.problems)
    json.dumps(token.claims, indent=2)  # bounded depth: the recursive encoder copes


def test_control_characters_and_escapes_are_shown_not_obeyed() -> None:
    hostile = "sub\x1b[2J\x07\u202eevil\ud800"
    shown = visible(hostile)
    assert shown == "sub\\x1b[2J\\x07\\u202eevil\\ud800"
    assert visible("\x1b[1mbold\x1b[0m", keep_colour=True) == "\x1b[1mbold\x1b[0m"


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_marks_fall_back_to_ascii_where_the_console_cannot_encode_them(encoding: str) -> None:
    text = encodable("✓ pass · ✗ fail → done… subject é", encoding)
    text.encode(encoding)
    assert "+ pass" in text and "x fail" in text and "->" in text


def test_text_output_escapes_terminal_sequences_from_claims() -> None:
    token = raw_token('"note": "\\u001b]0;pwned\\u0007"')
    result = CliRunner().invoke(main, ["decode", token, "--no-color"], env=FROZEN)
    assert "\x1b" not in result.stdout and "\\x1b]0;pwned\\x07" in result.stdout
