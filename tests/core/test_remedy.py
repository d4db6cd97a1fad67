"""Remedies (spec/cli.md): applied to the credentials, the token then matches; another job's
credential is never rewritten; each remedy comes with its ready az command."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.corpus.harness import CASES_WITH_TOKEN_AND_CREDENTIALS, case_request
from tests.minting import NOW, aks_claims, fic, github_claims, mint
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import FederatedCredential, load_credentials
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.error_text import parse_error_text
from wifdoctor.report.json_report import diagnosis_to_dict

GH = "https://token.actions.githubusercontent.com"
MAIN = "repo:contoso/payments-api:ref:refs/heads/main"
PROD = "repo:contoso/payments-api:environment:Production"
AKS = aks_claims()["iss"]
MOMENT = datetime.fromtimestamp(NOW, UTC)


def _walk(
    token: str | None, credentials: tuple[FederatedCredential, ...], error: str | None = None
) -> Diagnosis:
    request = WalkRequest(
        "diagnose",
        token_text=token,
        evidence=parse_error_text(error) if error else None,
        credentials=credentials,
        clock=lambda: MOMENT,
    )
    return run_offline(offline_steps(), WalkContext.start(request))


def _load(items: list[dict[str, Any]]) -> tuple[FederatedCredential, ...]:
    return tuple(load_credentials(json.dumps(items)))


def _fixed_by_every_remedy(
    token: str | None, credentials: tuple[FederatedCredential, ...], error: str | None = None
) -> list[str]:
    """Apply each remedy in turn and re-run: a credential then matches. The remedies' actions."""
    diagnosis = _walk(token, credentials, error)
    remedies = [f.remedy for f in diagnosis.findings if f.remedy is not None]
    assert remedies, [f.id for f in diagnosis.findings]
    for remedy in remedies:
        after = _walk(token, tuple(remedy.apply(credentials)), error)
        assert any(m.matches is True or (m.consistent and error) for m in after.matches), remedy
        assert not any(
            f.id.startswith(("subject-", "issuer-", "audience-")) and f.severity == "error"
            for f in after.findings
        ), [f.id for f in after.findings]
    return [remedy.action for remedy in remedies]


SCENARIOS = [
    # (name, token claims, credentials, the action the remedy must take)
    ("entity", github_claims(sub=PROD), [fic("main", GH, MAIN)], "add-credential"),
    (
        "case",
        github_claims(sub=MAIN.replace("contoso", "Contoso")),
        [fic("main", GH, MAIN)],
        "update-credential",
    ),
    ("slash", github_claims(), [fic("main", GH + "/", MAIN)], "update-credential"),
    (
        "typo",
        github_claims(sub="repo:contoso/payments-api:pull_request"),
        [fic("pr", GH, "repo:contoso/payments-api:pull-request")],
        "update-credential",
    ),
    (
        "other-branch",
        github_claims(sub="repo:contoso/payments-api:ref:refs/heads/release"),
        [fic("main", GH, MAIN)],
        "add-credential",
    ),
    (
        "audience",
        github_claims(aud="https://github.com/contoso"),
        [fic("main", GH, MAIN)],
        "update-credential",
    ),
    (
        "controller",
        aks_claims(sub="system:serviceaccount:keda:keda-operator"),
        [fic("app", AKS, "system:serviceaccount:payments:payments-api")],
        "add-credential",
    ),
    ("other-issuer", aks_claims(), [fic("main", GH, MAIN)], "add-credential"),
    (
        "other-namespace",
        aks_claims(sub="system:serviceaccount:billing:payments-api"),
        [fic("app", AKS, "system:serviceaccount:payments:payments-api")],
        "add-credential",
    ),
]


@pytest.mark.parametrize(
    ("claims", "credentials", "action"),
    [pytest.param(c, f, a, id=n) for n, c, f, a in SCENARIOS],
)
def test_remedy_makes_the_token_match(
    claims: dict[str, Any], credentials: list[dict[str, Any]], action: str
) -> None:
    actions = _fixed_by_every_remedy(mint(claims), _load(credentials))
    assert set(actions) == {action}


