"""Parse what users paste as an ID token, say what was stripped, and reject what is not a JWT.

Users paste tokens with quotes, a ``Bearer`` prefix, a whole ``NAME=value`` line, line breaks from
a terminal, or the JSON answer of the platform's token endpoint. We accept those and record what we
removed, because Entra would not remove it (AADSTS50027). Anything that is not a signed JWS with a
JSON header and payload is rejected with a precise reason.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wifdoctor.core.claim_values import time_problems, value_problems
from wifdoctor.core.errors import MAX_TOKEN_CHARS, TokenError, check_size

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_ENV_LINE = re.compile(
    r"""^(?:export\s+|set\s+|\$env:)?(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\s*(?:=|:)\s*(?P<value>.+)$""",
    re.S,
)
_BEARER = re.compile(r"^(?:authorization\s*:\s*)?bearer\s+", re.I)
# JSON answers of token endpoints: GitHub {"value": ...}, Azure DevOps {"oidcToken": ...},
# managed identity {"access_token": ...}, google generateIdToken {"token": ...}.
_JSON_TOKEN_KEYS = ("value", "oidcToken", "id_token", "access_token", "token", "WebIdentityToken")
# Expected raw signature sizes in bytes, by algorithm family.
_RSA_SIGNATURE_SIZES = (128, 256, 384, 512, 1024)
_EC_SIGNATURE_SIZES = {"ES256": 64, "ES384": 96, "ES512": 132}


@dataclass(frozen=True)
class Token:
    """A decoded JWS. ``raw`` is the token as Entra would receive it; never print or store it."""

    header: dict[str, Any]
    claims: dict[str, Any]
    signature_bytes: int
    stripped: tuple[str, ...] = ()  # what we removed from the paste, in plain words
    problems: tuple[str, ...] = ()  # structural problems that did not stop decoding
    raw: str = field(default="", repr=False, compare=False)

    @property
    def issuer(self) -> str | None:
        value = self.claims.get("iss")
        return value if isinstance(value, str) else None

    @property
    def subject(self) -> str | None:
        value = self.claims.get("sub")
        return value if isinstance(value, str) else None

    @property
    def audiences(self) -> tuple[str, ...]:
        """``aud`` as a tuple: a string becomes one element; non-strings are dropped."""
        value = self.claims.get("aud")
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            return tuple(item for item in value if isinstance(item, str))
        return ()

    @property
    def algorithm(self) -> str | None:
        value = self.header.get("alg")
        return value if isinstance(value, str) else None

    @property
    def key_id(self) -> str | None:
        value = self.header.get("kid")
        return value if isinstance(value, str) else None

    def numeric_claim(self, name: str) -> float | None:
        """A NumericDate claim (exp, nbf, iat) as a number, or None when absent, not a number,
        or not a finite one (NaN, 1e999, an integer too large for a float: see ``problems``)."""
        value = self.claims.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        try:
            number = float(value)
        except OverflowError:  # 10**400 parses as an int but is no float
            return None
        return number if math.isfinite(number) else None


def parse_token(text: str) -> Token:
    """Decode a pasted token. Raises TokenError (a WifdoctorError) with a one-line reason."""
    check_size(text, what="token input")
    if "\x00" in text or _looks_binary(text):
        raise TokenError(
            "This is not text: it contains binary data, so it cannot be a token.",
            hint="Paste the token itself (three base64url parts separated by dots).",
        )
    candidate, stripped = _unwrap(text)
    if not candidate:
        raise TokenError(
            "The token is empty.",
            hint="The variable or file that should hold it is empty: the platform did not issue "
            "one, or it was read from the wrong place.",
        )
    if len(candidate) > MAX_TOKEN_CHARS:
        raise TokenError(
            f"This is {len(candidate):,} characters long; an ID token is a few thousand at most.",
            hint="Paste only the token, not a whole log or file.",
        )
    return _decode(candidate, tuple(stripped))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\ufffd")
    return control > max(2, len(sample) // 50)


def _unwrap(text: str) -> tuple[str, list[str]]:
    """Peel the usual wrappers off a pasted token; report each one."""
    stripped: list[str] = []
    value = text
    if value != value.strip():
        stripped.append(_describe_whitespace(value))
        value = value.strip()
    for _ in range(4):  # wrappers nest at most a few deep: export X="Bearer ..."
        before = value
        value = _unwrap_once(value, stripped)
        if value == before:
            break
    if re.search(r"\s", value):
        stripped.append("line breaks or spaces inside the token")
        value = re.sub(r"\s+", "", value)
    return value, stripped


def _unwrap_once(value: str, stripped: list[str]) -> str:
    if value.startswith("{"):
        inner = _token_from_json(value)
        if inner is not None:
            key, token = inner
            stripped.append(f'the JSON around it (the token was the "{key}" field)')
            return token.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        stripped.append(f"surrounding quotes ({value[0]})")
        return value[1:-1].strip()
    bearer = _BEARER.match(value)
    if bearer:
        stripped.append(f'a "{bearer.group(0).strip()}" prefix')
        return value[bearer.end() :].strip()
    if "." in value and not value.startswith("ey"):
        env = _ENV_LINE.match(value)
        if env and env.group("value").strip().strip("\"'").startswith("ey"):
            stripped.append(f"the variable assignment around it ({env.group('name')}=...)")
            return env.group("value").strip()
    return value


def _token_from_json(value: str) -> tuple[str, str] | None:
    try:
        data = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for key in _JSON_TOKEN_KEYS:
        item = data.get(key)
        if isinstance(item, str) and item.count(".") >= 2:
            return key, item
    return None


def _describe_whitespace(value: str) -> str:
    lead = value[: len(value) - len(value.lstrip())]
    tail = value[len(value.rstrip()) :]
    parts = []
    if lead:
        parts.append("leading whitespace")
    if tail:
        parts.append("a trailing newline" if "\n" in tail else "trailing whitespace")
    return " and ".join(parts)


def _decode(candidate: str, stripped: tuple[str, ...]) -> Token:
    parts = candidate.split(".")
    if len(parts) == 5:
        raise TokenError(
            "This is an encrypted token (JWE, five parts); Entra needs a signed ID token (JWS).",
            finding_id="token-wrong-kind",
            hint="Use the platform's OIDC ID token, not an encrypted one.",
        )
    if len(parts) != 3:
        raise TokenError(
            f"A JWT has three parts separated by dots; this has {len(parts)}.",
            hint="It is probably cut off: copy the whole value again.",
        )
    names = ("header", "payload", "signature")
    for name, part in zip(names, parts, strict=True):
        _check_base64url(name, part)
    header = _json_part("header", parts[0])
    if "enc" in header:
        raise TokenError(
            'The header has an "enc" field: this is an encrypted token (JWE), not a signed one.',
            finding_id="token-wrong-kind",
        )
    alg = header.get("alg")
    if isinstance(alg, str) and alg.lower() == "none":
        raise TokenError(
            'The header says "alg": "none": the token is not signed, and Entra never accepts that.',
            finding_id="algorithm-unsupported",
            hint="Issue the token with RS256 from an issuer that publishes its keys.",
        )
    claims = _json_part("payload", parts[1])
    signature = _b64decode(parts[2])
    problems = list(_structural_problems(header, signature))
    problems.extend(value_problems("header", header))
    problems.extend(value_problems("payload", claims))
    problems.extend(time_problems(claims))
    return Token(
        header=header,
        claims=claims,
        signature_bytes=len(signature),
        stripped=stripped,
        problems=tuple(problems),
        raw=candidate,
    )


def _check_base64url(name: str, part: str) -> None:
    if name != "signature" and not part:
        raise TokenError(f"The {name} part is empty.", hint="The token is cut off or mangled.")
    if not _B64URL.match(part):
        bad = next((i, ch) for i, ch in enumerate(part) if not _B64URL.match(ch))
        shown = repr(bad[1])[1:-1] if bad[1].isprintable() else f"U+{ord(bad[1]):04X}"
        padding = " (base64url has no '=' padding)" if bad[1] == "=" else ""
        raise TokenError(
            f"The {name} part has a character that is not base64url: '{shown}' at position "
            f"{bad[0] + 1}{padding}.",
            hint="The token was altered when it was copied or stored.",
        )
    if len(part) % 4 == 1:
        raise TokenError(
            f"The {name} part has an impossible base64url length ({len(part)}): it is truncated.",
            hint="Copy the whole token again.",
        )


def _b64decode(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - length/charset checked first
        raise TokenError(f"A part of the token is not valid base64url ({exc}).") from exc


def _json_part(name: str, part: str) -> dict[str, Any]:
    raw = _b64decode(part)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TokenError(
            f"The {name} is not UTF-8 text once decoded, so it is not JSON.",
            hint="The token is truncated or is not a JWT.",
        ) from exc
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        truncated = " It ends early: the token is probably truncated." if _ends_early(text) else ""
        raise TokenError(
            f"The {name} is not valid JSON once decoded.{truncated}",
            hint="Copy the whole token again; Entra answers AADSTS50027 for this.",
        ) from exc
    if not isinstance(value, dict):
        raise TokenError(f"The {name} is JSON but not an object ({type(value).__name__}).")
    return value


def _ends_early(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and stripped[0] == "{" and not stripped.endswith("}")


def _structural_problems(header: Mapping[str, Any], signature: bytes) -> list[str]:
    problems: list[str] = []
    alg = header.get("alg")
    if alg is None:
        problems.append('The header has no "alg".')
    if not signature:
        problems.append("The signature part is empty: the token was cut off or never signed.")
        return problems
    if isinstance(alg, str):
        if alg[:2] in ("RS", "PS") and len(signature) not in _RSA_SIGNATURE_SIZES:
            problems.append(
                f"The signature is {len(signature)} bytes; an {alg} signature is 256 bytes with a "
                "2048-bit key. The token is probably truncated."
            )
        expected = _EC_SIGNATURE_SIZES.get(alg)
        if expected is not None and len(signature) != expected:
            problems.append(
                f"The signature is {len(signature)} bytes; {alg} signatures are {expected} bytes. "
                "The token is probably truncated."
            )
    return problems


def looks_like_jwt(text: str) -> bool:
    """Cheap test used by input recognition: three dot-separated base64url parts, header first."""
    candidate = text.strip().strip("\"'")
    parts = candidate.split(".")
    return (
        len(parts) in (3, 5)
        and candidate.startswith("eyJ")
        and all(_B64URL.match(part) for part in parts)
    )
