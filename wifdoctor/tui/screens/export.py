"""The export dialog: a format and a path; the app writes the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

FORMATS = {"markdown": ".md", "json": ".json"}


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export-cancel")
    ]

    def __init__(self, default_dir: Path) -> None:
        super().__init__()
        self.default_dir = default_dir

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Export the report", classes="dialog-title")
            yield Label(
                "Header and claims are included; the token's signature never is.",
                classes="dialog-note",
            )
            with RadioSet(id="format"):
                yield RadioButton(
                    "Markdown (for a ticket or a pull request)", value=True, id="markdown"
                )
                yield RadioButton("JSON (spec/cli.md schema)", id="json")
            yield Label("Save to")
            yield Input(str(self.default_dir / "wifdoctor-report.md"), id="path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(RadioSet.Changed, "#format")
    def format_changed(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.id or "markdown"
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if path.suffix in FORMATS.values():
            path_input.value = str(path.with_suffix(FORMATS[fmt]))

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#path")
    def save(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.notify("Give a file name to save to.", severity="warning")
            return
        pressed = self.query_one("#format", RadioSet).pressed_button
        fmt = pressed.id if pressed is not None and pressed.id else "markdown"
        self.dismiss(ExportRequest(fmt, Path(value).expanduser()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
