"""The app on the in-process lab (``wifdoctor demo``): a scenario's token, client ID and tenant,
the lab's services, and the palette's "Lab: NAME" commands that switch to another scenario."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from wifdoctor.core.live import LiveRequest
from wifdoctor.core.session import Inputs

if TYPE_CHECKING:
    from wifdoctor.clients.environment import Answer, WalkEnvironment
    from wifdoctor.tui.app import WifDoctorApp


@dataclass(frozen=True)
class LabSession:
    name: str
    inputs: Inputs
    live: LiveRequest
    environment: Callable[[Answer], WalkEnvironment]
    cloud: str


def lab_session(name: str) -> LabSession:
    """A fresh lab for scenario ``name``; its workload token pasted, its identity to read."""
    from wifdoctor.clients.lab_link import lab_environment
    from wifdoctor.lab.scenario import build_lab

    made = build_lab(name)
    chosen = made.scenario
    pasted, _ = Inputs().with_paste(made.workload_token())

    def environment(answer: Answer) -> WalkEnvironment:
        return lab_environment(made, answer=answer)

    live = LiveRequest(client_id=chosen.client_id, tenant=chosen.tenant_id, lab=name)
    return LabSession(name, pasted, live, environment, chosen.cloud)


def lab_commands(app: WifDoctorApp) -> Iterator[SystemCommand]:
    """One palette command per lab scenario, when the app runs on the lab."""
    if app.live is None or app.live.lab is None:
        return
    from wifdoctor.lab.scenario import all_scenarios

    for item in all_scenarios():
        yield SystemCommand(
            f"Lab: {item.name}",
            item.title,
            lambda name=item.name: switch_lab(app, name),
            discover=False,
        )


def switch_lab(app: WifDoctorApp, name: str) -> None:
    """Walk scenario ``name`` instead: a new lab, its token, its identity, its walk."""
    session = lab_session(name)
    app.inputs = session.inputs
    app.live = replace(session.live, offer_exchange=True)
    app.environment = session.environment
    app.cloud = session.cloud
    app.start_walk()
    app.main.show_inputs(app.inputs, f"Lab scenario {name}.")
    app.main.show_tab("overview")
