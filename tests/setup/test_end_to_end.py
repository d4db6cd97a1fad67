"""End to end against the lab's own Entra (an independent implementation of its rules): the
scenario's exchange fails, setup creates the credential it proposes, the same token is then
exchanged."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.lab.helpers import code_of, exchange
from tests.setup.lab_tokens import AKS_ISSUER
from wifdoctor.core.setup.engine import propose, propose_from_token
from wifdoctor.core.setup.model import Proposal
from wifdoctor.core.token import parse_token
from wifdoctor.provision.session import LabLink, apply_in_lab
from wifdoctor.provision.stores import Request


async def yes(request: Request) -> bool:
    return True


async def fails_then_works(link: LabLink, make: Proposal | Callable[[str], Proposal]) -> None:
    lab = link.lab
    token = lab.workload_token()
    before = await exchange(lab, token)
    assert code_of(before) is not None
    proposal = make if isinstance(make, Proposal) else make(token)
    report = await apply_in_lab(link, proposal, yes, read_back_delay=0.01)
    assert report.ok, report.refused + [s.message for s in report.steps]
    after = await exchange(lab, token)
    assert after.status_code == 200, after.text


@pytest.mark.parametrize(
    "scenario",
    [
        "branch-not-covered",
        "subject-entity",
        "subject-case",
        "custom-template",
        "immutable-subject",
        "issuer-trailing-slash",
        "github-enterprise-issuer",
        "no-credentials",
        "ado-issuer-migration",
        "issuer-slash-missing",
    ],
)
async def test_from_the_scenarios_token_setup_makes_the_exchange_work(scenario: str) -> None:
    link = LabLink.open(scenario)
    target = link.default_target()

    def from_token(token: str) -> Proposal:
        return propose_from_token(parse_token(token).claims, target)

    await fails_then_works(link, from_token)


async def test_from_github_inputs_the_branch_credential_makes_the_exchange_work() -> None:
    link = LabLink.open("branch-not-covered")
    values = {"repo": "contoso/payments-api", "entity": "branch", "value": "release/1.4"}
    await fails_then_works(link, propose("github-actions", values, link.default_target()))


async def test_from_kubernetes_inputs_the_credential_makes_the_exchange_work() -> None:
    link = LabLink.open("issuer-slash-missing")
    values = {"issuer": AKS_ISSUER, "namespace": "payments", "service_account": "workload-sa"}
    await fails_then_works(link, propose("kubernetes", values, link.default_target()))
