"""Start the app; the CLI imports this only when it opens the TUI."""

from __future__ import annotations

from wifdoctor.core.session import Inputs


def run_app(
    *,
    inputs: Inputs | None = None,
    example: str | None = None,
    cloud: str = "public",
    lab: str | None = None,
) -> None:
    from wifdoctor.tui.app import WifDoctorApp

    if lab is None:
        WifDoctorApp(inputs=inputs, example=example, cloud=cloud).run()
        return
    from wifdoctor.clients.environment import Answer, WalkEnvironment
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
