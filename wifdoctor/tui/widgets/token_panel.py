"""The token: platform, subject parts, then each header field and claim with its explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.report.token_view import ClaimRow, claim_rows, header_rows, quoted_rows

EMPTY = "No token yet. Paste one above, or a log that quotes the assertion's values."


class TokenPanel(Vertical):
    HELP = "The token's header and claims. Select a row to read what it means."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ClaimRow] = []

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="token-summary")
        table: DataTable[str] = DataTable(id="claims", cursor_type="row", zebra_stripes=True)
        table.add_columns("claim", "value")
        yield table
        yield Static("", id="claim-explanation")

    def show(self, diagnosis: Diagnosis | None) -> None:
        summary = self.query_one("#token-summary", Static)
        table: DataTable[str] = self.query_one("#claims", DataTable)
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
            self.rows = header_rows(token) + claim_rows(token, platform, diagnosis.now)
        elif diagnosis.evidence is not None:
            self.rows = quoted_rows(diagnosis.evidence)
        for row in self.rows:
            table.add_row(row.name, row.value)
        table.display = bool(self.rows)
        self._explain(0)

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
        return Content.assemble(*parts)

    def _explain(self, index: int) -> None:
        explanation = self.query_one("#claim-explanation", Static)
        if not 0 <= index < len(self.rows):
            explanation.update("")
            return
        row = self.rows[index]
        explanation.update(
            Content.assemble(
                (row.name, "bold"), "  ", row.explanation or "(no explanation for this claim)"
            )
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain(event.cursor_row)
