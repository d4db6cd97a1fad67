"""parse_error_text never raises (except InputError for oversize input) and stays fast."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wifdoctor.core.error_text import parse_error_text
from wifdoctor.core.errors import MAX_INPUT_CHARS, InputError
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.knowledge.messages import MESSAGE_PATTERNS, TOOL_VERSION_PATTERNS

FRAGMENTS = [
    "AADSTS",
    "AADSTS700213",
    "AADSTS7002138: ",
    "AADSTS70021: No matching federated identity record found for presented assertion. ",
    "Assertion Issuer: '",
    "Assertion Subject: '",
    "Assertion Audience: '",
    "presented assertion subject '",
    "presented assertion issuer '",
    "presented assertion audience ",
    "Please make sure the federated identity credential Subject is '",
    "'",
    "'. ",
    "repo:contoso/app:ref:refs/heads/main",
    "https://token.actions.githubusercontent.com/",
    " ",
    "\n",
    "\r\n",
    "\\r\\n",
    '\\"',
    "\\\\",
    "\\u0027",
    '{"error": "invalid_client", "error_codes": [',
    "700213, ",
    "]}",
    '"trace_id": "',
    "8eea681d-a1eb-487d-9be7-d61225177f00",
    "Trace ID: ",
    "Correlation ID: ",
    "Timestamp: ",
    "2025-10-13 14:54:34Z",
    "2024-06-13T15:40:46.0000000Z",
    "9999-99-99T99:99:99.9999999Z",
    "Current time: ",
    ", assertion valid from ",
    ", expiry time of assertion ",
    "Token issued at ",
    "99999999999999999999",
    ". Token expires on ",
    "less than or equal to 1.01:00:00",
    "The certificate with identifier ",
    " used to sign the federated credential could not be found in the metadata of identity "
    "provider ",
    "Federated token details:",
    "Federated token details: ",
    " issuer - ",
    " subject claim - ",
    " audience - ",
    " job_workflow_ref - ",
    "2025-10-13T14:54:33.1234567Z ",
    "##[error]",
    "│ ",
    "╷\n",
    "\x1b[31m",
    "[21](https://github.com/o/r/actions/runs/1/job/2#step:6:22)",
    "Status: ",
    "401",
    "HTTP/1.1",
    "(405) Method Not Allowed",
    '"code": "',
    "Code=",
    "ERROR: (",
    "&#39;",
    "\x00",
    "\ufeff",
    "\u202e",
    "é😀",
]
FRAGMENTS += [anchor for pattern in MESSAGE_PATTERNS for anchor in pattern.anchors]
FRAGMENTS += [anchor for pattern in TOOL_VERSION_PATTERNS for anchor in pattern.anchors]


def _check(text: str) -> None:
    evidence = parse_error_text(text)
    assert isinstance(evidence, ErrorEvidence)
    assert len(evidence.source_lines) <= 20
    assert all(len(line) <= 300 for line in evidence.source_lines)
    for signal in evidence.signals:
        assert len(signal.excerpt) <= 200 and "\n" not in signal.excerpt
    for moment in (evidence.current_time, evidence.valid_from, evidence.expires_at):
        assert moment is None or moment.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_text_built_from_message_fragments(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000).map(lambda b: b.decode("utf-8", "replace")))
def test_decoded_bytes_utf8(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000).map(lambda b: b.decode("latin-1")))
def test_decoded_bytes_latin1(text: str) -> None:
    _check(text)


def test_oversize_input_raises_input_error_naming_both_lengths() -> None:
    with pytest.raises(InputError) as raised:
        parse_error_text("x" * (MAX_INPUT_CHARS + 1))
    message = str(raised.value)
    assert f"{MAX_INPUT_CHARS + 1:,}" in message
    assert f"{MAX_INPUT_CHARS:,}" in message


def test_largest_accepted_input_is_parsed() -> None:
    assert parse_error_text("x" * MAX_INPUT_CHARS).is_empty


def _adversarial() -> dict[str, str]:
    n = MAX_INPUT_CHARS
    cases = {
        "quotes": "'" * n,
        "aadsts": "AADSTS" * 300_000,
        "assertion-subject-one-line": "Assertion Subject: '" * (n // 20),
        "unclosed-subject-lines": ("presented assertion subject 'x" + "y" * 3000 + "\n") * 600,
        "backslashes": "\\" * n,
        "escaped-newlines": "\\r" * (n // 2),
        "terraform-box-lines": "│ x\n" * (n // 4),
        "ansi": "\x1b[" * (n // 2),
        "oidctoken": "oidctoken " * (n // 10),
        "status": "Status: " * (n // 8),
        "json-code": '"code": "' * (n // 9),
        "missing-then-variable": "Missing " * (n // 8 - 3) + "SYSTEM_OIDCREQUESTURI",
        "block-headers": "Federated token details:\n issuer - " * (n // 40),
        "log": "2025-10-13T14:54:33.1234567Z ##[error]Status HTTP 123 oidctoken line\n" * 28_000,
    }
    anchors = {a for p in MESSAGE_PATTERNS for a in p.anchors}
    cases["every-anchor"] = " ".join(sorted(anchors)) * (n // 4000)
    return {name: text[:n] for name, text in cases.items()}


@pytest.mark.parametrize("name", sorted(_adversarial()))
def test_adversarial_two_megabytes_is_quick(name: str) -> None:
    # A safety bound, not a benchmark: catastrophic backtracking would take minutes.
    text = _adversarial()[name]
    started = time.perf_counter()
    parse_error_text(text)
    assert time.perf_counter() - started < 2.0
