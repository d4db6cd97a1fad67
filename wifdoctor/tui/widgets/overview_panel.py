"""The main view: what Entra compares (token beside the nearest credential), the walk's steps,
and the top finding with its fix and the copy key. Side by side at 120 columns and more, stacked
(in one scrolling pane) below that."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.tui.render import assemble
from wifdoctor.tui.widgets.comparison_pane import ComparisonPane
from wifdoctor.tui.widgets.finding_view import FindingView
from wifdoctor.tui.widgets.walk_pane import WalkPane

WELCOME = assemble(
    ("Welcome to wifdoctor.", "bold"),
    "\n\nPaste what you have into the box above: a token, an AADSTS error, a CI log, or the "
    "output of `az ad app federated-credential list`. Each kind goes to its place, and the "
    "diagnosis runs at once.\n\n",
    ("ctrl+o", "bold $accent"),
    " open a file   ",
    ("ctrl+n", "bold $accent"),
    " add a credential by hand   ",
    ("f1", "bold $accent"),
    " help   ",
    ("ctrl+p", "bold $accent"),
    " all commands\n\n",
    "No input of your own? Run ",
    ("wifdoctor demo --list", "bold"),
    " to see the examples, or pick one in the palette (ctrl+p, then 'Example').",
)
NO_FINDINGS = assemble(
    ("No findings.", "bold $success"), " Nothing in what you gave points at a problem."
)


class OverviewPanel(VerticalScroll):
    HELP = "The token's values beside the nearest credential, the steps and the top finding."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "app.copy_fix",
            "Copy fix",
            tooltip="Copy the top finding's corrected value",
            id="copy-fix",
        ),
        Binding(
            "a",
            "app.copy_command",
            "Copy az command",
            show=False,
            tooltip="Copy the az command that makes the top finding's fix",
            id="copy-command-key",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="overview-top"):
            yield ComparisonPane(id="comparison")
            yield WalkPane(id="walk")
        yield Static("", id="top-finding-title")
        yield FindingView(id="top-finding")

    def on_mount(self) -> None:
        self.query_one(FindingView).show(None, WELCOME)

    def show(self, diagnosis: Diagnosis | None) -> None:
        self.query_one(ComparisonPane).show(diagnosis)
        view = self.query_one(FindingView)
        if diagnosis is None:
            view.show(None, WELCOME)
            return
        findings = diagnosis.findings
        view.show(findings[0] if findings else None, NO_FINDINGS)
        title = "Top finding" if len(findings) < 2 else f"Top finding (1 of {len(findings)})"
        self.query_one("#top-finding-title", Static).update(
            assemble((title, "bold"), ("  f2 every finding", "$text-muted")) if findings else ""
        )
