"""Start the setup wizard on its own; ``wifdoctor setup`` in a terminal imports this."""

from __future__ import annotations


def run_setup_wizard() -> None:
    from wifdoctor.tui.wizard.app import SetupApp

    SetupApp().run()
