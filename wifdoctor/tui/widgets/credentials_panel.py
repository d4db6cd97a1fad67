"""The credentials against the token, field by field, nearest first, differences highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.tui.render import assemble, match_block

EMPTY = assemble(
    "No federated credentials yet. Paste the JSON of ",
    ("az ad app federated-credential list --id <app>", "bold"),
    " (or az identity federated-credential list, or a Graph response), open a file with ",
    ("ctrl+o", "bold $accent"),
    ", or add one by hand with ",
    ("ctrl+n", "bold $accent"),
    ".",
)


class CredentialsPanel(VerticalScroll):
    HELP = "Each credential compared with the token like Entra does: exactly, case-sensitively."

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="credentials-summary")

    async def show(self, diagnosis: Diagnosis | None) -> None:
        await self.query(".match").remove()
        summary = self.query_one("#credentials-summary", Static)
        if diagnosis is None or not diagnosis.credentials_given:
            summary.update(EMPTY)
            return
        if not diagnosis.credentials:
            summary.update(assemble(("The identity has no federated credentials.", "bold $error")))
            return
        if not diagnosis.matches:
            summary.update(
                f"{len(diagnosis.credentials)} credential(s); nothing to compare them "
                "with yet: paste a token or an error that quotes the assertion."
            )
            return
        matched = sum(1 for m in diagnosis.matches if m.matches)
        summary.update(
            assemble(
                (f"{len(diagnosis.matches)} credential(s), nearest first", "bold"),
                (f"   {matched} match" + ("es" if matched != 1 else ""), "$text-muted"),
            )
        )
        await self.mount_all(
            Static(match_block(match), classes="match") for match in diagnosis.matches
        )
