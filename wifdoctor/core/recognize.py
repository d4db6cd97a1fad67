"""Say what a paste is: a token, credentials JSON, or error/log text (maybe with a token in it)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from wifdoctor.core.token import looks_like_jwt

PasteKind = Literal["empty", "token", "credentials", "error-text"]
# A signed JWT inside other text (a log line, an env dump). Two JSON parts start with eyJ.
# Linear on any text: a match starts only where a base64url run starts (the look-behind), and the
# possessive runs never give characters back, so each character is scanned by at most three
# attempts (the one starting at its part, and those starting one or two parts before). Without
# that, a 100 KB run of "eyJ" took seconds (an attempt at every "eyJ", each to the run's end).
_EMBEDDED_JWT = re.compile(
    r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+\.eyJ[A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]{16,}+"
)
_CREDENTIAL_KEYS = ('"issuer"', '"subject"', '"audiences"', '"claimsMatchingExpression"')


@dataclass(frozen=True)
class Paste:
    kind: PasteKind
    token_text: str | None = None  # the token, when the paste is one or contains one


def classify(text: str) -> Paste:
    stripped = text.strip()
    if not stripped:
        return Paste("empty")
    if _is_token(stripped):
        return Paste("token", token_text=text)
    if stripped[0] in "[{" and any(key in stripped for key in _CREDENTIAL_KEYS):
        try:
            json.loads(stripped)
        except (ValueError, RecursionError):
            pass
        else:
            if '"error"' not in stripped[:200] or '"issuer"' in stripped:
                return Paste("credentials")
    embedded = _EMBEDDED_JWT.search(text)
    return Paste("error-text", token_text=embedded.group(0) if embedded else None)


def _is_token(stripped: str) -> bool:
    if looks_like_jwt(stripped):
        return True
    # "Bearer eyJ...", "NAME=eyJ...", '{"value": "eyJ..."}': one line that is a wrapped token.
    if "\n" in stripped.strip() or len(stripped) > 64_000:
        return False
    found = _EMBEDDED_JWT.search(stripped)
    if found is None:
        return False
    rest = stripped[: found.start()] + stripped[found.end() :]
    return len(rest) <= 60 and "AADSTS" not in rest
