"""Choose the tenant the live walk reads: the tenants your account can use (ARM), those the
pasted token or error names, or one typed in. Keyboard first: the list has the keyboard, enter
picks, tab reaches the box to type another, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from wifdoctor.core.tenants import TenantChoice, tenant_problem
from wifdoctor.tui.render import assemble

SOURCE_NOTE = {"token": "named in the token", "error": "named in the error text"}


def choice_label(choice: TenantChoice, current: str | None) -> Content:
    parts: list[str | tuple[str, str]] = [(choice.name or choice.tenant_id, "bold")]
    if choice.name:
        parts.append((f"  {choice.tenant_id}", "$text-muted"))
    if choice.domain:
        parts.append((f"  {choice.domain}", "$text-muted"))
    if choice.source in SOURCE_NOTE:
        parts.append((f"  ({SOURCE_NOTE[choice.source]})", "$text-muted"))
    if current and current.lower() in (choice.tenant_id.lower(), choice.domain.lower()):
        parts.append(("  current", "bold $accent"))
    return assemble(*parts)


class TenantPickerScreen(ModalScreen[str | None]):
    AUTO_FOCUS = "#tenant-list"
    DEFAULT_CSS = """
    TenantPickerScreen { align: center middle; }
    #tenant-list { height: auto; max-height: 12; }
    #tenant-problem { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tenant-cancel")
    ]

    def __init__(
        self, choices: list[TenantChoice], current: str | None, note: str | None = None
    ) -> None:
        super().__init__()
        self.choices = choices
        self.current = current
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="tenants"):
            yield Label("Choose the tenant to read", classes="dialog-title")
            if self.note:  # why the list is short (ARM refused, no sign-in), as plain text
                yield Static(Content(self.note), id="tenant-note", classes="dialog-note")
            yield OptionList(
                *(Option(choice_label(c, self.current), id=c.tenant_id) for c in self.choices),
                id="tenant-list",
            )
            yield Label("Or type a tenant ID or domain (enter)")
            yield Input(placeholder="contoso.onmicrosoft.com", id="tenant-input")
            yield Static("", id="tenant-problem")
            yield Static(
                "enter: walk this tenant  tab: type another  escape: cancel",
                classes="dialog-note",
            )

    def on_mount(self) -> None:
        if not self.choices:
            self.query_one("#tenant-input", Input).focus()
            return
        current = (self.current or "").lower()
        self.query_one("#tenant-list", OptionList).highlighted = next(
            (
                i
                for i, c in enumerate(self.choices)
                if current in (c.tenant_id.lower(), c.domain.lower())
            ),
            0,
        )

    @on(OptionList.OptionSelected, "#tenant-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#tenant-input")
    def typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        problem = tenant_problem(text)
        if problem is not None:
            self.query_one("#tenant-problem", Static).update(Content(problem))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
