"""The one input: paste a token, a Bearer header, an AADSTS line, a whole CI log, or JSON.

Bounded however the text arrives:
- typed keys (a terminal without bracketed paste delivers a paste as keys) are gathered and
  inserted in one edit per batch, not one edit per key; every edit re-lays the document, so
  per-key edits made a 20 KB burst take 40 s and blocked every other key, ctrl+q included;
- a paste over PASTE_SHOWN_LIMIT characters is not put into the box at all: the box shows its
  head and says how much more there is, and the whole text is submitted;
- past SOFT_WRAP_LIMIT characters the box stops soft-wrapping (wrapping is work on every edit
  in proportion to the text; an unwrapped long line costs only what is on screen).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult

PLACEHOLDER = (
    "Paste a token, an AADSTS error, a CI log or credentials JSON here; it is diagnosed at once. "
    "Typed text: ctrl+r. Open a file: ctrl+o."
)
PASTE_SHOWN_LIMIT = 200_000  # characters: a larger paste is shown by its head only
HEAD_SHOWN = 4_000  # characters of a large paste shown in the box
SOFT_WRAP_LIMIT = 20_000  # characters: beyond this the box does not soft-wrap


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
        self._typed: list[str] = []  # keys typed since the last insert
        self._flush_pending = False
        self._length = 0  # characters in the box, kept as edits happen (text is O(n) to build)
        self._held: tuple[str, str] | None = None  # (what the box shows, the whole large paste)

    # ---- typed input, in batches -------------------------------------------------------------

    def take_typed(self, event: events.Key) -> bool:
        """Take a printable key into the batch; False when the box does not take typing.

        The app hands printable keys here before its own key dispatch, which costs ~0.2 ms a key
        (the bindings of the whole focus chain): 10 s for a 50 KB burst, with every key behind
        it waiting, ctrl+q included.
        """
        if self.read_only or not event.is_printable or event.character is None:
            return False
        self._typed.append(event.character)
        if not self._flush_pending:
            self._flush_pending = True
            # After the messages already queued: a burst becomes a few inserts, a lone key
            # shows at once (the callback runs as soon as the queue is empty).
            self.call_later(self.flush_typed)
        return True

    def on_key(self, event: events.Key) -> None:
        """Runs before TextArea's own key handling (subclass first in the MRO)."""
        if self.take_typed(event):
            event.stop()
            event.prevent_default()  # TextArea would insert (and re-lay the document) per key
        elif self._typed:
            self.flush_typed()  # keep the order: typed text first, then this key's action

    def flush_typed(self) -> None:
        self._flush_pending = False
        if not self._typed:
            return
        text = "".join(self._typed)
        self._typed.clear()
        self._held = None
        self._grow(len(text))
        result = self.replace(text, *self.selection)
        self.move_cursor(result.end_location)

    # ---- pastes --------------------------------------------------------------------------------

    def on_paste(self, event: events.Paste) -> None:
        self.flush_typed()
        if len(event.text) > PASTE_SHOWN_LIMIT:
            event.stop()
            event.prevent_default()  # TextArea would insert (and wrap) megabytes
            shown = (
                event.text[:HEAD_SHOWN]
                + f"\n\n[... {len(event.text) - HEAD_SHOWN:,} more characters, not shown; "
                "the whole paste is diagnosed]"
            )
            self.soft_wrap = False
            self.load_text(shown)
            self._length = len(shown)
            self._held = (shown, event.text)
        else:
            self._held = None
            self._grow(len(event.text))
        # TextArea inserts a small paste itself; submit once the document reflects it.
        self.call_after_refresh(self.submit)

    def submit(self) -> None:
        self.flush_typed()
        text = self.text
        if self._held is not None and text == self._held[0]:
            text = self._held[1]  # the box shows the head of a large paste: submit all of it
        self.post_message(self.Submitted(self, text))

    def clear(self) -> EditResult:
        self._typed.clear()
        self._held = None
        self._length = 0
        self.soft_wrap = True
        return super().clear()

    def _grow(self, added: int) -> None:
        self._length += added
        if self.soft_wrap and self._length > SOFT_WRAP_LIMIT:
            self.soft_wrap = False
