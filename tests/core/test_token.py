"""Token parsing: what users paste is accepted and reported; non-JWTs are refused precisely."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.minting import b64, github_claims, mint, unsigned
from wifdoctor.core.errors import InputError, TokenError, WifdoctorError
from wifdoctor.core.token import looks_like_jwt, parse_token


@pytest.fixture(scope="module")
def token() -> str:
    return mint(github_claims())


def test_plain_token_decodes_without_notes(token: str) -> None:
    parsed = parse_token(token)
    assert parsed.issuer == "https://token.actions.githubusercontent.com"
    assert parsed.subject == "repo:contoso/payments-api:ref:refs/heads/main"
    assert parsed.audiences == ("api://AzureADTokenExchange",)
    assert parsed.header["alg"] == "RS256" and parsed.key_id == "test-key-1"
    assert parsed.signature_bytes == 256
    assert parsed.stripped == () and parsed.problems == ()


def test_raw_token_is_kept_but_never_in_repr(token: str) -> None:
    parsed = parse_token(token)
    assert parsed.raw == token
    assert token not in repr(parsed)
    assert token.split(".")[2] not in repr(parsed)


@pytest.mark.parametrize(
    ("wrap", "said"),
    [
        ("{t}\n", "a trailing newline"),
        ("  {t}  ", "leading whitespace and trailing whitespace"),
        ('"{t}"', "surrounding quotes"),
        ("'{t}'", "surrounding quotes"),
        ("Bearer {t}", '"Bearer" prefix'),
        ("Authorization: Bearer {t}", "Authorization: Bearer"),
        ("AZURE_FEDERATED_TOKEN={t}", "variable assignment around it (AZURE_FEDERATED_TOKEN=...)"),
        ('export ARM_OIDC_TOKEN="{t}"', "ARM_OIDC_TOKEN"),
        ('{{"count": 1, "value": "{t}"}}', 'the "value" field'),
        ('{{"oidcToken": "{t}"}}', 'the "oidcToken" field'),
    ],
)
def test_wrappers_are_stripped_and_reported(token: str, wrap: str, said: str) -> None:
    parsed = parse_token(wrap.format(t=token))
    assert parsed.raw == token
    assert any(said in note for note in parsed.stripped), parsed.stripped


def test_line_wrapped_paste_is_joined(token: str) -> None:
    wrapped = "\n".join(token[i : i + 64] for i in range(0, len(token), 64))
    parsed = parse_token(wrapped)
    assert parsed.raw == token
    assert "line breaks or spaces inside the token" in parsed.stripped


def test_truncated_signature_is_decoded_with_a_problem(token: str) -> None:
    parsed = parse_token(token[:-40])
    assert any("truncated" in problem for problem in parsed.problems)


def test_missing_signature_is_a_problem(token: str) -> None:
    parsed = parse_token(token.rsplit(".", 1)[0] + ".")
    assert any("signature part is empty" in problem for problem in parsed.problems)


@pytest.mark.parametrize(
    ("text", "reason", "finding"),
    [
        ("", "empty", "token-empty-or-malformed"),
        ("   \n", "empty", "token-empty-or-malformed"),
        ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0", "three parts", "token-empty-or-malformed"),
        ("a.b.c.d.e", "encrypted token (JWE", "token-wrong-kind"),
        ("hello world", "three parts", "token-empty-or-malformed"),
        ("eyJh!.eyJ.sig", "not base64url: '!'", "token-empty-or-malformed"),
        ("eyJhbGci=.eyJ.sig", "'=' padding", "token-empty-or-malformed"),
        ("eyJhb.eyJzdWIiOiJ4In0.sig", "impossible base64url length", "token-empty-or-malformed"),
    ],
)
def test_refusals_name_the_reason(text: str, reason: str, finding: str) -> None:
    with pytest.raises(TokenError) as caught:
        parse_token(text)
    assert reason in str(caught.value)
    assert caught.value.finding_id == finding
    assert "\n" not in str(caught.value)


def test_payload_that_is_not_json_is_refused() -> None:
    with pytest.raises(TokenError, match="payload is not valid JSON"):
        parse_token(unsigned({"alg": "RS256"}, "not json"))


def test_truncated_payload_is_called_truncated() -> None:
    payload = b64(json.dumps(github_claims()).encode())[:-30]
    header = b64(b'{"alg":"RS256"}')
    text = f"{header}.{payload[: len(payload) - len(payload) % 4]}.sig"
    with pytest.raises(TokenError, match="truncated"):
        parse_token(text)


def test_payload_that_is_a_list_is_refused() -> None:
    with pytest.raises(TokenError, match="not an object"):
        parse_token(unsigned({"alg": "RS256"}, "[1, 2]"))


def test_alg_none_is_refused_as_unsigned() -> None:
    with pytest.raises(TokenError) as caught:
        parse_token(unsigned({"alg": "none"}, {"sub": "x"}, ""))
    assert caught.value.finding_id == "algorithm-unsupported"
    assert '"alg": "none"' in str(caught.value)


def test_jwe_header_is_refused() -> None:
    with pytest.raises(TokenError) as caught:
        parse_token(unsigned({"alg": "RSA-OAEP", "enc": "A256GCM"}, {"x": 1}))
    assert caught.value.finding_id == "token-wrong-kind"


def test_binary_junk_is_refused_as_not_text() -> None:
    with pytest.raises(TokenError, match="binary data"):
        parse_token("\x00\x01\x02" * 50)


def test_oversize_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="reads at most"):
        parse_token("a" * 5_000_001)


def test_long_but_allowed_input_is_refused_as_not_a_token() -> None:
    with pytest.raises(TokenError, match="an ID token is a few thousand at most"):
        parse_token("a" * 100_000)


def test_looks_like_jwt(token: str) -> None:
    assert looks_like_jwt(token)
    assert looks_like_jwt(f'"{token}"')
    assert not looks_like_jwt("AADSTS700213: No matching federated identity record")
    assert not looks_like_jwt("a.b.c")


@given(st.text(max_size=2000))
def test_arbitrary_text_raises_only_our_error(text: str) -> None:
    with contextlib.suppress(WifdoctorError):
        parse_token(text)


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_our_error(data: bytes) -> None:
    for decoded in (data.decode("utf-8", "replace"), data.decode("latin-1")):
        with contextlib.suppress(WifdoctorError):
            parse_token(decoded)


@given(
    st.lists(
        st.sampled_from(
            [
                "eyJ",
                "hbGciOiJSUzI1NiJ9",
                ".",
                "eyJzdWIiOiJ4In0",
                "=",
                "-",
                "_",
                "Bearer ",
                '"',
                " ",
                "\n",
                "{",
                "}",
                "AAAA",
                "%",
            ]
        ),
        max_size=40,
    )
)
def test_token_shaped_junk_raises_only_our_error(parts: list[str]) -> None:
    with contextlib.suppress(WifdoctorError):
        parse_token("".join(parts))
