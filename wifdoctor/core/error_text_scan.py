"""Preparing pasted text for the error-text parser, and finding its evidence with bounded work.

``normalise`` undoes what CI systems and JSON encoders do to a message (escapes, ANSI colours,
timestamps, ``##[error]``, Terraform's wrapped ``│`` boxes, GitHub's copied line links).
``Scanner`` finds the lines around literal anchors with ``str.find`` and hands at most
``MAX_WINDOWS`` windows of at most ``WINDOW`` characters to each regular expression, so the work
stays bounded whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from wifdoctor.core.error_text_times import parse_time

WINDOW = 4000  # characters examined around an anchor on a very long line
MAX_WINDOWS = 200  # windows examined per extractor
WINDOW_BUDGET = 64_000  # characters examined per extractor
MAX_SOURCE_LINES = 20
SOURCE_LINE_CHARS = 300
EXCERPT_CHARS = 200

_ANSI = re.compile(
    r"\x1b(?:\[[0-?]{0,40}[ -/]{0,5}[@-~]|\][^\x07\x1b\n]{0,500}(?:\x07|\x1b\\)?|[@-Z\\-_])"
)
# GitHub's web log view turns numbers into line links when copied: "AADSTS700[21](https://github.com
# /o/r/actions/runs/1/job/2#step:6:22)" (Azure/login#296, microsoft/ebpf-for-windows#2867).
_GITHUB_LINE_LINK = re.compile(
    r"\[(\d{1,7})\]\(https://github\.com/[^)\s]{1,400}#step:\d{1,4}:\d{1,7}\)", re.ASCII
)
# JSON / repr escapes, possibly doubled by nesting ("\\r\\n", "\\\"", "\u0027").
_ESCAPE = re.compile(r"(?<!\\)\\{1,8}+(?:u([0-9a-fA-F]{4})|(r\\{1,8}+n|r|n)|(t)|([\"'/]))")
_HTML_ENTITIES = (
    ("&#39;", "'"),
    ("&#x27;", "'"),
    ("&apos;", "'"),
    ("&quot;", '"'),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&amp;", "&"),
)
# GitHub Actions / Azure DevOps line timestamps; GitLab adds "00O " / "01E+ " after its own.
_CI_STAMP = re.compile(
    r"^\ufeff?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z ?(?:\d\d[OE]\+? )?", re.M | re.ASCII
)
_CI_MARK = re.compile(
    r"^(?:##\[[a-z]{1,20}\]|::(?:error|warning|notice|debug)[^:\n]{0,200}::) ?", re.M
)
_CONTINUATION = re.compile(r"[ \t]{1,20}[`\\]\n[ \t]{0,40}")
# What must not reach a terminal: control characters, bidi overrides.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def log_times(text: str) -> tuple[datetime, ...]:
    """The first and the last CI line timestamp of ``text`` (before ``normalise`` drops them)."""
    first = _CI_STAMP.search(text)
    if first is None:
        return ()
    last = first
    # The last stamp: search backwards from the end in growing steps (bounded, linear overall).
    tail = len(text)
    while tail > first.end():
        start = max(first.end(), tail - 4096)
        found = list(_CI_STAMP.finditer(text, start, tail))
        if found:
            last = found[-1]
            break
        tail = start
    times = [parse_time(m.group(0).strip().split(" ")[0].lstrip("\ufeff")) for m in (first, last)]
    kept = tuple(t for t in dict.fromkeys(times) if t is not None)
    return kept


def _unescape(match: re.Match[str]) -> str:
    code, newline, tab, char = match.groups()
    if code is not None:
        value = int(code, 16)
        return match.group(0) if 0xD800 <= value <= 0xDFFF else chr(value)
    if newline is not None:
        return "\n"
    if tab is not None:
        return "\t"
    return char or ""


def normalise(text: str) -> str:
    """The text with transport artefacts removed; lines separated by ``\\n`` only."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "#step:" in text:
        text = _GITHUB_LINE_LINK.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(_unescape, text)
    if "&" in text:
        for entity, char in _HTML_ENTITIES:
            text = text.replace(entity, char)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "`\n" in text or "\\\n" in text:
        # A command continued on the next line (PowerShell's backtick, a shell's backslash) is
        # one command (Azure/azure-dev#2091: azd auth login `\n --client-secret ...).
        text = _CONTINUATION.sub(" ", text)
    text = _CI_STAMP.sub("", text)
    if "##[" in text or "::" in text:
        text = _CI_MARK.sub("", text)
    if "│" in text:
        text = _join_terraform_boxes(text)
    return text


