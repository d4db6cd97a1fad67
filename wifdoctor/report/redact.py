"""The one redaction pass between a Diagnosis and every renderer (text, JSON, Markdown, the app).

Every string the Diagnosis holds (step summaries and evidence, findings, excerpts, the HTTP
trace, error evidence) goes through ``core.redaction.redact_text``. The token's raw text is
dropped (the claims and header stay: they are what the user came to see).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.redaction import redact_text

T = TypeVar("T")
_KEEP = frozenset({"claims", "header"})  # the token's decoded parts, shown on purpose


def redact(diagnosis: Diagnosis, secrets: Iterable[str] = ()) -> Diagnosis:
    found = [s for s in secrets if s]
    if diagnosis.token is not None and diagnosis.token.raw:
        found.append(diagnosis.token.raw)
    result: Diagnosis = _walk(diagnosis, tuple(found), 0)
    return result


def redact_value(value: T, secrets: Iterable[str] = ()) -> T:
    """The same pass over anything else shown while the walk runs (a step's result, progress)."""
    return _walk(value, tuple(s for s in secrets if s), 0)


def _walk(value: T, secrets: tuple[str, ...], depth: int) -> T:
    if depth > 12:
        return value
    if isinstance(value, str):
        return redact_text(value, secrets)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_walk(v, secrets, depth + 1) for v in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_walk(v, secrets, depth + 1) for v in value]  # type: ignore[return-value]
    if isinstance(value, Mapping):
        return {k: _walk(v, secrets, depth + 1) for k, v in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(value):
            if not item.init:
                continue
            current = getattr(value, item.name)
            if item.name == "raw" and isinstance(current, str):
                changes[item.name] = ""
            elif item.name not in _KEEP:
                changes[item.name] = _walk(current, secrets, depth + 1)
        return dataclasses.replace(value, **changes)
    return value
