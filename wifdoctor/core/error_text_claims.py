"""A token's decoded claims pasted as JSON: what jwt.ms / jwt.io show, what `jq` prints from a
token's payload, what people post as "my decoded token" beside their error.

The claims are the assertion's values, like those Entra quotes in an error, so they fill the same
fields (issuer, subject, audience, job_workflow_ref) and get the same assertion findings. Only
the values are used: times in a pasted payload say when that token was issued, not when an
exchange failed.

Bounded: at most ``MAX_OBJECTS`` anchors are looked at, each with at most ``MAX_STARTS`` candidate
``{`` within ``LOOK_BACK`` characters before it, and each candidate is decoded once, from at
most ``MAX_OBJECT_CHARS`` characters.
"""

from __future__ import annotations

import json

from wifdoctor.core.error_text_scan import Scanner

MAX_OBJECTS = 8
MAX_STARTS = 12
LOOK_BACK = 4000
MAX_OBJECT_CHARS = (
    16_000  # a token's payload is a few hundred characters; a longer object is not one
)
_ANCHORS = ('"iss"', '"sub"')
# MSAL prints the operator's own sign-in ID token in its messages ("The ID token is not yet
# valid. ... The id_token was: {...}", Azure/azure-cli#20434, #23316): that is not an assertion.
_NOT_AN_ASSERTION = ("id_token was", "id_token:", "id token was")
_DECODER = json.JSONDecoder()


def decoded_claims(scanner: Scanner) -> dict[str, str]:
    """The assertion's values from the first pasted claims object (``{"iss": ..., "sub": ...}``)."""
    text = scanner.text
    seen: set[int] = set()
    for anchor in _ANCHORS:
        start = 0
        for _ in range(MAX_OBJECTS):
            pos = text.find(anchor, start)
            if pos < 0:
                break
            start = pos + len(anchor)
            claims = _object_around(text, pos, seen)
            if claims is None:
                continue
            values = _values(claims)
            if values:
                scanner.note(pos, priority=1)
                return values
    return {}


def _object_around(text: str, pos: int, seen: set[int]) -> dict[str, object] | None:
    """The JSON object holding the key at ``pos`` as one of its own (top-level) keys."""
    floor = max(0, pos - LOOK_BACK)
    cursor = pos
    for _ in range(MAX_STARTS):
        brace = text.rfind("{", floor, cursor)
        if brace < 0:
            return None
        cursor = brace
        if brace in seen:
            continue
        seen.add(brace)
        if any(mark in text[max(0, brace - 40) : brace].lower() for mark in _NOT_AN_ASSERTION):
            return None
        try:
            value, end = _DECODER.raw_decode(text[brace : brace + MAX_OBJECT_CHARS])
        except (ValueError, RecursionError):
            continue
        if brace + end > pos and isinstance(value, dict) and ("iss" in value or "sub" in value):
            return value
    return None


def _values(claims: dict[str, object]) -> dict[str, str]:
    values: dict[str, str] = {}
    names = (("iss", "issuer"), ("sub", "subject"), ("job_workflow_ref", "job_workflow_ref"))
    for claim, name in names:
        value = claims.get(claim)
        if isinstance(value, str) and value:
            values[name] = value
    audience = claims.get("aud")
    if isinstance(audience, list):
        audience = next((item for item in audience if isinstance(item, str) and item), None)
    if isinstance(audience, str) and audience:
        values["audience"] = audience
    if "issuer" not in values and "subject" not in values:
        return {}
    return values
