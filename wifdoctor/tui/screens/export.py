"""The export dialog: a format and a path. It stays open until the report is written: a path
that cannot be written is said inline (fix it and save again), and an existing file is replaced
only when Save is pressed a second time for the same path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

FORMATS = {"markdown": ".md", "json": ".json"}


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path


Writer = Callable[[ExportRequest], "str | None"]  # the reason it failed, or None


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export-cancel")
    ]

    def __init__(self, default_dir: Path, write: Writer) -> None:
        super().__init__()
        self.default_dir = default_dir
        self.write = write
        self.confirmed: Path | None = None  # the existing file the user agreed to replace

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label("Export the report", classes="dialog-title")
            yield Static(
                "Header and claims are included; the token's signature never is.",
                classes="dialog-note",
            )
            with RadioSet(id="format"):
                yield RadioButton(
                    "Markdown (for a ticket or a pull request)", value=True, id="markdown"
                )
                yield RadioButton("JSON (the schema of docs/cli.md)", id="json")
            yield Label("Save to")
            yield Input(str(self.default_dir / "wifdoctor-report.md"), id="path")
            yield Static("", id="export-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed, "#format")
    def format_changed(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.id or "markdown"
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if path.suffix in FORMATS.values():
            path_input.value = str(path.with_suffix(FORMATS[fmt]))

    @on(Input.Changed, "#path")
    def path_changed(self) -> None:
        self.confirmed = None
        self._problem("")

    def _problem(self, text: str) -> None:
        self.query_one("#export-problem", Static).update(Content(text))  # a path: plain text
        self.query_one("#save", Button).label = "Replace" if self.confirmed else "Save"

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#path")
    def save(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self._problem("Give a file name to save to.")
            return
        path = Path(value).expanduser()
        if path.is_dir():
            self._problem(f"{path} is a folder: add a file name.")
            return
        if path.exists() and self.confirmed != path:
            self.confirmed = path
            self._problem(
                f"{path.name} exists. Press Save again to replace it, or change the name."
            )
            return
        pressed = self.query_one("#format", RadioSet).pressed_button
        fmt = pressed.id if pressed is not None and pressed.id else "markdown"
        request = ExportRequest(fmt, path)
        problem = self.write(request)
        if problem:
            self.confirmed = None
            self._problem(problem + " Change the path and save again.")
            return
        self.dismiss(request)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
