"""Small helpers the platform modules share: safe claim access, GUID checks, subject parts.

Claims come from untrusted tokens: any value may be missing or of any JSON type, so every helper
here answers instead of raising.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from wifdoctor.knowledge.platforms.base import SubjectPart

Basis = Literal["issuer", "claims", "subject"]

GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_GUID_RE = re.compile(GUID)


def claim_str(claims: Mapping[str, object], name: str) -> str | None:
    """The claim's value when it is a string, else None."""
    value = claims.get(name)
    return value if isinstance(value, str) else None


def has_claim(claims: Mapping[str, object], name: str) -> bool:
    """Whether the claim is present with a value other than null."""
    return claims.get(name) is not None


def count_claims(claims: Mapping[str, object], names: tuple[str, ...]) -> int:
    return sum(1 for name in names if has_claim(claims, name))


def audiences(claims: Mapping[str, object]) -> tuple[str, ...]:
    """`aud` as a tuple of strings (a string, or the strings of a list)."""
    value = claims.get("aud")
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def is_guid(text: str) -> bool:
    return _GUID_RE.fullmatch(text) is not None


def part(name: str, value: str, explanation: str) -> SubjectPart:
    return SubjectPart(name=name, value=value, explanation=explanation)


SLASH_NOTE_START = "This issuer ends with '/', the real one"


def slash_note(issuer: str, real: str) -> str:
    """The note for an issuer that differs from the platform's real one only by a trailing '/'."""
    return (
        f"{SLASH_NOTE_START} ({real}) does not; Entra compares issuers "
        "exactly, so this will not match."
    )
