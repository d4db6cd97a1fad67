"""Start the app; the CLI imports this only when it opens the TUI."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from wifdoctor.core.session import Inputs

if TYPE_CHECKING:
    from wifdoctor.clients.environment import Answer, WalkEnvironment
    from wifdoctor.core.live import LiveRequest


def run_app(
    *,
    inputs: Inputs | None = None,
    example: str | None = None,
    cloud: str = "public",
    lab: str | None = None,
    live: LiveRequest | None = None,
) -> None:
    from wifdoctor.tui.app import WifDoctorApp
    from wifdoctor.tui.config import load_config

    config = load_config()
    if lab is None and live is None:
        WifDoctorApp(inputs=inputs, example=example, cloud=cloud, config=config).run()
        return

    if lab is None:
        assert live is not None
        app = WifDoctorApp(
            inputs=inputs,
            cloud=cloud,
            live=live,
            environment=_tenant(lambda: app.live or live, cloud),  # the tenant chosen in the app
            config=config,
        )
        app.run()
        return
    WifDoctorApp(cloud=cloud, config=config, lab=lab).run()  # the lab is built after first paint


def _tenant(current: Callable[[], LiveRequest], cloud: str) -> Callable[[Answer], WalkEnvironment]:
    """The real tenant: azure-identity's sign-in (az login by default), the cloud's hosts; the
    tenant is read at each walk, so one chosen in the app (ctrl+t) is the one signed in to."""
    import os

    from wifdoctor.clients.environment import tenant_environment

    def environment(answer: Answer) -> WalkEnvironment:
        live = current()
        return tenant_environment(
            cloud=cloud,
            sign_in=live.sign_in,
            tenant=live.tenant,
            environment=dict(os.environ),
            answer=answer,
        )

    return environment
