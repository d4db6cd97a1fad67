"""The terminal rendering of a Diagnosis, readable at 80 columns.

Plain text with ANSI styles when colour is on. It is written here rather than with rich because
rich costs a third of a headless command's start-up time; what it would do for us (wrapping,
styles, a two-column grid) is a few lines. External text is never interpreted: a ``[`` in a
subject is printed as it is.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable
from typing import IO

from wifdoctor.core.diagnosis import Diagnosis, StepResult
from wifdoctor.core.findings import Finding
from wifdoctor.core.matching import CredentialMatch, FieldComparison
from wifdoctor.report.summary import cloud_line, headline, step_symbol
from wifdoctor.report.token_view import ClaimRow, claim_rows, header_rows, quoted_rows

_CODES = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
SEVERITY_STYLE = {
    "error": "bold red",
    "warning": "bold yellow",
    "info": "bold cyan",
    "ok": "bold green",
}
STATUS_STYLE = {
    "pass": "green",
    "warn": "yellow",
    "fail": "red",
    "skipped": "dim",
    "incomplete": "magenta",
    "pending": "dim",
    "running": "cyan",
}
MARKS = {True: ("✓", "green"), False: ("✗", "red"), None: ("·", "dim")}
MAX_MATCHES_SHOWN = 5
MAX_NAME_COLUMN = 22
COMPARED = ("iss", "sub", "aud", "iat", "exp")  # what Entra checks, shown outside `decode`


def terminal_width(file: IO[str]) -> int:
    """The terminal's width, else $COLUMNS, else 80."""
    try:
        if file.isatty():
            return max(40, os.get_terminal_size(file.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        pass
    columns = os.environ.get("COLUMNS", "")
    return max(40, int(columns)) if columns.isdigit() else 80


def render_text(
    diagnosis: Diagnosis, file: IO[str], *, color: bool, width: int | None = None
) -> None:
    writer = _Writer(color, width or terminal_width(file))
    writer.render(diagnosis)
    file.write("\n".join(line.rstrip() for line in writer.lines) + "\n")


class _Writer:
    def __init__(self, color: bool, width: int) -> None:
        self.color = color
        self.width = width
        self.lines: list[str] = []

    def style(self, text: str, style: str = "") -> str:
        if not self.color or not style or not text:
            return text
        codes = ";".join(_CODES[word] for word in style.split() if word in _CODES)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def para(self, text: str, indent: int = 0, style: str = "", hanging: int = 0) -> None:
        """Wrap ``text`` to the width; ``hanging`` indents lines after the first further."""
        first = " " * indent
        rest = " " * (indent + hanging)
        for number, paragraph in enumerate(text.split("\n")):
            wrapped = textwrap.wrap(
                paragraph,
                self.width,
                initial_indent=first if number == 0 else rest,
                subsequent_indent=rest,
                break_on_hyphens=False,
                break_long_words=False,  # a URL or a value stays whole on a line of its own
            ) or [""]
            for line in wrapped:
                self.lines.append(self.style(line, style) if style else line)

    def section(self, title: str) -> None:
        self.lines.append("")
        self.lines.append(self.style(title, "bold underline"))

    def render(self, diagnosis: Diagnosis) -> None:
        text, severity = headline(diagnosis)
        self.lines.append(
            self.style(f"wifdoctor {diagnosis.command}: ", "bold")
            + self.style(text, SEVERITY_STYLE.get(severity, "bold"))
        )
        cloud = cloud_line(diagnosis)
        if cloud:
            self.para(cloud, style="dim")
        if diagnosis.command == "decode":  # the token is the subject: all of it, first
            self.token(diagnosis, full=True)
            self.findings(diagnosis.findings)
        else:  # what is wrong first, then the evidence behind it
            self.findings(diagnosis.findings)
            self.token(diagnosis, full=False)
            self.matches(diagnosis.matches)
        self.steps(diagnosis.steps)

    # ---- token -----------------------------------------------------------------------------

    def token(self, diagnosis: Diagnosis, *, full: bool) -> None:
        """Every header field and claim explained (``full``), or only the ones Entra compares."""
        token, recognition = diagnosis.token, diagnosis.recognition
        if token is None and recognition is None:
            return
        name = recognition.display_name if recognition else "Unknown platform"
        variant = f" ({recognition.variant})" if recognition and recognition.variant else ""
        if token is not None:
            self.section(f"Token: {name}{variant}")
            rows = header_rows(token)
            rows.append(
                ClaimRow(
                    "signature", "present, not shown" if token.signature_bytes else "missing", ""
                )
            )
            platform = recognition.platform if recognition else None
            claims = claim_rows(token, platform, diagnosis.now)
            if full:
                self.grid(rows + claims)
            else:
                self.grid([ClaimRow(r.name, r.value, "") for r in claims if r.name in COMPARED])
        elif diagnosis.evidence is not None:
            where = (
                "Values in the pasted claims"
                if diagnosis.evidence.decoded_claims
                else "Values quoted in the error"
            )
            self.section(f"{where}: {name}{variant}")
            self.grid([ClaimRow(r.name, r.value, "") for r in quoted_rows(diagnosis.evidence)])
        for note in recognition.notes if recognition else ():
            self.para(note, indent=2, style="italic")
        if diagnosis.subject is not None:
            parts = " · ".join(
                f"{p.name.replace('_', ' ')} {p.value}" for p in diagnosis.subject.parts
            )
            self.para(f"subject parts: {parts}", indent=2, hanging=4)
            for note in diagnosis.subject.notes:
                self.para(note, indent=2, style="italic")

    def grid(self, rows: list[ClaimRow]) -> None:
        column = min(MAX_NAME_COLUMN, max((len(r.name) for r in rows), default=0))
        narrow = self.width - column - 4 < 30
        for row in rows:
            if narrow or len(row.name) > column:
                self.lines.append("  " + self.style(row.name, "bold"))
                indent = 4
            else:
                indent = column + 4
            value_lines = textwrap.wrap(
                row.value, max(20, self.width - indent), break_on_hyphens=False
            ) or [""]
            for number, line in enumerate(value_lines):
                if number == 0 and indent == column + 4:
                    name = self.style(row.name.ljust(column), "bold")
                    self.lines.append(f"  {name}  {line}")
                else:
                    self.lines.append(" " * indent + line)
            if row.explanation:
                self.para(row.explanation, indent=indent, style="dim")

    # ---- credentials ---------------------------------------------------------------------

    def matches(self, matches: Iterable[CredentialMatch]) -> None:
        shown = list(matches)
        if not shown:
            return
        self.section(f"Federated credentials ({len(shown)}), nearest first")
        for match in shown[:MAX_MATCHES_SHOWN]:
            symbol, style = MARKS[match.matches]
            parts = [
                self.style(symbol, f"bold {style}"),
                self.style(match.credential.label, "bold"),
            ]
            for comparison in match.fields:
                mark, mark_style = MARKS[comparison.matches]
                parts.append(f"{comparison.field} {self.style(mark, mark_style)}")
            self.lines.append("  " + "  ".join(parts))
            for comparison in match.fields:
                if comparison.matches is False:
                    self.comparison(comparison)
            if match.expression is not None:
                for result in match.expression.clauses:
                    mark, mark_style = MARKS[result.matched]
                    self.lines.append(f"      {self.style(mark, mark_style)} {result.clause}")
                    self.para(result.reason, indent=8, style="dim")
        if len(shown) > MAX_MATCHES_SHOWN:
            self.para(f"... and {len(shown) - MAX_MATCHES_SHOWN} more", indent=2, style="dim")

    def comparison(self, comparison: FieldComparison) -> None:
        relation = {
            "case": "differs in letter case",
            "trailing-slash": "differs by a trailing slash",
            "whitespace": "differs by whitespace",
            "absent": "missing",
            "different": "differs",
        }.get(comparison.relation, comparison.relation)
        self.lines.append("      " + self.style(f"{comparison.field}: {relation}", "yellow"))
        for label, value, spans in (
            ("token     ", comparison.token_value, comparison.token_spans),
            ("credential", comparison.credential_value, comparison.credential_spans),
        ):
            self.highlighted(label, value, spans)

    def highlighted(
        self, label: str, value: str | None, spans: tuple[tuple[int, int], ...]
    ) -> None:
        """``value`` folded to the width, its differing characters underlined in red."""
        prefix = "      " + self.style(label, "dim") + " "
        indent = 6 + len(label) + 1
        if value is None:
            self.lines.append(prefix + self.style("(none)", "dim"))
            return
        marked = [False] * len(value)  # one pass over the spans: linear in value and spans
        for start, end in spans:
            marked[start:end] = [True] * (min(end, len(value)) - min(start, len(value)))
        room = max(20, self.width - indent)
        for offset in range(0, max(1, len(value)), room):
            chunk = "".join(
                self.style(ch, "bold red underline") if marked[offset + i] else ch
                for i, ch in enumerate(value[offset : offset + room])
            )
            self.lines.append((prefix if offset == 0 else " " * indent) + chunk)

    # ---- steps and findings --------------------------------------------------------------

    def steps(self, steps: Iterable[StepResult]) -> None:
        listed = list(steps)
        if not listed:
            return
        self.section("Steps")
        for step in listed:
            symbol = self.style(
                step_symbol(step.status), f"bold {STATUS_STYLE.get(step.status, '')}"
            )
            timing = self.style(f"{step.duration_ms:.0f} ms", "dim")
            self.lines.append(f"  {symbol} {self.style(step.title, 'bold')}  {timing}")
            self.para(step.summary, indent=4, style="dim" if step.status == "skipped" else "")

    def copy_value(self, label: str, text: str) -> None:
        """A value to copy: one line after its label, or its lines indented as they are."""
        head = f"  {self.style(label + ':', 'bold')}"
        if "\n" not in text:
            self.lines.append(f"{head} {self.style(text, 'cyan')}")
            return
        self.lines.append(head)
        self.lines.extend("    " + self.style(line, "cyan") for line in text.split("\n"))

    def findings(self, findings: Iterable[Finding]) -> None:
        listed = list(findings)
        self.section(f"Findings ({len(listed)})" if listed else "Findings")
        if not listed:
            self.para("None.", indent=2)
        shown_docs: set[str] = set()  # a link given under an earlier finding is not repeated
        for finding in listed:
            self.lines.append("")
            label = self.style(finding.severity.upper(), SEVERITY_STYLE[finding.severity])
            self.lines.append(f"{label} {self.style(finding.id, 'bold')}: {finding.title}")
            self.para(finding.explanation, indent=2)
            if finding.fix:
                self.lines.append("  " + self.style("Fix:", "bold"))
                for number, step in enumerate(finding.fix, 1):
                    command = next(
                        (
                            c.text
                            for c in finding.copy
                            if c.label == "az command" and c.text in step
                        ),
                        None,
                    )
                    if command is None:
                        self.para(f"{number}. {step}", indent=4, hanging=3)
                        continue
                    # A command is never folded: it must paste as one line.
                    head = step.replace(command, "").rstrip(": ")
                    self.para(f"{number}. {head}:", indent=4, hanging=3)
                    self.lines.append("       " + self.style(command, "cyan"))
            for item in finding.copy:
                if any(item.text in step for step in finding.fix):
                    continue  # already in a fix step: no line twice
                self.copy_value(item.label, item.text)
            links = [link for link in finding.docs[:3] if link not in shown_docs]
            shown_docs.update(links)
            for number, link in enumerate(links):  # URLs are never folded
                lead = self.style("Docs:", "bold") + " " if number == 0 else "      "
                self.lines.append(f"  {lead}{self.style(link, 'blue underline')}")
