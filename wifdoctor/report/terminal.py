"""Text that every terminal and console can take: visible escapes, ASCII marks when needed.

External text (claims, quoted log lines, file names) may hold control characters, terminal
escape sequences, bidirectional overrides or lone surrogates; they are shown as escapes
(``\\x1b``, ``\\u202e``) rather than acting on the terminal or crashing the encoder. A console
that cannot encode the marks (cp1252 cannot encode ``✓``, ascii nothing beyond 127) gets ASCII
ones, and anything else it cannot encode becomes a backslash escape.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates, and lone
# surrogates. ESC is matched with what follows when it is one of our own colour codes (SGR).
_UNSAFE = re.compile(
    "(\x1b\\[[0-9;]*m)|([\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff])"
)
# The marks the renderers write, by code point (U+2713 check mark, U+2717 ballot x, ...).
ASCII_MARKS = str.maketrans(
    {
        "\u2713": "+",
        "\u2717": "x",
        "\u00b7": "-",
        "\u2026": "...",
        "\u2014": "--",
        "\u2013": "-",
        "\u2192": "->",
        "\u2190": "<-",
        "\u2022": "*",
        "\u26a0": "!",
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u00d7": "x",
        "\u2260": "!=",
        "\u2264": "<=",
        "\u2265": ">=",
        "\u2502": "|",
        "\u2500": "-",
        "\ufffd": "?",
    }
)


def visible(text: str, *, keep_colour: bool = False) -> str:
    """``text`` with control characters and lone surrogates shown as escapes.

    With ``keep_colour``, SGR colour sequences (``ESC [ ... m``, what the renderer writes) stay.
    """

    def escape(found: re.Match[str]) -> str:
        if found.group(1) is not None:
            return found.group(1) if keep_colour else "\\x1b" + found.group(1)[1:]
        char = found.group(2)
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def encodable(text: str, encoding: str | None) -> str:
    """``text`` as the stream's encoding can take it: ASCII marks, then backslash escapes."""
    codec = encoding or "utf-8"
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        text = text.translate(ASCII_MARKS)
        return text.encode(codec, "backslashreplace").decode(codec)
    except LookupError:  # an encoding Python does not know: be safe
        return text.translate(ASCII_MARKS).encode("ascii", "backslashreplace").decode("ascii")
    return text


def can_encode(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
