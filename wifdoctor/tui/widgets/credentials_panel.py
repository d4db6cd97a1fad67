"""The credentials against the token, field by field, nearest first, differences highlighted;
above them, after a live walk, the identity they were read from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.live import IdentityInfo
from wifdoctor.tui.render import assemble, match_block

EMPTY = assemble(
    "No federated credentials yet. Paste the JSON of ",
    ("az ad app federated-credential list --id <app>", "bold"),
    " (or az identity federated-credential list, or a Graph response), open a file with ",
    ("ctrl+o", "bold $accent"),
    ", or add one by hand with ",
    ("ctrl+n", "bold $accent"),
    ".",
)


SOURCES = {"graph": "Microsoft Graph", "arm": "Azure Resource Manager"}


def identity_summary(info: IdentityInfo | None) -> Content:
    """Who the live walk read the credentials from: kind, name, client ID, object ID, source."""
    if info is None:
        return Content("")
    kind = "Application" if info.kind == "application" else "Managed identity"
    parts: list[str | tuple[str, str]] = [
        (f"{kind} ", "bold"),
        (f"'{info.display_name or '(no name)'}'", "bold $accent"),
        ("\n  client ID  ", "$text-muted"),
        info.client_id,
        ("   object ID  ", "$text-muted"),
        info.object_id or "(unknown)",
    ]
    if info.service_principal_id and info.service_principal_id != info.object_id:
        parts += [("   service principal  ", "$text-muted"), info.service_principal_id]
    if info.resource_id:
        parts += [("\n  resource  ", "$text-muted"), info.resource_id]
    parts += [("\n  read from  ", "$text-muted"), SOURCES.get(info.source, info.source)]
    if info.enabled is False:
        parts.append(("   sign-in disabled", "bold $error"))
    return assemble(*parts)


class CredentialsPanel(VerticalScroll):
    HELP = "Each credential compared with the token like Entra does: exactly, case-sensitively."

    def compose(self) -> ComposeResult:
        yield Static(id="identity-summary")
        yield Static(EMPTY, id="credentials-summary")

    async def show(self, diagnosis: Diagnosis | None) -> None:
        await self.query(".match").remove()
        identity = self.query_one("#identity-summary", Static)
        identity.update(identity_summary(diagnosis.identity if diagnosis else None))
        identity.display = bool(diagnosis and diagnosis.identity)
        summary = self.query_one("#credentials-summary", Static)
        if diagnosis is None or not diagnosis.credentials_given:
            summary.update(EMPTY)
            return
        if not diagnosis.credentials:
            summary.update(assemble(("The identity has no federated credentials.", "bold $error")))
            return
        if not diagnosis.matches:
            summary.update(
                f"{len(diagnosis.credentials)} credential(s); nothing to compare them "
                "with yet: paste a token or an error that quotes the assertion."
            )
            return
        matched = sum(1 for m in diagnosis.matches if m.matches)
        summary.update(
            assemble(
                (f"{len(diagnosis.matches)} credential(s), nearest first", "bold"),
                (f"   {matched} match" + ("es" if matched != 1 else ""), "$text-muted"),
            )
        )
        await self.mount_all(
            Static(match_block(match), classes="match") for match in diagnosis.matches
        )
