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
    result: Diagnosis = _walk(diagnosis, tuple(found), 0, {})
    return result


def redact_value(value: T, secrets: Iterable[str] = ()) -> T:
    """The same pass over anything else shown while the walk runs (a step's result, progress)."""
    return _walk(value, tuple(s for s in secrets if s), 0, {})


def _walk(value: T, secrets: tuple[str, ...], depth: int, done: dict[Any, Any]) -> T:
    """``done``: what this pass has already redacted, texts by value and objects by identity (a
    Diagnosis repeats its values: each credential appears in several comparisons). A value
    with nothing to redact is returned as it is, not copied."""
    if depth > 12:
        return value
    if isinstance(value, str):
        if value not in done:
            done[value] = redact_text(value, secrets)
        return done[value]  # type: ignore[no-any-return]
    if isinstance(value, tuple | list):
        items = [_walk(v, secrets, depth + 1, done) for v in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, Mapping):
        return {k: _walk(v, secrets, depth + 1, done) for k, v in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        key = ("object", id(value))
        if key in done:
            return done[key][1]  # type: ignore[no-any-return]
        changes: dict[str, Any] = {}
        for item in _fields(type(value)):
            current = getattr(value, item)
            if item == "raw" and isinstance(current, str):
                new: Any = ""
            elif item in _KEEP:
                continue
            else:
                new = _walk(current, secrets, depth + 1, done)
            if new is not current:
                changes[item] = new
        result = dataclasses.replace(value, **changes) if changes else value
        done[key] = (value, result)  # the value is kept alive, so its id stays its own
        return result
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.init)
    return _FIELDS[kind]
