"""One assertion: a value quoted in an error gets exactly the findings the same value gets in a
token (issue 6), rule by rule. Token-only rules (structure, header, times) are left out."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.minting import aks_claims, fic, github_claims, mint
from tests.walk import walk
from wifdoctor.core.diagnosis import Diagnosis

GH = "https://token.actions.githubusercontent.com"
AKS = aks_claims()["iss"]
TOKEN_ONLY = {"token-empty-or-malformed", "signing-key-not-published", "algorithm-unsupported"}


def _quoted(issuer: str, subject: str, audience: str) -> str:
    return (
        "AADSTS70021: No matching federated identity record found for presented assertion. "
        f"Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: "
        f"'{audience}'."
    )


def _block(issuer: str, subject: str, audience: str) -> str:
    return (
        "Using OIDC authentication...\nFederated token details:\n"
        f" issuer - {issuer}\n subject claim - {subject}\n audience - {audience}\n"
        "Error: Login failed with Error: AADSTS70021: No matching federated identity record."
    )


def _decoded(issuer: str, subject: str, audience: str) -> str:
    """The token's payload as jwt.ms shows it, pasted under the failing step's last line."""
    payload = {"aud": audience, "exp": 1700000300, "iat": 1700000000, "iss": issuer, "sub": subject}
    return "Error: Login failed.\nHere is my decoded token:\n" + json.dumps(payload, indent=2)


def _assertion_findings(diagnosis: Diagnosis) -> set[str]:
    """What the decode step concluded about the assertion's values (token-only rules aside)."""
    decode = next(step for step in diagnosis.steps if step.id == "decode")
    return {f.id for f in decode.findings} - TOKEN_ONLY


RULES: list[tuple[str, dict[str, Any], str]] = [
    # (what the rule is about, the token's claims, the finding it must give either way)
    (
        "in-cluster issuer",
        aks_claims(iss="https://kubernetes.default.svc.cluster.local"),
        "issuer-not-public",
    ),
    ("private address issuer", aks_claims(iss="https://10.0.0.4/oidc"), "issuer-not-public"),
    (
        "GHES issuer",
        github_claims(iss="https://github.contoso.com/_services/token"),
        "issuer-not-public",
    ),
    ("issuer with whitespace", github_claims(iss=GH + " "), "issuer-whitespace"),
    (
        "controller service account",
        aks_claims(sub="system:serviceaccount:keda:keda-operator"),
        "subject-controller-account",
    ),
    (
        "GitHub default audience",
        github_claims(aud="https://github.com/contoso"),
        "audience-mismatch",
    ),
    (
        "another cloud's audience",
        github_claims(aud="api://AzureADTokenExchangeUSGov"),
        "audience-mismatch",
    ),
]


@pytest.mark.parametrize(("claims", "expected"), [pytest.param(c, e, id=n) for n, c, e in RULES])
@pytest.mark.parametrize(
    "shape", [_quoted, _block, _decoded], ids=["entra-quote", "azure-login-block", "decoded-claims"]
)
def test_quoted_values_get_the_findings_a_token_gets(
    claims: dict[str, Any], expected: str, shape: Any
) -> None:
    aud = claims["aud"][0] if isinstance(claims["aud"], list) else claims["aud"]
    from_token = _assertion_findings(walk(token=mint(claims)))
    from_text = _assertion_findings(walk(error=shape(claims["iss"], claims["sub"], aud)))
    assert expected in from_token
    assert from_text == from_token


@pytest.mark.parametrize(
    ("claims", "credentials"),
    [
        pytest.param(
            github_claims(sub="repo:contoso/payments-api:environment:Production"),
            [fic("main", GH, "repo:contoso/payments-api:ref:refs/heads/main")],
            id="entity",
        ),
        pytest.param(github_claims(), [fic("main", GH + "/", github_claims()["sub"])], id="slash"),
        pytest.param(
            aks_claims(sub="system:serviceaccount:keda:keda-operator"),
            [fic("app", AKS, "system:serviceaccount:payments:payments-api")],
            id="controller",
        ),
    ],
)
def test_matching_quoted_values_concludes_as_the_token_does(
    claims: dict[str, Any], credentials: list[dict[str, Any]]
) -> None:
    aud = claims["aud"][0] if isinstance(claims["aud"], list) else claims["aud"]
    text = _quoted(claims["iss"], claims["sub"], aud)
    with_token = walk(token=mint(claims), credentials=credentials)
    with_text = walk(error=text, credentials=credentials)
    errors = [f.id for f in with_token.findings if f.severity == "error"]
    quoted_errors = [f.id for f in with_text.findings if f.severity == "error"]
    assert errors and quoted_errors and quoted_errors[0] == errors[0]


def test_an_unknown_controller_like_account_is_probably_a_controller() -> None:
    claims = aks_claims(sub="system:serviceaccount:acme-system:acme-controller-manager")
    finding = walk(token=mint(claims)).finding("subject-controller-account")
    assert finding is not None and finding.severity == "warning"
    assert "Probably" in finding.title
    assert walk(token=mint(aks_claims())).finding("subject-controller-account") is None
