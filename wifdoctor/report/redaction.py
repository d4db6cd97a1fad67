"""One redaction pass: a declarative list of sanitizers applied before anything is rendered or
stored (the model of the Azure SDK test-proxy's regex, body-key and header sanitizers:
Azure/azure-sdk-tools tools/test-proxy/Azure.Sdk.Tools.TestProxy/README.md "Add Sanitizer").

``Redactor.text`` masks a string; ``Redactor.data`` a JSON-like value; ``Redactor.diagnosis``
any frozen dataclass tree (a Diagnosis, a Capture) field by field. Besides the patterns, the
exact values of secret-looking environment variables (and any value the caller names) are
masked wherever they appear, whatever their shape.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from wifdoctor.knowledge.ci_environments import is_secret_name

T = TypeVar("T")
MASK = "[masked]"
MIN_SECRET_CHARS = 6  # shorter values ("true", "1") would mask ordinary words

_JWT = re.compile(
    r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}"
)


def _jwt_summary(match: re.Match[str]) -> str:
    """A JWT becomes a label with its issuer and subject, never a part of the token itself."""
    parts = match.group(0).split(".")
    said = ""
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
        if isinstance(claims, dict):
            bits = [f"{k}={claims[k]}" for k in ("iss", "sub") if isinstance(claims.get(k), str)]
            said = (": " + ", ".join(bits)) if bits else ""
    except (ValueError, IndexError):
        said = ""
    return f"[JWT masked{said[:300]}]"


@dataclass(frozen=True)
class Sanitizer:
    name: str
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]

    def apply(self, text: str) -> str:
        return self.pattern.sub(self.replacement, text)


_KEYS = r"client_assertion|access_token|refresh_token|id_token|idToken|oidcToken|assertion"

# The order matters: whole tokens first, then the places a secret sits by its key or header.
SANITIZERS: tuple[Sanitizer, ...] = (
    Sanitizer("jwt", _JWT, _jwt_summary),
    Sanitizer(
        "authorization-header",
        re.compile(
            r"(?i)\b(authorization[\"']?\s*[:=]\s*[\"']?)(?:(bearer|basic)\s+)?[^\s\"',;}]+"
        ),
        lambda m: f"{m.group(1)}{m.group(2) + ' ' if m.group(2) else ''}{MASK}",
    ),
    Sanitizer("bearer", re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"), rf"\1{MASK}"),
    Sanitizer(
        "token-form-field",
        re.compile(rf"(?i)\b({_KEYS})=[^&\s\"']+"),
        rf"\1={MASK}",
    ),
    Sanitizer(
        "token-json-field",
        re.compile(rf"(?i)([\"']?(?:{_KEYS})[\"']?\s*:\s*[\"'])[^\"']+([\"'])"),
        rf"\1{MASK}\2",
    ),
    Sanitizer(
        "secret-assignment",
        re.compile(
            r"(?im)^(\s*(?:export\s+|set\s+|\$env:)?)([A-Za-z_][A-Za-z0-9_.]*)(\s*=\s*)(\S.*)$"
        ),
        lambda m: (
            f"{m.group(1)}{m.group(2)}{m.group(3)}{MASK}"
            if is_secret_name(m.group(2)) and MASK not in m.group(4)
            else m.group(0)
        ),
    ),
)


def secret_values(environment: Mapping[str, str]) -> tuple[str, ...]:
    """The values of environment variables whose names say they are secrets."""
    return tuple(
        value
        for name, value in environment.items()
        if is_secret_name(name) and len(value.strip()) >= MIN_SECRET_CHARS
    )


class Redactor:
    def __init__(
        self,
        secrets: Iterable[str] = (),
        sanitizers: tuple[Sanitizer, ...] = SANITIZERS,
    ) -> None:
        values = {s.strip() for s in secrets if s and len(s.strip()) >= MIN_SECRET_CHARS}
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = tuple(sorted(values, key=len, reverse=True))
        self.sanitizers = sanitizers

    @classmethod
    def for_environment(cls, environment: Mapping[str, str], extra: Iterable[str] = ()) -> Redactor:
        return cls((*secret_values(environment), *extra))

    def text(self, value: str) -> str:
        for secret in self.secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        for sanitizer in self.sanitizers:
            value = sanitizer.apply(value)
        return value

    def data(self, value: Any) -> Any:
        """A JSON-like value with every string masked; keys that name secrets lose their value."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            out: dict[Any, Any] = {}
            for key, item in value.items():
                if isinstance(key, str) and isinstance(item, str) and _secret_key(key):
                    out[key] = MASK if item else item
                else:
                    out[key] = self.data(item)
            return out
        if isinstance(value, list | tuple):
            return type(value)(self.data(item) for item in value)
        return value

    def diagnosis(self, value: T) -> T:
        """A copy of a frozen dataclass tree with every string field masked."""
        return self._tree(value, 0)  # type: ignore[no-any-return]

    def _tree(self, value: Any, depth: int) -> Any:
        if depth > 12:
            return value
        if isinstance(value, str):
            return self.text(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self._tree(getattr(value, f.name), depth + 1)
                for f in dataclasses.fields(value)
                if f.init
            }
            return dataclasses.replace(value, **changes)
        if isinstance(value, Mapping):
            return {key: self._tree(item, depth + 1) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self._tree(item, depth + 1) for item in value)
        return value


def _secret_key(key: str) -> bool:
    """A key whose value is a secret: a token field, or an environment variable's name."""
    if re.fullmatch(rf"(?i)(?:{_KEYS}|authorization)", key):
        return True
    return key.isupper() and is_secret_name(key)
