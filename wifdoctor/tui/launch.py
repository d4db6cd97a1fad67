"""Start the app; the CLI imports this only when it opens the TUI."""

from __future__ import annotations

from wifdoctor.core.session import Inputs


def run_app(
    *, inputs: Inputs | None = None, example: str | None = None, cloud: str = "public"
) -> None:
    from wifdoctor.tui.app import WifDoctorApp
    from wifdoctor.tui.config import load_config

    WifDoctorApp(inputs=inputs, example=example, cloud=cloud, config=load_config()).run()
