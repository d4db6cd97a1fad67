"""The findings: a list, most severe first, and the selected one's explanation and fix."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.findings import Finding
from wifdoctor.tui.render import finding_detail, finding_label

WELCOME = Content.assemble(
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
    " to see the examples.",
)


class FindingsPanel(Vertical):
    HELP = (
        "Findings, most severe first. Press **c** to copy the selected finding's fix value, "
        "**a** to copy its ready az command."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "app.copy_fix",
            "Copy fix",
            tooltip="Copy the corrected value or command",
            id="copy-fix-key",
        ),
        Binding(
            "a",
            "app.copy_command",
            "Copy az command",
            show=False,
            tooltip="Copy the az command that makes the fix",
            id="copy-command-key",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: tuple[Finding, ...] = ()

    def compose(self) -> ComposeResult:
        yield OptionList(id="finding-list")
        with VerticalScroll(id="finding-detail-scroll"):
            yield Static(WELCOME, id="finding-detail")

    def show(self, diagnosis: Diagnosis | None) -> None:
        options = self.query_one("#finding-list", OptionList)
        detail = self.query_one("#finding-detail", Static)
        options.clear_options()
        self.findings = diagnosis.findings if diagnosis else ()
        options.display = bool(self.findings)
        if diagnosis is None:
            detail.update(WELCOME)
            return
        if not self.findings:
            detail.update(
                Content.assemble(
                    ("No findings.", "bold $success"),
                    " Nothing in what you gave points at a problem.",
                )
            )
            return
        options.add_options(
            Option(finding_label(finding), id=str(index))
            for index, finding in enumerate(self.findings)
        )
        options.highlighted = 0
        detail.update(finding_detail(self.findings[0]))

    @property
    def selected(self) -> Finding | None:
        index = self.query_one("#finding-list", OptionList).highlighted
        if index is None or not self.findings:
            return None
        return self.findings[index] if index < len(self.findings) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        finding = self.selected
        if finding is not None:
            self.query_one("#finding-detail", Static).update(finding_detail(finding))
            self.query_one("#finding-detail-scroll", VerticalScroll).scroll_home(animate=False)
