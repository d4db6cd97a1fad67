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
    from wifdoctor.lab.scenario_catalogue import all_scenarios

    for item in all_scenarios():
        yield SystemCommand(
            f"Lab: {item.name}",
            item.title,
            lambda name=item.name: switch_lab(app, name),
            discover=False,
        )


def switch_lab(app: WifDoctorApp, name: str) -> None:
    """Walk scenario ``name`` instead: a new lab, its token, its identity, its walk."""
    apply_lab(app, lab_session(name))


def open_lab_soon(app: WifDoctorApp, name: str) -> None:
    """Build scenario ``name``'s lab in a thread, then walk it: the lab's imports (httpx,
    Starlette, the issuers' keys) take a few hundred milliseconds that the first paint does not
    wait for. A lab that cannot be built is said in place."""

    def build() -> None:
        try:
            session = lab_session(name)
        except Exception as exc:  # a broken scenario file: said in the app, never a traceback
            app.call_from_thread(
                app.main.show_inputs, app.inputs, f"The lab scenario {name} could not start: {exc}"
            )
            return
        app.call_from_thread(apply_lab, app, session)

    def warm() -> None:  # msgraph's imports, off the walk's path (httpx too: not on this thread)
        from wifdoctor.clients.graph import warm_up

        warm_up()

    app.main.show_inputs(app.inputs, f"Starting the lab scenario {name}...")
    app.run_worker(build, thread=True, group="lab", exit_on_error=False)
    app.run_worker(warm, thread=True, group="warm-up", exit_on_error=False)


def apply_lab(app: WifDoctorApp, session: LabSession) -> None:
    """Walk a built lab session: its token, its identity, its walk."""
    name = session.name
    app.inputs = session.inputs
    app.live = replace(session.live, offer_exchange=True)
    app.environment = session.environment
    app.cloud = session.cloud
    from wifdoctor.tui.widgets.inputs_bar import InputsBar

    app.main.query_one(InputsBar).tenant_client = session.live.client_id
    app.start_walk()
    app.main.show_inputs(app.inputs, f"Lab scenario {name}.")
    app.main.show_tab("overview")
