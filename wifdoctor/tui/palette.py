"""The app's own commands in the palette (ctrl+p): actions, views, the lab's scenarios when the
app runs on the lab, and the offline examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from wifdoctor.tui.screens.main import TABS

if TYPE_CHECKING:
    from wifdoctor.tui.app import WifDoctorApp


def app_commands(app: WifDoctorApp) -> Iterator[SystemCommand]:
    yield SystemCommand(
        "Screenshot",
        f"Save an SVG of the screen in {app.workdir}",
        lambda: app.set_timer(0.1, app.action_screenshot),
    )
    yield SystemCommand("Diagnose", "Diagnose the text in the box", app.action_diagnose)
    yield SystemCommand("Open a file", "A token, a log or credentials JSON", app.action_open_file)
    yield SystemCommand(
        "Add a credential", "Type a federated credential in", app.action_add_credential
    )
    yield SystemCommand("Export the report", "Markdown or JSON", app.action_export)
    yield SystemCommand("Guided setup", "Create the right federated credential", app.action_setup)
    yield SystemCommand(
        "Copy the fix", "The selected finding's corrected value", app.action_copy_fix
    )
    yield SystemCommand("Clear", "Forget the token, error text and credentials", app.action_clear)
    if app.live is not None:
        yield SystemCommand(
            "Choose the tenant", "The tenant the live walk reads", app.action_choose_tenant
        )
    for tab in TABS:
        yield SystemCommand(
            f"Show {tab}",
            f"Switch to the {tab.capitalize()} tab",
            lambda tab=tab: app.action_show_tab(tab),
            discover=False,
        )
    from wifdoctor.demo.examples import EXAMPLES
    from wifdoctor.tui.lab_demo import lab_commands

    yield from lab_commands(app)  # "Lab: NAME" when the app runs on the lab
    for item in EXAMPLES:
        yield SystemCommand(
            f"Example: {item.name}",
            item.title,
            lambda name=item.name: app.load_example(name),
            discover=False,
        )
