"""Redaction: one declarative list of sanitizers, applied before anything is rendered or stored.

The model is the Azure SDK test-proxy's regex, body-key and header sanitizers
(Azure/azure-sdk-tools tools/test-proxy/Azure.Sdk.Tools.TestProxy/README.md "Add Sanitizer"):
JWTs, ``client_assertion`` and other token fields, ``Authorization`` headers, bearer values,
``NAME=value`` lines of secret-looking variables, and any exact value the caller names (request
tokens, values of secret-looking environment variables). ``report.redact`` applies it to every
text of a Diagnosis; ``redact_data`` to JSON-like data. Bounded: plain regular expressions
without nested quantifiers.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wifdoctor.knowledge.ci_environments import is_secret_name

JWT_MARK = "[redacted token]"
SECRET_MARK = "[redacted]"
MIN_SECRET = 8  # shorter values are too likely to be ordinary words

_JWT = re.compile(
    r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}"
)
_KEYS = (
    r"client_assertion|client_secret|access_token|refresh_token|id_token|idToken|oidcToken|"
    r"assertion"
)
# Every key above contains one of these (lower case): "client_secret" has "secret", the rest
# "token" or "assertion".
_KEY_TRIGGERS = ("assertion", "secret", "token")


def _jwt_label(match: re.Match[str]) -> str:
    """A JWT becomes a label with its issuer and subject: never a part of the token itself."""
    parts = match.group(0).split(".")
    said = ""
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        if isinstance(claims, dict):
            bits = [f"{k}={claims[k]}" for k in ("iss", "sub") if isinstance(claims.get(k), str)]
            said = ", ".join(bits)[:300]
    except (ValueError, IndexError):
        said = ""
    return f"{JWT_MARK[:-1]}: {said}]" if said and _JWT.search(said) is None else JWT_MARK


def _secret_assignment(match: re.Match[str]) -> str:
    if is_secret_name(match.group(2)) and SECRET_MARK not in match.group(4):
        return f"{match.group(1)}{match.group(2)}{match.group(3)}{SECRET_MARK}"
    return match.group(0)


@dataclass(frozen=True)
class Sanitizer:
    name: str
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]
    # Lower-case substrings every match contains: a text with none of them is left alone
    # without running the expression (most texts of a Diagnosis hold no secret at all).
    triggers: tuple[str, ...]

    def apply(self, text: str, folded: str | None = None) -> str:
        folded = text.lower() if folded is None else folded
        if not any(trigger in folded for trigger in self.triggers):
            return text
        return self.pattern.sub(self.replacement, text)


# The order matters: whole tokens first, then the places a secret sits by its key or header.
SANITIZERS: tuple[Sanitizer, ...] = (
    Sanitizer("jwt", _JWT, _jwt_label, ("eyj",)),
    Sanitizer(
        "authorization-header",
        re.compile(
            r"(?i)\b(authorization[\"']?\s*[:=]\s*[\"']?)(?:(bearer|basic)\s+)?[^\s\"',;}]+"
        ),
        lambda m: f"{m.group(1)}{m.group(2) + ' ' if m.group(2) else ''}{SECRET_MARK}",
        ("authorization",),
    ),
    Sanitizer(
        "bearer",
        re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
        rf"\1{SECRET_MARK}",
        ("bearer",),
    ),
    Sanitizer(
        "token-form-field",
        re.compile(rf"(?i)\b({_KEYS})=[^&\s\"']+"),
        rf"\1={SECRET_MARK}",
        _KEY_TRIGGERS,
    ),
    Sanitizer(
        "token-json-field",
        re.compile(rf"(?i)([\"']?(?:{_KEYS})[\"']?\s*:\s*[\"'])[^\"']+([\"'])"),
        rf"\1{SECRET_MARK}\2",
        _KEY_TRIGGERS,
    ),
    Sanitizer(
        "secret-assignment",
        re.compile(
            r"(?im)^(\s*(?:export\s+|set\s+|\$env:)?)([A-Za-z_][A-Za-z0-9_.]*)(\s*=\s*)(\S.*)$"
        ),
        _secret_assignment,
        ("=",),
    ),
)


_ANY_TRIGGER = re.compile(
    "|".join(re.escape(t) for t in dict.fromkeys(t for s in SANITIZERS for t in s.triggers))
)


def secret_values(environment: Mapping[str, str]) -> tuple[str, ...]:
    """The values of environment variables whose names say they hold secrets."""
    return tuple(
        value.strip()
        for name, value in environment.items()
        if is_secret_name(name) and len(value.strip()) >= MIN_SECRET
    )


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    if not text:
        return text
    # Longest first, so a secret that contains another is masked whole.
    for secret in sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, SECRET_MARK)
    folded = text.lower()
    if _ANY_TRIGGER.search(folded) is None:
        return text
    for sanitizer in SANITIZERS:
        changed = sanitizer.apply(text, folded)
        if changed is not text:
            text, folded = changed, changed.lower()
    return text


def secret_key(key: str) -> bool:
    """A key whose value is a secret: a token field, or an environment variable's name."""
    if re.fullmatch(rf"(?i)(?:{_KEYS}|authorization)", key):
        return True
    return key.isupper() and is_secret_name(key)


def redact_data(value: Any, secrets: Iterable[str] = (), depth: int = 0) -> Any:
    """JSON-like data with every string redacted; keys that name secrets lose their value."""
    found = tuple(secrets)
    if depth > 40:
        return value
    if isinstance(value, str):
        return redact_text(value, found)
    if isinstance(value, Mapping):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if isinstance(key, str) and isinstance(item, str) and item and secret_key(key):
                out[key] = SECRET_MARK
            else:
                out[key] = redact_data(item, found, depth + 1)
        return out
    if isinstance(value, list | tuple):
        return type(value)(redact_data(item, found, depth + 1) for item in value)
    return value
