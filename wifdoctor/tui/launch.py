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

    if lab is None and live is None:
        WifDoctorApp(inputs=inputs, example=example, cloud=cloud).run()
        return

    if lab is None:
        assert live is not None
        WifDoctorApp(inputs=inputs, cloud=cloud, live=live, environment=_tenant(live, cloud)).run()
        return
    from wifdoctor.clients.lab_link import lab_environment
    from wifdoctor.core.live import LiveRequest
    from wifdoctor.lab.scenario import build_lab

    made = build_lab(lab)
    chosen = made.scenario
    pasted, _ = Inputs().with_paste(made.workload_token())

    def environment(answer: Answer) -> WalkEnvironment:
        return lab_environment(made, answer=answer)

    live = LiveRequest(client_id=chosen.client_id, tenant=chosen.tenant_id, lab=lab)
    WifDoctorApp(inputs=pasted, cloud=chosen.cloud, live=live, environment=environment).run()


def _tenant(live: LiveRequest, cloud: str) -> Callable[[Answer], WalkEnvironment]:
    """The real tenant: azure-identity's sign-in (az login by default), the cloud's hosts."""
    import os

    from wifdoctor.clients.environment import tenant_environment

    def environment(answer: Answer) -> WalkEnvironment:
        return tenant_environment(
            cloud=cloud,
            sign_in=live.sign_in,
            tenant=live.tenant,
            environment=dict(os.environ),
            answer=answer,
        )

    return environment
