"""The walk's environment pointed at the in-process lab: the lab's transport for every host,
and the lab tenant's operator sign-in. Everything else is the real code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wifdoctor.clients.environment import Answer, WalkEnvironment, decline
from wifdoctor.clients.http import HttpFactory, HttpPolicy
from wifdoctor.clients.operator import TokenFunctionOperator, resource_of
from wifdoctor.knowledge.clouds import CLOUDS

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab


def lab_operator(lab: Lab) -> TokenFunctionOperator:
    async def token(scope: str) -> str:
        return lab.operator_token(resource_of(scope))

    return TokenFunctionOperator(token, "the lab tenant's operator")


def lab_environment(
    lab: Lab, *, answer: Answer = decline, policy: HttpPolicy | None = None
) -> WalkEnvironment:
    cloud = CLOUDS.get(lab.state.cloud, CLOUDS["public"])
    return WalkEnvironment(
        http=HttpFactory(policy=policy, transport=lab.transport),
        cloud=cloud,
        operator=lab_operator(lab),
        answer=answer,
        lab=lab.scenario.name if lab.scenario is not None else "lab",
    )


def lab_signed_in_environment(
    lab: Lab,
    *,
    sign_in: str,
    tenant: str | None,
    environment: Mapping[str, str],
    answer: Answer = decline,
) -> WalkEnvironment:
    """The lab's services, the operator signed in for real with azure-identity (``--sign-in``):
    az login through the lab's stand-in ``az`` on PATH (wifdoctor/lab/az_cli.py), device code
    and the others through the lab's Entra. Only the transports are the lab's."""
    from wifdoctor.clients.environment import tenant_environment

    options: dict[str, object] = {}
    if sign_in != "cli":  # AzureCliCredential runs a process: it has no HTTP transport
        from wifdoctor.lab.azure_transport import LabSyncTransport

        options["transport"] = LabSyncTransport(lab.transport)
    env = tenant_environment(
        cloud=lab.state.cloud,
        sign_in=sign_in,
        tenant=tenant,
        environment=environment,
        answer=answer,
        http=HttpFactory(transport=lab.transport),
        credential_options=options,
    )
    env.lab = lab.scenario.name if lab.scenario is not None else "lab"
    return env
