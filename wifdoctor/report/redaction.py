"""A Redactor binds the secrets of one run (the token, request tokens, the environment's
secret-looking values) to the one redaction pass: ``core.redaction`` for text and data,
``report.redact`` for a Diagnosis or any frozen dataclass tree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.redaction import SECRET_MARK, redact_data, redact_text, secret_values
from wifdoctor.report.redact import redact, redact_value

T = TypeVar("T")
MASK = SECRET_MARK


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = tuple(s.strip() for s in secrets if s and s.strip())

    @classmethod
    def for_environment(cls, environment: Mapping[str, str], extra: Iterable[str] = ()) -> Redactor:
        return cls((*secret_values(environment), *extra))

    def text(self, value: str) -> str:
        return redact_text(value, self.secrets)

    def data(self, value: Any) -> Any:
        return redact_data(value, self.secrets)

    def diagnosis(self, value: T) -> T:
        """A Diagnosis through ``report.redact.redact`` (its token's raw text among the
        secrets); any other dataclass tree (a Capture) through the same walk."""
        if isinstance(value, Diagnosis):
            redacted: T = redact(value, self.secrets)  # type: ignore[assignment]
            return redacted
        return redact_value(value, self.secrets)
