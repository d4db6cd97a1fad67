"""The help screen: what wifdoctor does and every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# wifdoctor

Finds out why a workload identity federation exchange with Microsoft Entra ID fails.

**Paste** anything into the box at the top: a token (raw, quoted, `Bearer ...`, `NAME=...`),
an `AADSTS...` line, a whole CI log, or federated credentials as JSON. wifdoctor recognises
what it is, keeps it (a newer paste of the same kind replaces the older one) and diagnoses
at once. Nothing is sent anywhere.

| key | what it does |
|---|---|
| ctrl+r | diagnose what is typed in the box |
| ctrl+o | open a token, log or credentials file |
| ctrl+n | add a federated credential by hand |
| ctrl+s | export the report (Markdown or JSON) |
| c | copy the selected finding's corrected value (Findings tab) |
| ctrl+l | clear everything |
| f2 f3 f4 f5 | Findings, Token, Credentials, Steps |
| escape | back to the paste box |
| ctrl+p | every command |
| f1 | this help |
| ctrl+q | quit |

Tokens are credentials: wifdoctor never shows or exports a token's signature, and never
writes the token anywhere you did not ask.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help-close")
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="help"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
