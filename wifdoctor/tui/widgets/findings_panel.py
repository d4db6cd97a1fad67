"""The findings: a list, most severe first, and the selected one's explanation and fix.

Up and down choose a finding; PageDown and PageUp scroll its explanation and fix, so the fix is
reachable from the list without knowing that Tab moves the focus.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.findings import Finding
from wifdoctor.tui.render import finding_label
from wifdoctor.tui.widgets.finding_view import FindingView
from wifdoctor.tui.widgets.overview_panel import NO_FINDINGS, WELCOME


class FindingList(OptionList):
    """An OptionList whose page keys scroll the selected finding's text instead of the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "scroll_detail(1)", "Scroll the fix", show=False),
        Binding("pageup", "scroll_detail(-1)", "Scroll back", show=False),
    ]

    def action_scroll_detail(self, direction: int) -> None:
        scroll = self.screen.query_one("#finding-detail-scroll", VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)


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
            id="copy-fix",
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
        yield FindingList(id="finding-list")
        with VerticalScroll(id="finding-detail-scroll"):
            yield FindingView(id="finding-detail")

    def on_mount(self) -> None:
        self.query_one(FindingView).show(None, WELCOME)

    def show(self, diagnosis: Diagnosis | None) -> None:
        options = self.query_one("#finding-list", OptionList)
        detail = self.query_one(FindingView)
        options.clear_options()
        self.findings = diagnosis.findings if diagnosis else ()
        options.display = bool(self.findings)
        if diagnosis is None:
            detail.show(None, WELCOME)
            return
        if not self.findings:
            detail.show(None, NO_FINDINGS)
            return
        options.add_options(
            Option(finding_label(finding), id=str(index))
            for index, finding in enumerate(self.findings)
        )
        options.highlighted = 0
        detail.show(self.findings[0])

    @property
    def selected(self) -> Finding | None:
        index = self.query_one("#finding-list", OptionList).highlighted
        if index is None or not self.findings:
            return None
        return self.findings[index] if index < len(self.findings) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        finding = self.selected
        if finding is not None and finding is not self.query_one(FindingView).finding:
            self.query_one(FindingView).show(finding)
            self.query_one("#finding-detail-scroll", VerticalScroll).scroll_home(animate=False)

    def detail_text(self) -> str:
        """The selected finding as shown, for tests and screen readers."""
        return "\n".join(str(w.render()) for w in self.query_one(FindingView).query("Static"))
