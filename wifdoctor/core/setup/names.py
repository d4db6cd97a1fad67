"""Credential names Graph and ARM both accept, made from the user's own values.

A name is 3-120 characters of letters, digits, '-' and '_', starting with a letter or digit, and
never percent-encoded (knowledge.fic_rules). When the readable form loses information (a '/', a
'.', a space) or is too long, a short hash of the original keeps two inputs from colliding
(feature/x and feature-x), deterministically, as azure-workload-identity PR #372 does.
"""

from __future__ import annotations

import hashlib
import re

from wifdoctor.knowledge.fic_rules import NAME_MAX, SAFE_NAME

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")


def safe_name(*parts: str) -> str:
    """A valid credential name from the parts, e.g. ("gh", "contoso", "app", "feature/x")."""
    raw = "-".join(part for part in parts if part)
    cleaned = _DASHES.sub("-", _UNSAFE.sub("-", raw)).strip("-_")
    lossy = cleaned != raw
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if len(cleaned) > NAME_MAX or (lossy and len(cleaned) + 9 > NAME_MAX):
        cleaned = cleaned[: NAME_MAX - 9].rstrip("-_")
        lossy = True
    if lossy:
        cleaned = f"{cleaned}-{digest}" if cleaned else f"fic-{digest}"
    if len(cleaned) < 3:
        cleaned = f"fic-{cleaned}" if cleaned else f"fic-{digest}"
    if not SAFE_NAME.fullmatch(cleaned):  # cannot happen; a last guard for odd input
        cleaned = f"fic-{digest}"
    return cleaned


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or name-2, name-3 ... when an existing credential already uses it."""
    if name not in taken:
        return name
    for number in range(2, 100):
        candidate = f"{name[: NAME_MAX - 4]}-{number}"
        if candidate not in taken:
            return candidate
    return safe_name(name, str(len(taken)))
