"""The walk's environment pointed at the in-process lab: the lab's transport for every host,
and the lab tenant's operator sign-in. Everything else is the real code."""

from __future__ import annotations

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
