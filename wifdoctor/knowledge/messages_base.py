"""The shapes of the message catalogue (``messages.py``): message and tool-version patterns."""

from __future__ import annotations

from dataclasses import dataclass

WORD_START = r"(?<![A-Za-z0-9_])"
WORD_END = r"(?![A-Za-z0-9_])"


@dataclass(frozen=True)
class MessagePattern:
    id: str  # stable kebab-case id
    finding_id: str  # docs/findings.md id
    pattern: str  # a regex, compiled by the parser; linear-time (no nested quantifiers)
    meaning: str  # one line: what this message means
    platforms: tuple[str, ...] = ()  # platform ids it belongs to, if any
    # Literal, case-sensitive substrings; every match of ``pattern`` contains one of them.
    anchors: tuple[str, ...] = ()
    # Entra's own text for this AADSTS code, saying more precisely why than the code's default
    # finding: when the message is there, the code's default finding is not concluded.
    explains_code: int | None = None


@dataclass(frozen=True)
class ToolVersionPattern:
    """A printed tool version: ``pattern`` has a group ``version``; ``tool`` is the key it fills."""

    tool: str
    pattern: str
    anchors: tuple[str, ...]


def code_word(name: str) -> str:
    """A Graph / ARM error code as a whole word (not inside a longer identifier)."""
    return f"{WORD_START}{name}{WORD_END}"
