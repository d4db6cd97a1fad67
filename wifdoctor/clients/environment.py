"""What a live walk's steps are given: clients, the operator's sign-in, the environment, the
clock and a way to ask the person. The lab replaces the transport and the sign-in, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from wifdoctor.clients.arm import ArmClient
from wifdoctor.clients.graph import GraphClient
from wifdoctor.clients.http import HttpFactory, Trace
from wifdoctor.clients.operator import OperatorCredential, SignInFailed
from wifdoctor.clients.questions import Answer, OneAtATime, device_code_prompt, one_at_a_time
from wifdoctor.core.live import Question
from wifdoctor.core.times import Clock, system_clock
from wifdoctor.knowledge.clouds import CLOUDS, Cloud

__all__ = ["Answer", "WalkEnvironment", "decline", "tenant_environment"]


async def decline(question: Question) -> bool:
    return question.default


@dataclass
class WalkEnvironment:
    http: HttpFactory
    cloud: Cloud
    operator: OperatorCredential | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    clock: Clock = system_clock
    answer: Answer = decline
    lab: str | None = None  # the lab scenario's name when the walk runs against the lab
    _clients: list[httpx.AsyncClient] = field(default_factory=list, repr=False)
    _graph: GraphClient | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # The person is asked one question at a time (see clients/questions.py).
        self.answer = one_at_a_time(self.answer)

    @property
    def trace(self) -> Trace:
        return self.http.trace

    @property
    def graph_url(self) -> str:
        return self.cloud.graph_url or CLOUDS["public"].graph_url or ""

    @property
    def arm_url(self) -> str:
        return self.cloud.arm_url or CLOUDS["public"].arm_url or ""

    def client(self) -> httpx.AsyncClient:
        made = self.http.client()
        self._clients.append(made)
        return made

    def graph(self) -> GraphClient:
        if self.operator is None:
            raise SignInFailed("No sign-in was configured for reading Graph.")
        if self._graph is None:
            self._graph = GraphClient(self.client(), self.operator, self.graph_url)
        return self._graph

    def arm(self, bearer: str | None = None) -> ArmClient:
        operator = self.operator
        scope = f"{self.arm_url}/.default"

        async def token() -> str:
            if bearer is not None:
                return bearer
            if operator is None:
                raise SignInFailed("No sign-in was configured for reading ARM.")
            return await operator.token(scope)

        return ArmClient(self.client(), token, self.arm_url)

    async def aclose(self) -> None:
        if isinstance(self.answer, OneAtATime):
            self.answer.withdraw()  # the walk is over: its open questions are taken back
        # Close the transports ourselves: msgraph wraps a client's transport in one that does
        # not forward aclose() (sdk-against-local-servers G7).
        for made in self._clients:
            await made.aclose()
        for transport in self.http.transports:
            await transport.aclose()


def tenant_environment(
    *,
    cloud: str,
    sign_in: str,
    tenant: str | None,
    environment: Mapping[str, str],
    answer: Answer = decline,
    clock: Clock = system_clock,
    http: HttpFactory | None = None,
    credential_options: Mapping[str, object] | None = None,
) -> WalkEnvironment:
    """The real services of ``cloud``, the operator signed in with azure-identity.

    A device-code prompt becomes a Question (``device-code``): the CLI prints it, the app shows
    it in a modal. It is asked from azure-identity's worker thread, handed to the loop in turn
    with the walk's other questions, and waited for (clients/questions.py).
    """
    import asyncio

    from wifdoctor.clients.operator import AzureIdentityOperator

    spec = CLOUDS[cloud]
    answer = one_at_a_time(answer)  # the same turn as the walk's own questions
    prompt = device_code_prompt(answer, asyncio.get_running_loop())
    operator = AzureIdentityOperator(
        sign_in,
        tenant,
        environment,
        authority_host=spec.authority_host,
        prompt=prompt,
        credential_options=credential_options,
    )
    return WalkEnvironment(
        http=http or HttpFactory(environment=environment),
        cloud=spec,
        operator=operator,
        environment=environment,
        clock=clock,
        answer=answer,
    )
