"""Every key of the main screen, in one list: the app binds these, the footer shows them, and the
help screen's table is generated from them, so a key remapped in the config file shows its new
name everywhere. Each binding has an id: those ids are what the config file's [keymap] names.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding

APP_BINDINGS: list[Binding] = [
    Binding(
        "ctrl+r", "diagnose", "Diagnose", tooltip="Diagnose the text in the box", id="diagnose"
    ),
    Binding(
        "ctrl+o",
        "open_file",
        "Open",
        tooltip="Open a token, log or credentials file",
        id="open-file",
    ),
    Binding(
        "ctrl+n",
        "add_credential",
        "Add",
        tooltip="Add a federated credential by hand",
        id="add-credential",
    ),
    Binding(
        "ctrl+s", "export", "Export", tooltip="Export the report (Markdown or JSON)", id="export"
    ),
    Binding("f1", "help", "Help", tooltip="Keys and what wifdoctor does", id="help"),
    Binding(
        "f2", "show_tab('findings')", "Findings", tooltip="Every finding in full", id="tab-findings"
    ),
    Binding(
        "f3", "show_tab('token')", "Token", tooltip="The token's header and claims", id="tab-token"
    ),
    Binding(
        "f4",
        "show_tab('credentials')",
        "Creds",
        tooltip="Every credential against the token",
        id="tab-credentials",
    ),
    Binding(
        "f5",
        "show_tab('steps')",
        "Steps",
        tooltip="Each step with its evidence and timing",
        id="tab-steps",
    ),
    Binding(
        "escape",
        "overview",
        "Overview",
        show=False,
        tooltip="Back to the overview and the paste box",
        id="overview",
    ),
    Binding(
        "ctrl+t",
        "choose_tenant",
        "Tenant",
        show=False,
        tooltip="Choose the tenant the live walk reads (your tenants, or one typed in)",
        id="choose-tenant",
    ),
    Binding(
        "ctrl+l",
        "clear",
        "Clear",
        show=False,
        tooltip="Forget the token, error text and credentials",
        id="clear",
    ),
    Binding("ctrl+q", "quit", "Quit", tooltip="Quit wifdoctor", id="quit", priority=True),
]
# Bound by the Overview and Findings views (so that typing "c" in the paste box types a "c").
COPY_KEY = "c"
COPY_BINDING_ID = "copy-fix"
EXTRA_HELP = (
    ("ctrl+p", "every command: examples, themes, screenshot"),
    ("pagedown pageup", "scroll the finding's explanation and fix (Findings view)"),
    ("tab", "move between the paste box and the views"),
)


def key_for(binding_id: str, default: str, keymap: Mapping[str, str]) -> str:
    return keymap.get(binding_id, default)


def help_rows(keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(key as configured, what it does) for the help screen, in the order of the footer."""
    rows = [(key_for(b.id or "", b.key, keymap), b.tooltip or b.description) for b in APP_BINDINGS]
    copy = key_for(COPY_BINDING_ID, COPY_KEY, keymap)
    rows.insert(
        5, (copy, "copy the top or selected finding's corrected value (Overview, Findings)")
    )
    rows += list(EXTRA_HELP)
    return rows