def test_adding_leaves_the_other_jobs_credential_alone() -> None:
    credentials = _load([fic("main", GH, MAIN)])
    diagnosis = _walk(mint(github_claims(sub=PROD)), credentials)
    finding = diagnosis.findings[0]
    assert finding.remedy is not None and finding.remedy.action == "add-credential"
    applied = finding.remedy.apply(credentials)
    assert applied[0] == credentials[0]
    assert applied[1].subject == PROD and applied[1].issuer == GH
    assert applied[1].audiences == ("api://AzureADTokenExchange",)


def test_remedy_in_json_and_as_the_az_command() -> None:
    diagnosis = _walk(mint(github_claims(sub=PROD)), _load([fic("main", GH, MAIN)]))
    data = diagnosis_to_dict(diagnosis)
    remedy = data["findings"][0]["remedy"]
    assert remedy["action"] == "add-credential" and remedy["credential"] is None
    assert remedy["set"]["subject"] == PROD and remedy["set"]["audiences"] == [
        "api://AzureADTokenExchange"
    ]
    assert all("remedy" in finding for finding in data["findings"])
    finding = diagnosis.findings[0]
    command = next(item.text for item in finding.copy if item.label == "az command")
    assert command.startswith("az ad app federated-credential create --id ")
    assert json.loads(command.split("--parameters ", 1)[1].strip("'"))["subject"] == PROD
    assert any(command in step for step in finding.fix)


def test_update_names_the_credential_and_only_what_changes() -> None:
    credentials = _load([fic("main", GH + "/", MAIN)])
    finding = _walk(mint(github_claims()), credentials).findings[0]
    assert finding.remedy is not None
    assert finding.remedy.as_dict() == {
        "action": "update-credential",
        "credential": "main",
        "set": {"issuer": GH},
    }
    assert "--federated-credential-id main" in finding.remedy.command()


def test_managed_identity_gets_the_az_identity_command() -> None:
    arm = {
        "id": "/subscriptions/0000/resourceGroups/rg-pay/providers/Microsoft.ManagedIdentity/"
        "userAssignedIdentities/id-pay/federatedIdentityCredentials/main",
        "name": "main",
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        "properties": {"issuer": GH, "subject": MAIN, "audiences": ["api://AzureADTokenExchange"]},
    }
    finding = _walk(mint(github_claims(sub=PROD)), _load([arm])).findings[0]
    assert finding.remedy is not None
    command = finding.remedy.command()
    assert command.startswith("az identity federated-credential create --name ")
    assert "--identity-name id-pay --resource-group rg-pay" in command
    assert f"--subject {PROD}" in command


def test_quoted_values_get_a_remedy_that_makes_them_match() -> None:
    error = (
        "AADSTS70021: No matching federated identity record found for presented assertion. "
        f"Assertion Issuer: '{GH}'. Assertion Subject: '{PROD}'. Assertion Audience: "
        "'api://AzureADTokenExchange'."
    )
    assert _fixed_by_every_remedy(None, _load([fic("main", GH, MAIN)]), error) == ["add-credential"]


@pytest.mark.parametrize(
    "case", CASES_WITH_TOKEN_AND_CREDENTIALS, ids=[c.name for c in CASES_WITH_TOKEN_AND_CREDENTIALS]
)
def test_corpus_remedies_make_the_token_match(case: Any) -> None:
    request = case_request(case)
    diagnosis = run_offline(offline_steps(), WalkContext.start(request))
    assert request.credentials is not None
    for finding in diagnosis.findings:
        if finding.remedy is None:
            continue
        fixed = WalkRequest(
            "diagnose",
            token_text=request.token_text,
            evidence=request.evidence,
            credentials=tuple(finding.remedy.apply(request.credentials)),
            clock=request.clock,
            at=request.at,
        )
        after = run_offline(offline_steps(), WalkContext.start(fixed))
        assert any(m.matches is True for m in after.matches), (finding.id, finding.remedy)
