"""Redaction of credentials in text: JWTs, client assertions, access tokens, Authorization
headers, and any secret value the caller names (request tokens and secrets from the environment).

One function over one string; ``report.redact`` applies it to every text of a Diagnosis before
any renderer sees it. Bounded: plain regular expressions without nested quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

JWT_MARK = "[redacted token]"
SECRET_MARK = "[redacted]"

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_FIELDS = re.compile(
    r"""(?ix)
    (?P<key>["']?(?:client_assertion|access_token|refresh_token|id_token|client_secret)
    ["']?\s*[:=]\s*["']?)
    (?P<value>[^"'&\s,}]{6,})
    """
)
_BEARER = re.compile(r"(?i)(?P<key>\bbearer\s+)(?P<value>[A-Za-z0-9._~+/=-]{8,})")
MIN_SECRET = 8  # shorter values are too likely to be ordinary words


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    if not text:
        return text
    for secret in secrets:
        if len(secret) >= MIN_SECRET and secret in text:
            text = text.replace(secret, SECRET_MARK)
    text = _JWT.sub(JWT_MARK, text)
    text = _FIELDS.sub(lambda m: m["key"] + SECRET_MARK, text)
    return _BEARER.sub(lambda m: m["key"] + SECRET_MARK, text)
