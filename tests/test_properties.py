"""Property-based: arbitrary bytes and arbitrary JSON claim sets through decode, explain, diagnose
and credential loading. Only the project's own errors (WifdoctorError) may come out, and every
rendering (text, Markdown, strict JSON) of whatever is diagnosed works."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.minting import b64, github_claims, mint
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import FederatedCredential, load_credentials
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.core.session import Inputs
from wifdoctor.inputs import decode_bytes
from wifdoctor.report.json_report import render_json
from wifdoctor.report.markdown_report import render_markdown
from wifdoctor.report.terminal import encodable, visible
from wifdoctor.report.text_report import render_text

NOW = datetime(2026, 1, 1, tzinfo=UTC)
GH = "https://token.actions.githubusercontent.com"
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reject_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def walk(
    command: str,
    token_text: str | None = None,
    evidence: Any = None,
    credentials: tuple[FederatedCredential, ...] | None = None,
) -> Diagnosis:
    request = WalkRequest(
        command,
        token_text=token_text,
        evidence=evidence,
        credentials=credentials,
        clock=lambda: NOW,
    )
    return run_offline(offline_steps(), WalkContext.start(request))


def render_all(diagnosis: Diagnosis) -> None:
    json.loads(render_json(diagnosis), parse_constant=reject_constant)
    buffer = io.StringIO()
    render_text(diagnosis, buffer, color=False, width=80)
    for text in (buffer.getvalue(), render_markdown(diagnosis)):
        encodable(visible(text), "cp1252").encode("cp1252")
        visible(text).encode("utf-8")  # no lone surrogate survives


# Any text, including lone surrogates (st.characters excludes them unless asked).
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e20, -1e15, 253_402_300_800, -62_135_596_801, 0, -1]),
)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, ANY_TEXT),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(ANY_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
CLAIM_NAMES = st.sampled_from(["iss", "sub", "aud", "exp", "nbf", "iat", "kid", "x", "ref"])


def token_from(claims: dict[str, Any], header: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        # allow_nan: a token can carry NaN; ensure_ascii keeps lone surrogates as \\ud800 escapes
        return b64(json.dumps(value, allow_nan=True).encode())

    return f"{part(header)}.{part(claims)}.{b64(b'x' * 256)}"


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_through_decode_and_explain(data: bytes) -> None:
    try:
        text = decode_bytes(data, what="input", notes=[])
    except WifdoctorError:
        return
    render_all(walk("decode", token_text=text))
    try:
        inputs, _said = Inputs().with_paste(text)
    except WifdoctorError:
        return
    render_all(walk("explain", inputs.token_text, inputs.evidence, inputs.credentials))


@SETTINGS
@given(
    st.dictionaries(CLAIM_NAMES | ANY_TEXT, JSON_VALUES, max_size=8),
    st.dictionaries(st.sampled_from(["alg", "kid", "typ", "x5t"]), JSON_VALUES, max_size=4),
)
def test_arbitrary_claim_sets_through_decode(
    claims: dict[str, Any], header: dict[str, Any]
) -> None:
    render_all(walk("decode", token_text=token_from(claims, header)))


@SETTINGS
@given(st.dictionaries(CLAIM_NAMES, JSON_VALUES, max_size=6))
def test_arbitrary_claims_over_a_real_token_through_diagnose(overrides: dict[str, Any]) -> None:
    claims = {**github_claims(), **overrides}
    token = token_from(claims, {"alg": "RS256", "kid": "k1"})
    credentials = tuple(
        load_credentials(
            json.dumps(
                [
                    {
                        "name": "a",
                        "issuer": GH,
                        "subject": "repo:o/r:ref:refs/heads/main",
                        "audiences": ["api://AzureADTokenExchange"],
                    },
                    {
                        "name": "f",
                        "issuer": GH,
                        "audiences": ["api://AzureADTokenExchange"],
                        "claimsMatchingExpression": {
                            "value": "claims['sub'] matches 'repo:*' and claims['ref'] eq 'x'",
                            "languageVersion": 1,
                        },
                    },
                ]
            )
        )
    )
    render_all(walk("diagnose", token_text=token, credentials=credentials))


@SETTINGS
@given(JSON_VALUES)
def test_arbitrary_json_as_credentials(value: Any) -> None:
    for shaped in (value, [value], {"value": [value]}, {"properties": value}):
        text = json.dumps(shaped, allow_nan=True)
        try:
            credentials = tuple(load_credentials(text))
        except WifdoctorError:
            continue
        render_all(walk("diagnose", token_text=mint(github_claims()), credentials=credentials))


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_credentials(data: bytes) -> None:
    try:
        credentials = tuple(load_credentials(decode_bytes(data, what="credentials", notes=[])))
    except WifdoctorError:
        return
    render_all(walk("diagnose", token_text=mint(github_claims()), credentials=credentials))
