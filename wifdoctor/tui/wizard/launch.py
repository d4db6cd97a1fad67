"""Start the setup wizard on its own; ``wifdoctor setup`` in a terminal imports this."""

from __future__ import annotations


def run_setup_wizard(
    lab: str | None = None, sign_in: str = "cli", tenant: str | None = None
) -> None:
    """The wizard applying to the lab scenario ``lab``, or to the real Graph and ARM signed in
    as the operator (``sign_in``: cli reuses az login)."""
    from wifdoctor.tui.wizard.app import SetupApp, lab_app, live_app

    app: SetupApp = lab_app(lab) if lab else live_app(sign_in, tenant)
    app.run()
