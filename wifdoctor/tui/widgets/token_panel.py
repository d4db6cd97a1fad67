"""The token: platform and subject parts, then the claims Entra compares (iss, sub, aud, exp)
first, the other claims, and the header last; each row's meaning shows for the selected row,
and beside every row where the width allows."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.report.token_view import ClaimRow, claim_rows, header_rows, quoted_rows
from wifdoctor.tui.render import assemble

EMPTY = "No token yet. Paste one above, or a log that quotes the assertion's values."
FIRST = ("iss", "sub", "aud", "exp", "nbf", "iat")
MEANING_WIDTH = 110  # from this width on, every row shows its meaning beside it


def compared_first(claims: list[ClaimRow], header: list[ClaimRow]) -> list[ClaimRow]:
    rank = {name: index for index, name in enumerate(FIRST)}
    ordered = sorted(claims, key=lambda row: rank.get(row.name, len(FIRST)))
    return ordered + [ClaimRow(f"header {row.name}", row.value, row.explanation) for row in header]


class TokenPanel(Vertical):
    HELP = "The token's header and claims. Select a row to read what it means."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ClaimRow] = []
        self.wide = False

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="token-summary")
        yield DataTable(id="claims", cursor_type="row", zebra_stripes=True)
        yield Static("", id="claim-explanation")

    def on_resize(self) -> None:
        wide = self.size.width >= MEANING_WIDTH
        if wide != self.wide:
            self._fill()

    def show(self, diagnosis: Diagnosis | None) -> None:
        summary = self.query_one("#token-summary", Static)
        table: DataTable[Text] = self.query_one("#claims", DataTable)
        table.clear()
        self.rows = []
        if diagnosis is None or (diagnosis.token is None and diagnosis.recognition is None):
            summary.update(EMPTY)
            table.display = False
            self.query_one("#claim-explanation", Static).update("")
            return
        summary.update(self._summary(diagnosis))
        token = diagnosis.token
        if token is not None:
            platform = diagnosis.recognition.platform if diagnosis.recognition else None
            self.rows = compared_first(
                claim_rows(token, platform, diagnosis.now), header_rows(token)
            )
        elif diagnosis.evidence is not None:
            self.rows = quoted_rows(diagnosis.evidence)
        self._fill()

    def _fill(self) -> None:
        table: DataTable[Text] = self.query_one("#claims", DataTable)
        self.wide = self.size.width >= MEANING_WIDTH
        table.clear(columns=True)
        name_width = max((len(row.name) for row in self.rows), default=5)
        table.add_column("claim", width=name_width)
        if not self.wide:
            table.add_column("value")
        else:  # values and meanings wrap in their columns (rows of automatic height)
            room = max(40, self.size.width - name_width - 8)
            longest = max((len(row.value) for row in self.rows), default=10)
            value_width = min(longest, room * 11 // 20)
            table.add_column("value", width=value_width)
            table.add_column("meaning", width=room - value_width)
        for row in self.rows:
            if self.wide:
                table.add_row(*map(Text, (row.name, row.value, row.explanation)), height=None)
            else:
                table.add_row(Text(row.name), Text(row.value))  # plain text, never markup
        table.display = bool(self.rows)
        self._explain(table.cursor_row if self.rows else 0)

    def _summary(self, diagnosis: Diagnosis) -> Content:
        recognition = diagnosis.recognition
        name = recognition.display_name if recognition else "Unknown platform"
        variant = f" ({recognition.variant})" if recognition and recognition.variant else ""
        source = "" if diagnosis.token else "  (values quoted in the error; no token)"
        parts: list[Content | str | tuple[str, str]] = [
            (name + variant, "bold"),
            (source, "$text-muted"),
        ]
        if diagnosis.token is not None and diagnosis.token.stripped:
            parts += [
                "\n",
                ("Stripped to decode: " + "; ".join(diagnosis.token.stripped), "$warning"),
            ]
        if diagnosis.subject is not None:
            parts += ["\n", ("subject  ", "$text-muted")]
            for index, part in enumerate(diagnosis.subject.parts):
                if index:
                    parts.append(("  ·  ", "$text-muted"))
                parts += [(part.name.replace("_", " ") + " ", "$text-muted"), (part.value, "bold")]
        for note in recognition.notes if recognition else ():
            parts += ["\n", (note, "italic $text-muted")]
        return assemble(*parts)

    def _explain(self, index: int) -> None:
        explanation = self.query_one("#claim-explanation", Static)
        if not 0 <= index < len(self.rows):
            explanation.update("")
            return
        row = self.rows[index]
        explanation.update(
            assemble((row.name, "bold"), "  ", row.explanation or "(no explanation for this claim)")
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain(event.cursor_row)
