"""Apply against the lab's Graph and ARM: create, re-run, duplicates, the 21st, concurrency,
403 and the 404 right after a create."""

from __future__ import annotations

import asyncio

import pytest

from tests.setup.lab_tokens import AKS_ISSUER
from wifdoctor.clients.lab_link import lab_environment
from wifdoctor.core.setup.engine import propose
from wifdoctor.core.setup.model import Proposal, Target
from wifdoctor.lab.scenario import build_lab
from wifdoctor.lab.server import Lab
from wifdoctor.lab.state import Credential
from wifdoctor.provision.apply import apply
from wifdoctor.provision.stores import CredentialStore, Request, from_environment

APP_ID = "3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c"
MI_ID = (
    "/subscriptions/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e/resourcegroups/payments-rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/payments-mi"
)
GH = {"repo": "contoso/payments-api", "entity": "environment", "value": "Production"}


class Recorder:
    """Says yes (or no) to each request and remembers what it was shown."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.shown: list[Request] = []

    async def __call__(self, request: Request) -> bool:
        self.shown.append(request)
        return self.answer


async def no_wait(seconds: float) -> None:
    await asyncio.sleep(0)


def lab_store(lab: Lab, target: Target) -> CredentialStore:
    """A store on the walk's clients with the lab as their transport, as apply_in_lab makes."""
    return from_environment(lab_environment(lab), target)


def app_lab() -> tuple[Lab, Target]:
    return build_lab("branch-not-covered"), Target("application", APP_ID)


def app_credentials(lab: Lab) -> list[Credential]:
    identity = lab.state.identity_by_client_id(APP_ID)
    assert identity is not None
    return identity.credentials


async def test_create_shows_the_exact_request_then_rerun_is_a_no_op() -> None:
    lab, target = app_lab()
    proposal = propose("github-actions", GH, target)
    confirm = Recorder()
    report = await apply(proposal, lab_store(lab, target), confirm, sleep=no_wait)
    assert [step.outcome for step in report.steps] == ["created"]
    [shown] = confirm.shown
    assert shown.method == "POST"
    assert shown.url == (
        f"https://graph.microsoft.com/v1.0/applications(appId='{APP_ID}')"
        "/federatedIdentityCredentials"
    )
    assert shown.body == proposal.credential.as_dict()
    created = [c for c in app_credentials(lab) if c.name == proposal.credential.name]
    assert [(c.issuer, c.subject, c.audiences) for c in created] == [
        (
            "https://token.actions.githubusercontent.com",
            "repo:contoso/payments-api:environment:Production",
            ["api://AzureADTokenExchange"],
        )
    ]
    assert any("minute" in note for note in report.notes)  # the propagation delay is explained

    again = Recorder()
    rerun = await apply(proposal, lab_store(lab, target), again, sleep=no_wait)
    assert [step.outcome for step in rerun.steps] == ["unchanged"]
    assert again.shown == []  # nothing was asked, nothing was sent
    assert len(app_credentials(lab)) == 2


async def test_declining_writes_nothing() -> None:
    lab, target = app_lab()
    report = await apply(
        propose("github-actions", GH, target),
        lab_store(lab, target),
        Recorder(False),
        sleep=no_wait,
    )
    assert [step.outcome for step in report.steps] == ["declined"]
    assert len(app_credentials(lab)) == 1


async def test_a_duplicate_with_another_audience_is_refused_with_a_clear_message() -> None:
    lab, target = app_lab()
    app_credentials(lab).append(
        Credential(
            "prod",
            "https://token.actions.githubusercontent.com",
            "repo:contoso/payments-api:environment:Production",
            ["api://AzureADTokenExchangeUSGov"],
        )
    )
    confirm = Recorder()
    report = await apply(
        propose("github-actions", GH, target), lab_store(lab, target), confirm, sleep=no_wait
    )
    assert not report.ok and confirm.shown == []
    assert "prod has the same issuer and subject" in report.refused[0]


async def test_the_21st_credential_is_refused_before_any_write() -> None:
    lab, target = app_lab()
    credentials = app_credentials(lab)
    for index in range(19):
        credentials.append(
            Credential(
                f"env-{index}",
                "https://token.actions.githubusercontent.com",
                f"repo:contoso/payments-api:environment:e{index}",
                ["api://AzureADTokenExchange"],
            )
        )
    seen: list[str] = []
    lab_app = lab.app

    async def spy(scope, receive, send):  # type: ignore[no-untyped-def]
        seen.append(scope.get("method", ""))
        await lab_app(scope, receive, send)

    lab.app = spy
    report = await apply(
        propose("github-actions", GH, target), lab_store(lab, target), Recorder(), sleep=no_wait
    )
    assert "20" in report.refused[0]
    assert "POST" not in seen and seen  # the list was read; nothing was written
    assert len(credentials) == 20


async def test_403_is_explained_with_the_missing_permission() -> None:
    lab, target = app_lab()
    lab.state.operator_permissions = {"Application.Read.All"}
    report = await apply(
        propose("github-actions", GH, target), lab_store(lab, target), Recorder(), sleep=no_wait
    )
    [step] = report.steps
    assert step.outcome == "failed"
    assert "403" in step.message and "Application.ReadWrite.All" in step.message


def mi_lab() -> tuple[Lab, Target]:
    lab = build_lab("issuer-slash-missing")
    return lab, Target("managed-identity", "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3e5a7c", MI_ID)


def k8s(account: str, target: Target) -> Proposal:
    values = {"issuer": AKS_ISSUER, "namespace": "payments", "service_account": account}
    return propose("kubernetes", values, target)


async def test_managed_identity_writes_are_never_concurrent_and_404_after_create_is_retried() -> (
    None
):
    lab, target = mi_lab()
    lab.state.not_found_after_create = 2
    proposals = [k8s(f"worker-{i}", target) for i in range(4)]
    # Four applies at once, each with its own client, as four wizard windows would do.
    reports = await asyncio.gather(
        *(apply(p, lab_store(lab, target), Recorder(), sleep=no_wait) for p in proposals)
    )
    outcomes = [step.outcome for report in reports for step in report.steps]
    assert outcomes == ["created"] * 4  # no 409 ConcurrentFederatedIdentityCredentialsWrites...
    assert all(step.read_back_misses == 2 for r in reports for step in r.steps)
    identity = lab.state.identity_by_client_id(target.client_id or "")
    assert identity is not None
    assert {c.subject for c in identity.credentials} >= {
        f"system:serviceaccount:payments:worker-{i}" for i in range(4)
    }


async def test_arm_put_is_the_request_shown() -> None:
    lab, target = mi_lab()
    confirm = Recorder()
    report = await apply(k8s("api", target), lab_store(lab, target), confirm, sleep=no_wait)
    assert report.ok
    [shown] = confirm.shown
    assert shown.method == "PUT"
    assert shown.url.startswith(
        f"https://management.azure.com{MI_ID}/federatedIdentityCredentials/"
    )
    assert shown.body == {
        "properties": {
            "issuer": AKS_ISSUER,
            "subject": "system:serviceaccount:payments:api",
            "audiences": ["api://AzureADTokenExchange"],
        }
    }


@pytest.mark.parametrize("tries", [1])
async def test_a_read_back_that_never_succeeds_is_reported(tries: int) -> None:
    lab, target = mi_lab()
    lab.state.not_found_after_create = 1000
    report = await apply(k8s("api", target), lab_store(lab, target), Recorder(), sleep=no_wait)
    [step] = report.steps
    assert step.outcome == "failed" and "404" in step.message
