"""One finding in full: title, explanation, numbered fix steps with a hanging indent, the value
the copy key copies, evidence and links. Used by the main screen's top finding and the Findings
tab, so both read the same."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from wifdoctor.core.findings import Finding
from wifdoctor.tui.copy_target import copy_target
from wifdoctor.tui.render import SEVERITY_STYLE, assemble


def _row(lead: str, body: Content | str, *, lead_style: str = "bold") -> Horizontal:
    """``lead`` in its own column, ``body`` wrapping beside it (a hanging indent). A str body
    is plain text, never markup: fix steps and evidence quote the user's values."""
    return Horizontal(
        Static(assemble((lead, lead_style)), classes="lead"),
        Static(Content(body) if isinstance(body, str) else body, classes="body"),
        classes="row",
    )


def _section(title: str) -> Static:
    return Static(assemble((title, "bold")), classes="section")


class FindingView(Vertical):
    """Rebuilt for each finding shown; the copy key's label comes from the keymap."""

    def __init__(self, *, copy_key: str = "c", id: str | None = None) -> None:
        super().__init__(id=id)
        self.copy_key = copy_key
        self.finding: Finding | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="finding-empty")

    def show(self, finding: Finding | None, empty: Content | str = "") -> None:
        self.finding = finding
        self.remove_children()
        self.mount_all(self._widgets(finding, empty))

    def _widgets(self, finding: Finding | None, empty: Content | str) -> list[Widget]:
        if finding is None:
            return [Static(empty, classes="finding-empty")]
        widgets: list[Widget] = [
            Static(
                assemble(
                    (finding.severity.upper(), SEVERITY_STYLE[finding.severity]),
                    "  ",
                    (finding.title, "bold"),
                    "  ",
                    (finding.id, "$text-muted"),
                ),
                classes="finding-title",
            ),
            Static(Content(finding.explanation), classes="finding-explanation"),
        ]
        if finding.fix:
            widgets.append(_section("Fix"))
            widgets += [_row(f"{n}.", step) for n, step in enumerate(finding.fix, 1)]
        target = copy_target(finding)
        if target is not None:
            widgets.append(_section(f"Copy ({self.copy_key}): {target.label}"))
            widgets.append(Static(assemble((target.text, "$accent")), classes="copy"))
            for item in finding.copy:
                if item is target:
                    continue
                step = next((n for n, s in enumerate(finding.fix, 1) if item.text in s), None)
                if step is None:
                    widgets.append(_row(f"{item.label}:", assemble((item.text, "$accent"))))
                else:  # already shown in a fix step: said once, with the key that copies it
                    key = "a" if item.label == "az command" else self.copy_key
                    widgets.append(_row(f"{item.label}:", f"step {step} above ({key} copies it)"))
        if finding.evidence:
            widgets.append(_section("Evidence"))
            widgets += [
                _row(f"{key.replace('_', ' ')}:", value, lead_style="$text-muted")
                for key, value in finding.evidence.items()
            ]
        if finding.docs:
            widgets.append(_section("Docs"))
            widgets += [
                Static(assemble((link, "$accent underline")), classes="link")
                for link in finding.docs
            ]
        return widgets
