"""Where apply writes: the in-process lab (``--lab SCENARIO``) or the real Graph and ARM with the
operator's sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wifdoctor.core.errors import InputError
from wifdoctor.core.setup.model import Proposal, Target
from wifdoctor.provision.apply import ApplyReport, Confirm, apply
from wifdoctor.provision.stores import from_environment

if TYPE_CHECKING:
    from wifdoctor.clients.environment import WalkEnvironment


@dataclass
class LabLink:
    """A lab built for one scenario, kept so that a later diagnose can look at the same one."""

    lab: Any

    @classmethod
    def open(cls, scenario: str) -> LabLink:
        from wifdoctor.lab.scenario import build_lab

        try:
            return cls(build_lab(scenario))
        except KeyError:
            raise InputError(
                f"There is no lab scenario {scenario!r}.", hint="See: wifdoctor lab scenarios"
            ) from None

    def default_target(self) -> Target:
        scenario = self.lab.scenario
        client_id = str(scenario.data.get("client_id", ""))
        identity = self.lab.state.identity_by_client_id(client_id)
        if identity is not None and identity.kind == "uami":
            return Target("managed-identity", client_id, identity.arm_id, scenario.cloud)
        return Target("application", client_id or None, None, scenario.cloud)


async def apply_in_lab(
    link: LabLink, proposal: Proposal, confirm: Confirm, *, read_back_delay: float = 1.0
) -> ApplyReport:
    """Apply to the lab through the walk's clients, with the lab as their transport."""
    from wifdoctor.clients.lab_link import lab_environment

    env = lab_environment(link.lab)
    try:
        store = from_environment(env, proposal.target)
        return await apply(proposal, store, confirm, read_back_delay=read_back_delay)
    finally:
        await env.aclose()


def live_environment(cloud_id: str, sign_in: str, tenant: str | None) -> WalkEnvironment:
    """The walk's environment for the real services, signed in as the operator."""
    import os

    import click

    from wifdoctor.clients.environment import WalkEnvironment
    from wifdoctor.clients.http import HttpFactory
    from wifdoctor.clients.operator import AzureIdentityOperator
    from wifdoctor.knowledge.clouds import CLOUDS

    cloud = CLOUDS[cloud_id]
    env = dict(os.environ)

    def prompt(text: str, seconds_left: float) -> None:  # printed at once: no answer to wait for
        click.echo(text, err=True)

    operator = AzureIdentityOperator(
        sign_in, tenant, env, authority_host=cloud.authority_host, prompt=prompt
    )
    return WalkEnvironment(
        http=HttpFactory(environment=env), cloud=cloud, operator=operator, environment=env
    )


async def apply_live(
    proposal: Proposal, confirm: Confirm, *, sign_in: str = "cli", tenant: str | None = None
) -> ApplyReport:
    """Against the real Graph or ARM, signed in as the operator (``az login`` by default)."""
    env = live_environment(proposal.target.cloud, sign_in, tenant)
    try:
        return await apply(proposal, from_environment(env, proposal.target), confirm)
    finally:
        await env.aclose()


async def verify_in_lab(link: LabLink, token_text: str) -> Any:
    """The live walk of ``token_text`` against the lab (the exchange included): after an apply,
    whether Entra now takes the token. Returns the Diagnosis."""
    from wifdoctor.checks.context import WalkContext, WalkRequest
    from wifdoctor.checks.live_plan import build_plan
    from wifdoctor.checks.runner import WalkFinished, run_walk
    from wifdoctor.clients.lab_link import lab_environment
    from wifdoctor.core.live import LiveRequest

    scenario = link.lab.scenario
    live = LiveRequest(
        client_id=scenario.client_id,
        tenant=scenario.tenant_id,
        exchange=True,
        sign_in="lab",
        lab=scenario.name,
    )
    request = WalkRequest("diagnose", token_text=token_text, cloud=scenario.cloud, live=live)
    env = lab_environment(link.lab)
    diagnosis = None
    try:
        async for event in run_walk(build_plan(request), WalkContext.start(request, env)):
            if isinstance(event, WalkFinished):
                diagnosis = event.diagnosis
    finally:
        await env.aclose()
    return diagnosis
