"""Where apply writes: the in-process lab (``--lab SCENARIO``) or the real Graph and ARM with the
operator's sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wifdoctor.core.errors import InputError
from wifdoctor.core.setup.model import Proposal, Target
from wifdoctor.provision.apply import ApplyReport, Confirm, apply
from wifdoctor.provision.stores import store_for


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
    target = proposal.target
    resource = (
        "https://management.azure.com" if target.resource_id else "https://graph.microsoft.com"
    )

    async def token() -> str:
        return str(link.lab.operator_token(resource))

    async with link.lab.client() as http:
        store = store_for(http, token, target)
        return await apply(proposal, store, confirm, read_back_delay=read_back_delay)


async def apply_live(proposal: Proposal, confirm: Confirm) -> ApplyReport:
    """Against the real Graph or ARM, signed in as the operator."""
    raise InputError(
        "Applying to the real Graph and ARM needs the live walk's sign-in, which this build "
        "does not have yet.",
        hint="Use the printed az or Graph snippet, or --lab SCENARIO to try it.",
    )
