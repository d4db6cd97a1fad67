"""The help screen: what wifdoctor does and every key, generated from the bindings (tui.keys)
and the keymap in force, so a remapped key shows its new name. It scrolls to its last line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from wifdoctor.tui.keys import help_rows

INTRO = """\
# wifdoctor

Finds out why a workload identity federation exchange with Microsoft Entra ID fails.

**Paste** anything into the box at the top: a token (raw, quoted, `Bearer ...`, `NAME=...`),
an `AADSTS...` line, a whole CI log, or federated credentials as JSON. wifdoctor recognises
what it is, keeps it (a newer paste of the same kind replaces the older one) and diagnoses
at once. Nothing is sent anywhere.

The **Overview** puts what Entra compares (issuer, subject, audience) beside the nearest
credential, the steps of the walk, and the top finding with its fix.
"""
OUTRO = """
Keys can be remapped in the config file (`{config}`), section `[keymap]`, by binding id:
{ids}. See docs/configuration.md.

Tokens are credentials: wifdoctor never shows or exports a token's signature, and never
writes the token anywhere you did not ask.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def help_markdown(keymap: Mapping[str, str], config: str, ids: list[str]) -> str:
    table = ["| key | what it does |", "|---|---|"]
    table += [f"| `{_cell(key)}` | {_cell(what)} |" for key, what in help_rows(keymap)]
    outro = OUTRO.format(config=config, ids=", ".join(f"`{i}`" for i in ids))
    return INTRO + "\n" + "\n".join(table) + "\n" + outro


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help-close")
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Markdown(self.text)

    def on_mount(self) -> None:
        self.query_one("#dialog").focus()

    def action_close(self) -> None:
        self.dismiss(None)