def _join_terraform_boxes(text: str) -> str:
    """Terraform prints diagnostics in a ``│`` box and wraps long lines at spaces: join them."""
    out: list[list[str]] = []  # each output line as its pieces, joined once at the end
    continuing = False
    for line in text.split("\n"):
        body = line.lstrip(" ")
        if not body.startswith("│"):
            out.append([line])
            continuing = False
            continue
        content = body[2:] if body.startswith("│ ") else body[1:]
        if not content.strip():
            out.append([""])
            continuing = False
        elif continuing and not content.startswith(" ") and len(out[-1]) < 200:
            out[-1].append(content)
        else:
            out.append([content])
            continuing = True
    return "\n".join(" ".join(pieces) for pieces in out)


def clean(text: str) -> str:
    """One line fit for display: no control characters, tabs as spaces, trimmed."""
    return _UNPRINTABLE.sub("", text.replace("\t", " ")).strip()


def excerpt(line: str, at: int, limit: int) -> str:
    """``line`` cleaned and cut to ``limit`` characters, keeping position ``at`` in view."""
    if len(line) > limit * 4:  # cut before cleaning so a huge line costs little
        start = max(0, at - limit)
        line, at = line[start : start + limit * 3], at - start
    text = clean(line)
    if len(text) <= limit:
        return text
    # Keep the line's start when the match is near it; otherwise open a little before the match.
    start = 0 if at + limit // 4 <= limit else max(0, min(at - limit // 5, len(text) - limit + 1))
    head = "…" if start else ""
    body = text[start : start + limit - len(head) - 1]
    return f"{head}{body}…"


@dataclass(frozen=True)
class Window:
    start: int  # offset in the normalised text
    text: str


# ASCII letters folded to lower case; every other character kept, so offsets stay the same.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """``text`` with ASCII letters in lower case and the same length (anchors ignore case)."""
    return text.translate(_ASCII_LOWER)


@dataclass
class Scanner:
    """The normalised text, with the windows around anchors and the evidence lines found so far.

    Anchors are found whatever their case (logs and tools change it: "Error: Client assertion",
    "client assertion"); the expressions that run on the windows decide how strict to be.
    """

    text: str
    _sources: dict[int, tuple[int, str]] = field(default_factory=dict)
    _folded: str = ""

    def __post_init__(self) -> None:
        self._folded = fold(self.text)

    def find(self, phrase: str) -> int:
        """Where ``phrase`` first occurs, whatever its case; -1 when it does not."""
        return self._folded.find(fold(phrase))

    def bounds(self, pos: int) -> tuple[int, int]:
        """The line holding ``pos``, or ``WINDOW`` characters of it when the line is very long."""
        half = WINDOW // 2
        newline = self.text.rfind("\n", max(0, pos - half), pos)
        start = newline + 1 if newline >= 0 else max(0, pos - half)
        end = self.text.find("\n", pos, pos + half)
        return start, end if end >= 0 else min(len(self.text), pos + half)

    def windows(self, anchors: Iterable[str], limit: int = MAX_WINDOWS) -> list[Window]:
        """Windows around occurrences of any anchor, in text order, each at most once.

        At most ``limit`` windows and about ``WINDOW_BUDGET`` characters in all.
        """
        positions: list[int] = []
        for anchor in anchors:
            positions.extend(self._positions(anchor, limit))
        positions.sort()
        found: list[Window] = []
        covered = -1
        budget = WINDOW_BUDGET
        for pos in positions:
            if pos < covered:
                continue
            start, end = self.bounds(pos)
            found.append(Window(start, self.text[start:end]))
            covered = end
            budget -= end - start
            if len(found) >= limit or budget <= 0:
                break
        return found

    def _positions(self, anchor: str, limit: int) -> list[int]:
        positions: list[int] = []
        start = 0
        anchor = fold(anchor)
        while anchor and len(positions) < limit:
            pos = self._folded.find(anchor, start)
            if pos < 0:
                break
            positions.append(pos)
            start = max(self.bounds(pos)[1], pos + len(anchor))
        return positions

    def search(
        self, regex: re.Pattern[str], anchors: Iterable[str], limit: int = MAX_WINDOWS
    ) -> Iterator[tuple[int, re.Match[str]]]:
        """Matches of ``regex`` near the anchors: (offset in the text, match in its window)."""
        for window in self.windows(anchors, limit):
            for match in regex.finditer(window.text):
                yield window.start + match.start(), match

    def note(self, pos: int, priority: int = 0) -> None:
        """Remember the line holding ``pos`` as evidence (lower priority numbers are kept first)."""
        start, end = self.bounds(pos)
        if start in self._sources and self._sources[start][0] <= priority:
            return
        line = excerpt(self.text[start:end], pos - start, SOURCE_LINE_CHARS)
        if line:
            self._sources[start] = (priority, line)

    def source_lines(self) -> tuple[str, ...]:
        """At most ``MAX_SOURCE_LINES`` evidence lines, in text order, without repeats."""
        ranked = sorted(self._sources.items(), key=lambda item: (item[1][0], item[0]))
        kept = sorted(ranked[:MAX_SOURCE_LINES])
        lines: list[str] = []
        for _, (_, line) in kept:
            if line not in lines:
                lines.append(line)
        return tuple(lines)
