"""Issuers that are the same but for their form (letter case, whitespace) and the two Azure
DevOps issuer generations: the same first finding from a token and from the error that quotes
its issuer, and a remedy that corrects the same credential and makes the token match."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.minting import aks_claims, fic, github_claims, mint
from tests.walk import walk
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.diagnosis import Diagnosis

GH = "https://token.actions.githubusercontent.com"
MAIN = "repo:contoso/payments-api:ref:refs/heads/main"
AKS = aks_claims()["iss"]
AKS_SUB = aks_claims()["sub"]
TENANT = "3c7d2a41-8f0e-4b6a-9d15-2e6f0a8b4c97"
ADO_ENTRA = f"https://login.microsoftonline.com/{TENANT}/v2.0"
ADO_VSTOKEN = "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b"
ADO_SC = "sc://contoso/Payments/payments-prod"
ADO_EID = (
    "/eid1/c/pub/t/QSp9PA6Pak6dFS5vCotMlw/a/k3Rb2xwYtE6pLq8ZfJd0nA/sc/"
    "a6f1c2d3-4e5b-4a69-8b7c-0d1e2f3a4b5c/7b2e9c10-41d6-47a7-b105-81fb42da4b30"
)


def _issuer_only(issuer: str) -> str:
    return (
        "ERROR: AADSTS700211: No matching federated identity record found for presented "
        f"assertion issuer '{issuer}'. Check your federated identity credential Subject, "
        "Audience and Issuer against the presented assertion."
    )


def _combined(issuer: str, subject: str) -> str:
    return (
        "AADSTS70021: No matching federated identity record found for presented assertion. "
        f"Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: "
        "'api://AzureADTokenExchange'."
    )


def _ado_claims(iss: str, sub: str) -> dict[str, Any]:
    return github_claims(iss=iss, sub=sub, aud="api://AzureADTokenExchange")


def _first(diagnosis: Diagnosis) -> str:
    return diagnosis.findings[0].id


def _matches_after_remedy(
    diagnosis: Diagnosis, credentials: list[dict[str, Any]], **inputs: str
) -> Diagnosis:
    finding = diagnosis.findings[0]
    assert finding.remedy is not None, finding.id
    loaded = tuple(load_credentials(json.dumps(credentials)))
    fixed = [
        {"name": c.name, "issuer": c.issuer, "subject": c.subject, "audiences": list(c.audiences)}
        for c in finding.remedy.apply(loaded)
    ]
    return walk(credentials=fixed, **inputs)


# (name, the token's claims, the credential as it was made, the first finding, the action)
DEFECTS: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    (
        "carriage return kept from az -o tsv in WSL",
        aks_claims(),
        fic("payments", AKS + "\r", AKS_SUB),
        "issuer-whitespace",
        "update-credential",
    ),
    (
        "trailing space pasted from the portal",
        github_claims(),
        fic("main", GH + " ", MAIN),
        "issuer-whitespace",
        "update-credential",
    ),
    (
        "upper-case GUIDs in an AKS issuer",
        aks_claims(),
        fic("payments", AKS.replace("3b4c2a1d-5e6f", "3B4C2A1D-5E6F"), AKS_SUB),
        "issuer-case-mismatch",
        "update-credential",
    ),
    (
        "enterprise slug typed with capitals",
        github_claims(iss=GH + "/contoso-ent"),
        fic("main", GH + "/Contoso-Ent", MAIN),
        "issuer-case-mismatch",
        "update-credential",
    ),
    (
        "new service connection, credential made by hand with the vstoken issuer",
        _ado_claims(ADO_ENTRA, ADO_EID),
        fic("payments-prod", ADO_VSTOKEN, ADO_SC),
        "issuer-azure-devops-migration",
        "update-credential",
    ),
    (
        "connection on the vstoken issuer, credential with the Entra issuer",
        _ado_claims(ADO_VSTOKEN, ADO_SC),
        fic("payments-prod", ADO_ENTRA, ADO_EID),
        "issuer-azure-devops-migration",
        "update-credential",
    ),
]


@pytest.mark.parametrize(
    ("claims", "credential", "expected", "action"),
    [pytest.param(c, f, e, a, id=n) for n, c, f, e, a in DEFECTS],
)
def test_a_token_gets_the_precise_issuer_finding_first_and_its_fix(
    claims: dict[str, Any], credential: dict[str, Any], expected: str, action: str
) -> None:
    token = mint(claims)
    diagnosis = walk(token=token, credentials=[credential])
    assert _first(diagnosis) == expected, [f.id for f in diagnosis.findings]
    assert "issuer-mismatch" not in {f.id for f in diagnosis.findings}
    remedy = diagnosis.findings[0].remedy
    assert remedy is not None and remedy.action == action
    assert remedy.credential == credential["name"]  # the same credential, corrected
    after = _matches_after_remedy(diagnosis, [credential], token=token)
    assert any(m.matches is True for m in after.matches)


@pytest.mark.parametrize(
    ("claims", "credential", "expected", "action"),
    [pytest.param(c, f, e, a, id=n) for n, c, f, e, a in DEFECTS],
)
def test_the_combined_answer_quoting_the_same_values_concludes_the_same(
    claims: dict[str, Any], credential: dict[str, Any], expected: str, action: str
) -> None:
    error = _combined(claims["iss"], claims["sub"])
    diagnosis = walk(error=error, credentials=[credential])
    found = [f.id for f in diagnosis.findings]
    assert found[0] == expected, found
    # AADSTS70021 names no field; the precise finding explains it, the generic guess goes.
    assert "subject-mismatch" not in found and "issuer-mismatch" not in found
    after = _matches_after_remedy(diagnosis, [credential], error=error)
    assert any(m.consistent for m in after.matches)


@pytest.mark.parametrize(
    ("credential_issuer", "token_issuer", "expected"),
    [
        (GH + "/Contoso-Ent", GH + "/contoso-ent", "issuer-case-mismatch"),
        (AKS + "\r", AKS, "issuer-whitespace"),
        (ADO_VSTOKEN, ADO_ENTRA, "issuer-azure-devops-migration"),
    ],
    ids=["case", "carriage-return", "ado-generations"],
)
def test_an_error_quoting_only_the_issuer_concludes_what_the_token_does(
    credential_issuer: str, token_issuer: str, expected: str
) -> None:
    credentials = [fic("deploy", credential_issuer, MAIN)]
    from_text = walk(error=_issuer_only(token_issuer), credentials=credentials)
    from_token = walk(token=mint(github_claims(iss=token_issuer)), credentials=credentials)
    assert _first(from_text) == _first(from_token) == expected


def test_an_issuer_defect_of_form_is_corrected_from_the_quoted_issuer_alone() -> None:
    credentials = [fic("deploy", GH + "/Contoso-Ent", MAIN)]
    error = _issuer_only(GH + "/contoso-ent")
    diagnosis = walk(error=error, credentials=credentials)
    remedy = diagnosis.findings[0].remedy
    assert remedy is not None
    assert remedy.as_dict() == {
        "action": "update-credential",
        "credential": "deploy",
        "set": {"issuer": GH + "/contoso-ent"},
    }
    after = _matches_after_remedy(diagnosis, credentials, error=error)
    assert any(m.consistent for m in after.matches)


@pytest.mark.parametrize("source", ["token", "quoted"])
def test_a_token_issuer_with_whitespace_is_fixed_on_the_platform_not_in_a_credential(
    source: str,
) -> None:
    credentials = [fic("main", GH, MAIN)]
    if source == "token":
        diagnosis = walk(token=mint(github_claims(iss=GH + " ")), credentials=credentials)
    else:
        diagnosis = walk(error=_combined(GH + " ", MAIN), credentials=credentials)
    assert _first(diagnosis) == "issuer-whitespace"
    assert "platform" in " ".join(diagnosis.findings[0].fix)
    # No remedy writes an issuer Entra can never match into a credential.
    for finding in diagnosis.findings:
        if finding.remedy is not None:
            issuer = finding.remedy.set.get("issuer")
            assert not isinstance(issuer, str) or issuer == issuer.strip(), finding.id


def test_a_credential_with_whitespace_gets_its_remedy_without_a_token() -> None:
    credentials = [fic("payments", AKS + "\r", AKS_SUB)]
    diagnosis = walk(credentials=credentials)
    finding = diagnosis.findings[0]
    assert finding.id == "issuer-whitespace" and finding.remedy is not None
    assert finding.remedy.as_dict()["set"] == {"issuer": AKS}
    assert "--federated-credential-id payments" in finding.remedy.command()


@pytest.mark.parametrize(
    ("left_behind", "told"),
    [("\r", "tr -d '\\r'"), ("\n", "heredoc"), ("  ", None)],
    ids=["carriage-return", "newline", "spaces"],
)
def test_the_whitespace_finding_says_where_such_whitespace_comes_from(
    left_behind: str, told: str | None
) -> None:
    diagnosis = walk(credentials=[fic("payments", AKS + left_behind, AKS_SUB)])
    finding = diagnosis.findings[0]
    assert finding.id == "issuer-whitespace"
    if told is None:
        assert "WSL" not in finding.explanation and "heredoc" not in finding.explanation
    else:
        assert told in finding.explanation


def test_an_entra_issuer_quoted_in_a_pipeline_log_is_the_service_connections() -> None:
    quoted = _issuer_only(ADO_ENTRA)
    pipeline = walk(error="##[error]Script failed with error: " + quoted)
    finding = pipeline.findings[0]
    assert finding.id == "issuer-mismatch"
    assert "Azure DevOps service connection" in finding.explanation
    assert "https://vstoken.dev.azure.com/<org id>" in finding.explanation
    assert any("Subject identifier" in step for step in finding.fix)
    assert not any("managed identity as a federated credential" in s for s in finding.fix)
    # Outside a pipeline the same issuer is a managed identity's, as before.
    elsewhere = walk(error=quoted).findings[0]
    assert "(Entra managed identity)" in elsewhere.explanation
    assert "In an Azure Pipelines log" not in elsewhere.explanation
