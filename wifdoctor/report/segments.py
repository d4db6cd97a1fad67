"""Differences between two compared values as whole segments, for people to read.

A character diff of ``repo:contoso/api:environment:Production`` against
``repo:contoso/api:ref:refs/heads/main`` marks scattered letters (the shared "e", "r", "o"...).
People think in the value's parts (owner, repository, context, environment, ref; an issuer's
host and path), so the values are cut at ``:`` and ``/`` and compared part by part: a part that
differs is marked whole, with the separators between differing parts. A trailing slash or
surrounding whitespace that only one side has is marked on its own.

Bounded: values are cut to at most MAX_SEGMENTS parts before comparing (difflib on short lists).
"""

from __future__ import annotations

import difflib
import re

Span = tuple[int, int]
MAX_SEGMENTS = 200
_PARTS = re.compile(r"[^:/]+|[:/]+")


def _segments(value: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each part and each run of separators, at most MAX_SEGMENTS."""
    found: list[tuple[str, int, int]] = []
    for match in _PARTS.finditer(value):
        if len(found) == MAX_SEGMENTS:
            found.append((value[match.start() :], match.start(), len(value)))
            break
        found.append((match.group(), match.start(), match.end()))
    return found


def _edges(a: str, b: str) -> tuple[tuple[Span, ...], tuple[Span, ...]] | None:
    """Whitespace or a trailing slash that only one side has, when that is the only difference."""
    if a.strip() == b.strip() and a != b:
        return _outer(a, a.strip()), _outer(b, b.strip())
    if a.rstrip("/") == b.rstrip("/") and a != b:
        core = len(a.rstrip("/"))
        return ((core, len(a)),) if len(a) > core else (), ((core, len(b)),) if len(
            b
        ) > core else ()
    return None


def _outer(value: str, inner: str) -> tuple[Span, ...]:
    start = value.find(inner) if inner else 0
    spans = []
    if start > 0:
        spans.append((0, start))
    if start + len(inner) < len(value):
        spans.append((start + len(inner), len(value)))
    return tuple(spans)


def segment_spans(a: str, b: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The spans of ``a`` and of ``b`` that differ, as whole parts (see the module's doc)."""
    if a == b:
        return (), ()
    edges = _edges(a, b)
    if edges is not None:
        return edges
    left, right = _segments(a), _segments(b)
    matcher = difflib.SequenceMatcher(
        None, [s[0] for s in left], [s[0] for s in right], autojunk=False
    )
    spans_a: list[Span] = []
    spans_b: list[Span] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if a1 > a0:
            spans_a.append((left[a0][1], left[a1 - 1][2]))
        if b1 > b0:
            spans_b.append((right[b0][1], right[b1 - 1][2]))
    return tuple(spans_a), tuple(spans_b)
