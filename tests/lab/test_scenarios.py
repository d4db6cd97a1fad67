"""Every shipped scenario is consistent: the lab's Entra, given the scenario's token, answers the
code the scenario declares, and wifdoctor, given that answer (the text a user would paste) and
the scenario's credentials, concludes the findings the scenario declares."""

from __future__ import annotations

import httpx
import pytest

from tests.lab.helpers import code_of, credentials_json, exchange, lab_for
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.session import Inputs
from wifdoctor.knowledge.findings_catalogue import FINDINGS
from wifdoctor.lab.scenario import all_scenarios

NAMES = [s.name for s in all_scenarios()]
MAIN_CLASSES = {
    "healthy",
    "subject-case",
    "subject-entity",
    "branch-not-covered",
    "issuer-trailing-slash",
    "issuer-slash-missing",
    "audience",
    "immutable-subject",
    "custom-template",
    "expired",
    "issuer-unreachable",
    "kid-missing",
    "conditional-access",
    "no-credentials",
    "wrong-client-id",
    "flexible-expression",
    "credential-on-other-identity",
    "no-role",
}


def test_the_issues_failure_classes_all_have_a_scenario() -> None:
    assert len(NAMES) >= 16
    assert set(NAMES) >= MAIN_CLASSES


def _findings(request: WalkRequest) -> list[str]:
    diagnosis = run_offline(offline_steps(), WalkContext.start(request))
    return [finding.id for finding in diagnosis.findings]


async def _subscriptions(lab, access_token: str) -> list[object]:
    async with httpx.AsyncClient(transport=lab.transport()) as client:
        answer = await client.get(
            "https://management.azure.com/subscriptions?api-version=2022-12-01",
            headers={"Authorization": f"Bearer {access_token}"},
        )
    assert answer.status_code == 200
    value: list[object] = answer.json()["value"]
    return value


@pytest.mark.parametrize("name", NAMES)
async def test_scenario_is_consistent(name: str) -> None:
    lab = lab_for(name)
    scenario = lab.scenario
    for finding in scenario.expected_findings + scenario.data["expect"].get("live_findings", []):
        assert finding in FINDINGS, finding
    token = lab.workload_token()
    answer = await exchange(lab, token, scope="https://management.azure.com/.default")
    expected = scenario.expected_codes
    assert code_of(answer) == (expected[0] if expected else None), answer.text
    identity = lab.state.identity_by_client_id(scenario.client_id) or lab.state.identities[0]
    credentials = tuple(load_credentials(credentials_json(identity.credentials)))
    if answer.status_code == 200:
        subscriptions = await _subscriptions(lab, answer.json()["access_token"])
        if subscriptions:
            request = WalkRequest("diagnose", token_text=token, credentials=credentials)
        else:  # what az login prints when the identity sees no subscription (Azure/azure-cli#14773)
            text = f"ERROR: No subscriptions found for {scenario.client_id}."
            inputs, _ = Inputs().with_paste(text)
            request = WalkRequest("explain", evidence=inputs.evidence, credentials=credentials)
    else:
        inputs, _ = Inputs().with_paste(answer.text)
        request = WalkRequest(
            "explain",
            token_text=inputs.token_text,
            evidence=inputs.evidence,
            credentials=credentials,
        )
    found = _findings(request)
    missing = [f for f in scenario.expected_findings if f not in found]
    assert not missing, (missing, found)
