"""The operator's device-code sign-in (azure-identity's DeviceCodeCredential, unchanged, against
the lab's Entra): every sign-in shows its code to the person, one question at a time, and a code
that cannot reach the person ends the sign-in with a message instead of a silent wait."""

from __future__ import annotations

import asyncio
from typing import Any

import jwt
import pytest

from tests.lab.helpers import GRAPH_SCOPE
from tests.live.helpers import request_for, step, walk_lab
from wifdoctor.clients.environment import Answer, WalkEnvironment, tenant_environment
from wifdoctor.clients.http import HttpFactory
from wifdoctor.clients.operator import AzureIdentityOperator, SignInFailed
from wifdoctor.core.live import Question
from wifdoctor.lab.azure_transport import LabSyncTransport
from wifdoctor.lab.scenario import build_lab
from wifdoctor.lab.server import Lab


def device_code_environment(lab: Lab, answer: Answer) -> WalkEnvironment:
    return tenant_environment(
        cloud="public",
        sign_in="device-code",
        tenant=lab.state.tenant_id,
        environment={},
        answer=answer,
        http=HttpFactory(transport=lab.transport),
        credential_options={"transport": LabSyncTransport(lab.transport)},
    )


def device_polls(lab: Lab) -> list[dict[str, Any]]:
    return [r for r in lab.state.requests if r["path"].endswith("/oauth2/v2.0/token")]


async def test_two_device_code_sign_ins_in_one_process_both_show_their_code() -> None:
    """A second walk in the same app session (or the CLI, then the app) signs in afresh and
    shows its own code: no token cache outlives the sign-in that filled it."""
    lab = build_lab("healthy")
    lab.state.device_code_pending_polls = 1
    codes: list[list[str]] = []
    for _ in range(2):
        asked: list[str] = []

        async def answer(question: Question, asked: list[str] = asked) -> bool:
            asked.append(question.prompt)
            return True

        env = device_code_environment(lab, answer)
        assert env.operator is not None
        try:
            access = await env.operator.token(GRAPH_SCOPE)
            await env.operator.token(GRAPH_SCOPE)  # the same sign-in's token: no second code
        finally:
            await env.aclose()
        assert jwt.decode(access, options={"verify_signature": False})["idtyp"] == "user"
        codes.append(asked)
    assert [len(asked) for asked in codes] == [1, 1]
    assert all(a[0].startswith("To sign in, open ") and " and enter " in a[0] for a in codes)
    assert codes[0] != codes[1]  # each sign-in its own code


async def test_questions_asked_side_by_side_reach_the_person_one_at_a_time() -> None:
    open_now: list[str] = []
    most = 0
    answered: list[str] = []

    async def person(question: Question) -> bool:
        nonlocal most
        open_now.append(question.id)
        most = max(most, len(open_now))
        await asyncio.sleep(0.05)  # reading it
        open_now.remove(question.id)
        answered.append(question.id)
        return question.id == "device-code"

    lab = build_lab("healthy")
    lab.state.device_code_pending_polls = 0
    env = device_code_environment(lab, person)
    assert env.operator is not None
    try:
        exchange = asyncio.ensure_future(env.answer(Question("confirm-exchange", "Send?")))
        await env.operator.token(GRAPH_SCOPE)  # its code is asked while the exchange waits
        assert await exchange is False
    finally:
        await env.aclose()
    assert most == 1 and sorted(answered) == ["confirm-exchange", "device-code"]


@pytest.mark.parametrize(
    ("answer_with", "message"),
    [
        (False, "The device-code sign-in was cancelled"),
        (RuntimeError("the modal could not open"), r"could not be shown \(RuntimeError: the modal"),
    ],
)
async def test_a_code_answered_no_or_not_shown_ends_the_sign_in_with_the_reason(
    answer_with: bool | Exception, message: str
) -> None:
    lab = build_lab("healthy")

    async def answer(question: Question) -> bool:
        if isinstance(answer_with, Exception):
            raise answer_with
        return answer_with

    env = device_code_environment(lab, answer)
    assert env.operator is not None
    try:
        with pytest.raises(SignInFailed, match=message):
            await env.operator.token(GRAPH_SCOPE)
    finally:
        await env.aclose()
    assert device_polls(lab) == []  # never polled for a code nobody saw


async def test_the_walk_reports_a_code_that_could_not_be_shown_in_the_identity_step() -> None:
    lab = build_lab("healthy")

    async def answer(question: Question) -> bool:
        if question.id == "device-code":
            raise RuntimeError("no screen")
        return question.default

    env = device_code_environment(lab, answer)
    diagnosis = await walk_lab(lab, request=request_for(lab, exchange=False), env=env)
    identity = step(diagnosis, "identity")
    assert identity.status == "incomplete"
    assert identity.summary.startswith(
        "The device code could not be shown (RuntimeError: no screen)"
    )


async def test_a_code_left_unanswered_until_it_expires_ends_the_sign_in() -> None:
    never = asyncio.Event()

    async def away(question: Question) -> bool:
        await never.wait()
        return True

    env = device_code_environment(build_lab("healthy"), away)
    operator = env.operator
    assert isinstance(operator, AzureIdentityOperator) and operator.prompt is not None
    with pytest.raises(SignInFailed, match="expired before it was answered"):
        await asyncio.to_thread(operator.prompt, "To sign in, open x and enter ABC.", 0.2)
    await env.aclose()


def test_a_code_that_arrives_after_the_walk_has_ended_is_reported() -> None:
    async def answer(question: Question) -> bool:
        return True

    async def made() -> WalkEnvironment:
        return device_code_environment(build_lab("healthy"), answer)

    env = asyncio.run(made())  # its loop is closed now
    operator = env.operator
    assert isinstance(operator, AzureIdentityOperator) and operator.prompt is not None
    with pytest.raises(SignInFailed, match="the walk had already ended"):
        operator.prompt("To sign in, open x and enter ABC.", 60.0)


async def test_a_walk_that_ends_takes_back_the_code_it_was_showing() -> None:
    """The walk is over (a new one started over it): its open questions are withdrawn, and the
    sign-in thread waiting on the code ends at once instead of holding on until it expires."""
    shown = asyncio.Event()

    async def away(question: Question) -> bool:
        shown.set()
        await asyncio.Event().wait()
        return True

    env = device_code_environment(build_lab("healthy"), away)
    operator = env.operator
    assert isinstance(operator, AzureIdentityOperator) and operator.prompt is not None
    waiting = asyncio.ensure_future(
        asyncio.to_thread(operator.prompt, "To sign in, open x and enter ABC.", 600.0)
    )
    await asyncio.wait_for(shown.wait(), 10)
    await env.aclose()
    with pytest.raises(SignInFailed, match="withdrawn before it was answered"):
        await asyncio.wait_for(waiting, 10)
