"""The three values Entra compares, the token's beside the nearest credential's, a mark per field.

Differences are highlighted as whole parts of the value (report.segments), not as scattered
characters. With no credentials yet it shows the token's side and says how to add them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Static

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.matching import CredentialMatch, FieldComparison
from wifdoctor.report.segments import segment_spans
from wifdoctor.tui.render import DIFF_STYLE, MARKS, RELATIONS, assemble

FIELDS = ("issuer", "subject", "audience")
NO_CREDENTIALS = assemble(
    ("Add the credentials to compare: ", "bold"),
    "paste them (az ad app federated-credential list), ",
    ("ctrl+o", "bold $accent"),
    " to open a file, or ",
    ("ctrl+n", "bold $accent"),
    " to type one.",
)
NOTHING = assemble(
    "Paste a token or an error text above to see its issuer, subject and audience beside "
    "your federated credentials."
)


SEPARATORS = ":/.-_@"


def fold_offsets(value: str, width: int) -> list[int]:
    """Where to break ``value`` into lines of at most ``width``: after a separator (``:`` ``/``
    ...) when the line has one, so a subject breaks between its parts, not inside a name."""
    offsets: list[int] = []
    start = 0
    while len(value) - start > width > 0:
        window = value[start : start + width]
        cut = max(window.rfind(sep) for sep in SEPARATORS) + 1
        end = start + (cut if cut > width // 3 else width)
        offsets.append(end)
        start = end
    return offsets


def marked(value: str | None, spans: tuple[tuple[int, int], ...], width: int = 0) -> Content:
    if value is None:
        return assemble(("(none)", "$text-muted"))
    content = Content(value)
    for start, end in spans:
        content = content.stylize(DIFF_STYLE, start, end)
    offsets = fold_offsets(value, width) if width > 0 else []
    return Content("\n").join(content.divide(offsets)) if offsets else content


def relation_text(comparison: FieldComparison) -> str:
    if comparison.matches:
        return "matches" if comparison.relation == "equal" else "accepted as equal"
    return RELATIONS.get(comparison.relation, "")


class ComparisonPane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagnosis: Diagnosis | None = None
        self.drawn_width = 0

    def on_resize(self) -> None:
        if self.value_width() != self.drawn_width:
            self.show(self.diagnosis)

    def value_width(self) -> int:
        """The width of a value column: the pane less the field, mark and gutter columns."""
        return max(10, (self.size.width - 1 - 10 - 2 - 3) // 2) if self.size.width else 0

    def compose(self) -> ComposeResult:
        yield Static(NOTHING, id="comparison-title")
        yield Grid(id="comparison-grid")
        yield Static("", id="comparison-note")

    def show(self, diagnosis: Diagnosis | None) -> None:
        self.diagnosis = diagnosis
        self.drawn_width = width = self.value_width()
        title = self.query_one("#comparison-title", Static)
        note = self.query_one("#comparison-note", Static)
        grid = self.query_one("#comparison-grid", Grid)
        grid.remove_children()
        note.update("")
        if diagnosis is None or (diagnosis.token is None and diagnosis.evidence is None):
            title.update(NOTHING if not diagnosis or not diagnosis.credentials else "")
            if diagnosis is not None and diagnosis.credentials:
                title.update(
                    f"{len(diagnosis.credentials)} credential(s) given; paste a token or an "
                    "error that quotes the assertion to compare them with."
                )
            grid.display = False
            return
        evidence = diagnosis.evidence
        quoted = evidence is not None and any(
            (evidence.issuer, evidence.subject, evidence.audience)
        )
        if diagnosis.token is None and not quoted:
            title.update(
                assemble(
                    ("What Entra compares", "bold"),
                    "\nThe error text quotes no issuer, subject or audience: paste the token "
                    "(or the log that prints it) to compare it with the credentials.",
                )
            )
            grid.display = False
            note.update(NO_CREDENTIALS if not diagnosis.credentials_given else "")
            return
        grid.display = True
        side = "token" if diagnosis.token is not None else "quoted by Entra"
        if diagnosis.matches:
            nearest = diagnosis.matches[0]
            title.update(self._title(diagnosis, nearest))
            cells = self._match_cells(side, nearest, width)
        else:
            title.update(assemble(("What Entra compares", "bold")))
            cells = self._token_cells(side, diagnosis, width)
            note.update(NO_CREDENTIALS if not diagnosis.credentials_given else "")
        grid.mount_all(cells)

    @staticmethod
    def _title(diagnosis: Diagnosis, nearest: CredentialMatch) -> Content:
        count = len(diagnosis.matches)
        matching = sum(1 for m in diagnosis.matches if m.matches)
        mark, style = MARKS[nearest.matches]
        return assemble(
            ("What Entra compares", "bold"),
            ("  ·  ", "$text-muted"),
            (mark, style),
            " nearest of ",
            f"{count} credential{'s' if count != 1 else ''}: ",
            (nearest.credential.label, "bold"),
            ("  ·  ", "$text-muted"),
            f"{matching} match{'es' if matching != 1 else ''}",
            ("  ·  f4 all", "$text-muted"),
        )

    @staticmethod
    def _head(side: str, other: str) -> list[Static]:
        return [
            Static(""),
            Static(assemble((side, "$text-muted")), classes="col-head"),
            Static(""),
            Static(assemble((other, "$text-muted")), classes="col-head"),
        ]

    def _match_cells(self, side: str, match: CredentialMatch, width: int) -> list[Static]:
        cells = self._head(side, "credential")
        for comparison in match.fields:
            spans_token: tuple[tuple[int, int], ...] = ()
            spans_fic: tuple[tuple[int, int], ...] = ()
            token_value, fic_value = comparison.token_value, comparison.credential_value
            differs = comparison.matches is False and comparison.field != "expression"
            if differs and token_value and fic_value:  # an expression is judged by its clauses
                spans_token, spans_fic = segment_spans(token_value, fic_value)
            mark, style = MARKS[comparison.matches]
            credential = assemble(
                marked(comparison.credential_value, spans_fic, width),
                "\n",
                (relation_text(comparison), "$text-muted italic"),
            )
            if comparison.field == "expression" and match.expression is not None:
                for clause in match.expression.clauses:
                    clause_mark, clause_style = MARKS[clause.matched]
                    credential = assemble(
                        credential, "\n", (clause_mark, clause_style), f" {clause.clause}"
                    )
            if token_value is None and comparison.relation == "unknown":
                token = assemble(("(not quoted)", "$text-muted"))
            else:
                token = marked(token_value, spans_token, width)
            cells += [
                Static(assemble((comparison.field, "bold")), classes="field"),
                Static(token, classes="value"),
                Static(assemble((mark, style)), classes="mark"),
                Static(credential, classes="value"),
            ]
        return cells

    def _token_cells(self, side: str, diagnosis: Diagnosis, width: int) -> list[Static]:
        cells = self._head(side, "credential")
        values: dict[str, str | None] = {"issuer": None, "subject": None, "audience": None}
        if diagnosis.token is not None:
            claims = diagnosis.token.claims
            aud = claims.get("aud")
            values = {
                "issuer": claims.get("iss") if isinstance(claims.get("iss"), str) else None,
                "subject": claims.get("sub") if isinstance(claims.get("sub"), str) else None,
                "audience": ", ".join(aud)
                if isinstance(aud, list)
                else aud
                if isinstance(aud, str)
                else None,
            }
        elif diagnosis.evidence is not None:
            evidence = diagnosis.evidence
            values = {
                "issuer": evidence.issuer,
                "subject": evidence.subject,
                "audience": evidence.audience,
            }
        for field in FIELDS:
            cells += [
                Static(assemble((field, "bold")), classes="field"),
                Static(marked(values[field], (), width), classes="value"),
                Static(assemble(MARKS[None]), classes="mark"),
                Static(assemble(("(no credential yet)", "$text-muted")), classes="value"),
            ]
        return cells
