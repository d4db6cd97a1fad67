"""Ask before a write: the exact request, and Send / Don't send."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmRequestScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmRequestScreen { align: center middle; }
    ConfirmRequestScreen #dialog {
        width: 90%; height: auto; max-height: 90%; border: round $primary; padding: 1 2;
    }
    ConfirmRequestScreen .dialog-title { text-style: bold; }
    ConfirmRequestScreen .dialog-buttons { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "decline", "Don't send", id="confirm-decline")
    ]

    def __init__(self, request_text: str) -> None:
        super().__init__()
        self.request_text = request_text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label("wifdoctor will send this request", classes="dialog-title")
            yield Static(Text(self.request_text), id="request")  # plain text, never markup
            with Horizontal(classes="dialog-buttons"):
                yield Button("Send", variant="primary", id="send")
                yield Button("Don't send", id="decline")

    @on(Button.Pressed, "#send")
    def send(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#decline")
    def action_decline(self) -> None:
        self.dismiss(False)
