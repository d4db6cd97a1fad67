"""Add a federated credential by hand, as it is (or would be) on the identity."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from wifdoctor.core.credentials import FederatedCredential

DEFAULT_AUDIENCE = "api://AzureADTokenExchange"


class CredentialFormScreen(ModalScreen[FederatedCredential | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel")
    ]

    def __init__(self, issuer: str = "") -> None:
        super().__init__()
        self.issuer = issuer

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label("Add a federated credential", classes="dialog-title")
            yield Static(
                "Type the values exactly as the credential has them: case, slashes "
                "and spaces count.",
                classes="dialog-note",
            )
            yield Label("Name")
            yield Input(placeholder="github-main", id="name")
            yield Label("Issuer")
            yield Input(
                self.issuer, placeholder="https://token.actions.githubusercontent.com", id="issuer"
            )
            yield Label("Subject (or leave empty and give an expression)")
            yield Input(placeholder="repo:OWNER/REPO:ref:refs/heads/main", id="subject")
            yield Label("Claims-matching expression (flexible credential)")
            yield Input(
                placeholder="claims['sub'] matches 'repo:OWNER/REPO:ref:refs/heads/*'",
                id="expression",
            )
            yield Label("Audience")
            yield Input(DEFAULT_AUDIENCE, id="audience")
            yield Label("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()  # typing goes into the form at once

    def value(self, field: str) -> str:
        """The field as typed: surrounding spaces are kept, since they matter to Entra."""
        return self.query_one(f"#{field}", Input).value

    @on(Button.Pressed, "#add")
    @on(Input.Submitted)
    def add(self) -> None:
        issuer, subject = self.value("issuer"), self.value("subject")
        expression, audience = self.value("expression"), self.value("audience")
        error = self.query_one("#form-error", Label)
        if not issuer.strip():
            error.update("The issuer is required.")
            return
        if not subject and not expression.strip():
            error.update("Give a subject, or a claims-matching expression.")
            return
        self.dismiss(
            FederatedCredential(
                name=self.value("name") or None,
                issuer=issuer,
                subject=subject or None,
                audiences=(audience,) if audience else (),
                expression=expression.strip() or None,
                language_version=1 if expression.strip() else None,
                source="form",
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
