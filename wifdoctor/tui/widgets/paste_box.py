"""The one input: paste a token, a Bearer header, an AADSTS line, a whole CI log, or JSON."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea

PLACEHOLDER = (
    "Paste a token, an AADSTS error, a CI log or credentials JSON here; it is diagnosed at once. "
    "Typed text: ctrl+r. Open a file: ctrl+o."
)


class PasteBox(TextArea):
    """A TextArea that submits its text when something is pasted into it."""

    @dataclass
    class Submitted(Message):
        paste_box: PasteBox
        text: str

        @property
        def control(self) -> PasteBox:
            return self.paste_box

    def __init__(self, *, blink: bool = True, id: str | None = None) -> None:
        super().__init__(
            "",
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            placeholder=PLACEHOLDER,
            tab_behavior="focus",
        )
        self.cursor_blink = blink

    def on_paste(self, event: events.Paste) -> None:
        # TextArea inserted the text already; submit once the document reflects it.
        self.call_after_refresh(self.submit)

    def submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))
