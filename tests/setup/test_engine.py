"""The setup engine: for each platform, the credential it proposes is the one Entra matches with
that platform's real token shape (lab-minted), traps included; bad input is refused as typed."""

from __future__ import annotations

import pytest

from tests.setup.lab_tokens import AKS_ISSUER, TENANT, lab_claims, matches
from wifdoctor.core.setup.engine import propose, propose_from_token
from wifdoctor.core.setup.model import SetupInputError, Target
from wifdoctor.knowledge.fic_rules import SAFE_NAME

APP = Target(kind="application", client_id="3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c")
ORG_ID = "5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59"
CONNECTION_ID = "9d2f3e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6"

CASES = [
    # (id, platform, inputs, lab platform, token context)
    (
        "github-branch-with-slash",
        "github-actions",
        {"repo": "Contoso/payments-api", "entity": "branch", "value": "feature/new-login"},
        "github-actions",
        {"owner": "Contoso", "repo": "payments-api", "ref": "refs/heads/feature/new-login"},
    ),
    (
        "github-tag",
        "github-actions",
        {"repo": "contoso/payments-api", "entity": "tag", "value": "v1.4.0"},
        "github-actions",
        {"ref": "refs/tags/v1.4.0"},
    ),
    (
        "github-pull-request",
        "github-actions",
        {"repo": "contoso/payments-api", "entity": "pull_request"},
        "github-actions",
        {"event_name": "pull_request", "ref": "refs/pull/7/merge"},
    ),
    (
        "github-environment-wins-on-pull-request",
        "github-actions",
        {"repo": "contoso/payments-api", "entity": "environment", "value": "Production"},
        "github-actions",
        {"event_name": "pull_request", "environment": "Production"},
    ),
    (
        "azure-devops-vstoken",
        "azure-devops",
        {
            "generation": "vstoken",
            "organization_id": ORG_ID,
            "organization": "contoso",
            "project": "payments",
            "service_connection": "payments-prod",
        },
        "azure-devops",
        {"org": "contoso", "project": "payments", "service_connection": "payments-prod"},
    ),
    (
        "azure-devops-entra-issuer",
        "azure-devops",
        {"organization_id": ORG_ID, "tenant_id": TENANT, "service_connection_id": CONNECTION_ID},
        "azure-devops-entra",
        {"tenant_id": TENANT, "org_id": ORG_ID, "service_connection_id": CONNECTION_ID},
    ),
    (
        "aks-trailing-slash",
        "kubernetes",
        {"issuer": AKS_ISSUER, "namespace": "payments", "service_account": "workload-sa"},
        "kubernetes",
        {"namespace": "payments", "service_account": "workload-sa"},
    ),
    (
        "gitlab-subgroup-short-ref",
        "gitlab",
        {"project_path": "contoso/platform/payments", "ref": "main"},
        "gitlab",
        {"project_path": "contoso/platform/payments", "ref": "main"},
    ),
    (
        "gitlab-tag",
        "gitlab",
        {"project_path": "contoso/payments", "ref_type": "tag", "ref": "v2.0.0"},
        "gitlab",
        {"project_path": "contoso/payments", "ref_type": "tag", "ref": "v2.0.0"},
    ),
]


@pytest.mark.parametrize(
    ("platform", "inputs", "lab_platform", "context"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_proposed_credential_matches_the_platforms_token(
    platform: str, inputs: dict[str, str], lab_platform: str, context: dict[str, str]
) -> None:
    proposal = propose(platform, inputs, APP)  # type: ignore[arg-type]
    claims = lab_claims(lab_platform, context)
    assert [matches(claims, c.as_fic()) for c in proposal.credentials] == [True]
    credential = proposal.credential
    assert SAFE_NAME.fullmatch(credential.name)
    assert {why.field for why in credential.whys} >= {"issuer", "subject", "audience", "name"}


def test_terraform_makes_one_credential_per_run_phase() -> None:
    proposal = propose(
        "terraform-cloud",
        {"organization": "contoso", "project": "platform", "workspace": "payments-prod"},
        APP,
    )
    context = {"organization": "contoso", "project": "platform", "workspace": "payments-prod"}
    for phase in ("plan", "apply"):
        claims = lab_claims("terraform-cloud", {**context, "run_phase": phase})
        found = [c.name for c in proposal.credentials if matches(claims, c.as_fic())]
        assert len(found) == 1, phase
    assert len({c.name for c in proposal.credentials}) == 2


def test_terraform_default_project_has_its_space() -> None:
    proposal = propose("terraform-cloud", {"organization": "o", "workspace": "w"}, APP)
    assert proposal.credential.subject == (
        "organization:o:project:Default Project:workspace:w:run_phase:plan"
    )


def test_flexible_terraform_expression_matches_both_phases() -> None:
    proposal = propose(
        "terraform-cloud", {"organization": "contoso", "workspace": "ws"}, APP, flexible=True
    )
    assert len(proposal.credentials) == 1
    context = {"organization": "contoso", "project": "Default Project", "workspace": "ws"}
    for phase in ("plan", "apply"):
        claims = lab_claims("terraform-cloud", {**context, "run_phase": phase})
        assert matches(claims, proposal.credential.as_fic()) is True


def test_immutable_ids_make_the_immutable_subject_and_name_the_legacy_one() -> None:
    proposal = propose(
        "github-actions",
        {
            "repo": "contoso/payments-api",
            "entity": "branch",
            "value": "main",
            "owner_id": "6844498",
            "repo_id": "117169328",
        },
        APP,
    )
    # The subject GitHub documents for an immutable-subject repository (changelog 2026-04-23).
    claims = lab_claims(
        "github-actions",
        {},
        {"sub": "repo:contoso@6844498/payments-api@117169328:ref:refs/heads/main"},
    )
    assert matches(claims, proposal.credential.as_fic()) is True
    other = next(w for w in proposal.warnings if w.id == "other-subject-form")
    assert other.alternative_subject == "repo:contoso/payments-api:ref:refs/heads/main"


def test_custom_template_from_a_pasted_customization_answer() -> None:
    pasted = '{"use_default": false, "include_claim_keys": ["repository_owner_id", ' + (
        '"repository_id", "context"]}'
    )
    proposal = propose(
        "github-actions",
        {
            "repo": "contoso/payments-api",
            "entity": "branch",
            "value": "main",
            "claim_keys": pasted,
            "repository_owner_id": "6844498",
            "repository_id": "117169328",
        },
        APP,
    )
    # The lab's custom-template scenario token (the shape of Azure/azure-dev#8680).
    claims = lab_claims(
        "github-actions",
        {},
        {"sub": "repository_owner_id:6844498:repository_id:117169328:ref:refs/heads/main"},
    )
    assert matches(claims, proposal.credential.as_fic()) is True


def test_enterprise_issuer_carries_the_slug() -> None:
    proposal = propose(
        "github-actions",
        {"repo": "contoso/app", "entity": "branch", "value": "main", "enterprise": "contoso-ent"},
        APP,
    )
    assert proposal.credential.issuer == "https://token.actions.githubusercontent.com/contoso-ent"


@pytest.mark.parametrize(
    ("platform", "inputs", "field", "words"),
    [
        (
            "github-actions",
            {"repo": "https://github.com/contoso/app", "value": "main"},
            "repo",
            "not the repository's URL",
        ),
        (
            "github-actions",
            {"repo": "contoso/app", "entity": "pull-request"},
            "entity",
            "pull_request",
        ),
        (
            "github-actions",
            {"repo": "contoso/app", "entity": "tag", "value": "refs/tag/v1"},
            "value",
            "refs/tags/",
        ),
        (
            "github-actions",
            {"repo": "contoso/app", "entity": "branch", "value": "main "},
            "value",
            "whitespace",
        ),
        (
            "github-actions",
            {"repo": "contoso/app", "entity": "branch", "value": "release/*"},
            "value",
            "flexible",
        ),
        (
            "github-actions",
            {"repo": "contoso/app", "value": "main", "owner_id": "12"},
            "repo_id",
            "both",
        ),
        (
            "kubernetes",
            {"issuer": AKS_ISSUER.rstrip("/"), "namespace": "p", "service_account": "s"},
            "issuer",
            "end with '/'",
        ),
        (
            "kubernetes",
            {"issuer": AKS_ISSUER, "namespace": "Payments", "service_account": "s"},
            "namespace",
            "lower-case",
        ),
        ("gitlab", {"project_path": "contoso/app", "ref": "refs/heads/main"}, "ref", "short name"),
        (
            "gitlab",
            {"issuer": "https://gitlab.com/", "project_path": "a/b", "ref": "main"},
            "issuer",
            "trailing",
        ),
        (
            "terraform-cloud",
            {"organization": "o", "workspace": "w", "run_phase": "deploy"},
            "run_phase",
            "plan",
        ),
        ("azure-devops", {"organization_id": "not-a-guid"}, "organization_id", "GUID"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_the_fix(
    platform: str, inputs: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(SetupInputError) as caught:
        propose(platform, inputs, APP)  # type: ignore[arg-type]
    messages = dict(caught.value.problems)
    assert field in messages
    assert words in messages[field]


def test_a_name_entra_would_refuse_is_replaced_by_a_safe_one() -> None:
    typed = propose(
        "github-actions",
        {"repo": "contoso/my.app", "value": "feature/x", "name": "my.app/feature/x"},
        APP,
    )
    assert SAFE_NAME.fullmatch(typed.credential.name)
    warning = next(w for w in typed.warnings if w.id == "name-refused")
    assert "'my.app/feature/x'" in warning.message and typed.credential.name in warning.message
    proposal = propose("github-actions", {"repo": "contoso/my.app", "value": "feature/x"}, APP)
    name = proposal.credential.name
    assert SAFE_NAME.fullmatch(name)
    assert "/" not in name and "." not in name and "%" not in name
    twin = propose("github-actions", {"repo": "contoso/my-app", "value": "feature-x"}, APP)
    assert twin.credential.name != name  # a hash keeps feature/x and feature-x apart


def test_long_inputs_make_a_name_within_the_limit() -> None:
    proposal = propose("github-actions", {"repo": "contoso/" + "r" * 100, "value": "b" * 200}, APP)
    assert SAFE_NAME.fullmatch(proposal.credential.name)


def test_pull_request_is_flagged_as_broad() -> None:
    proposal = propose("github-actions", {"repo": "contoso/app", "entity": "pull_request"}, APP)
    assert "too-broad" in {w.id for w in proposal.warnings}


def test_usgov_cloud_uses_its_audience() -> None:
    target = Target(
        kind="application", client_id="3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c", cloud="usgov"
    )
    proposal = propose("github-actions", {"repo": "contoso/app", "value": "main"}, target)
    assert proposal.credential.audience == "api://AzureADTokenExchangeUSGov"


@pytest.mark.parametrize(
    ("lab_platform", "context", "overrides"),
    [
        ("github-actions", {"environment": "Prod"}, {}),
        ("github-actions", {"ref": "refs/tags/v1"}, {}),
        ("github-actions", {}, {"sub": "repo:contoso@6844498/payments-api@117169328:pull_request"}),
        ("azure-devops", {}, {}),
        ("azure-devops-entra", {"tenant_id": TENANT}, {}),
        ("kubernetes", {"namespace": "ops", "service_account": "runner"}, {}),
        ("gitlab", {"ref": "release-1"}, {}),
        ("terraform-cloud", {"run_phase": "plan"}, {}),
    ],
)
def test_from_token_the_credential_matches_that_token(
    lab_platform: str, context: dict[str, str], overrides: dict[str, str]
) -> None:
    claims = lab_claims(lab_platform, context, overrides)
    proposal = propose_from_token(claims, APP)
    assert matches(claims, proposal.credential.as_fic()) is True
    assert proposal.from_token


def test_from_a_terraform_token_both_phases_are_proposed() -> None:
    claims = lab_claims("terraform-cloud", {"run_phase": "plan"})
    proposal = propose_from_token(claims, APP)
    assert [c.subject.rsplit(":", 1)[1] for c in proposal.credentials if c.subject] == [
        "plan",
        "apply",
    ]


def test_from_a_github_token_names_the_other_subject_form() -> None:
    claims = lab_claims("github-actions", {"ref": "refs/heads/main"})
    proposal = propose_from_token(claims, APP)
    other = next(w for w in proposal.warnings if w.id == "other-subject-form")
    assert other.alternative_subject == (
        "repo:contoso@6844498/payments-api@117169328:ref:refs/heads/main"
    )


def test_from_a_token_with_the_default_audience_warns_about_it() -> None:
    claims = lab_claims("github-actions", {"audience": "https://github.com/contoso"})
    proposal = propose_from_token(claims, APP)
    warning = next(w for w in proposal.warnings if w.id == "token-audience")
    assert "https://github.com/contoso" in warning.message
    assert proposal.credential.audience == "api://AzureADTokenExchange"


def test_from_a_token_without_sub_is_refused() -> None:
    with pytest.raises(SetupInputError):
        propose_from_token({"iss": "https://gitlab.com"}, APP)


def test_an_in_cluster_issuer_is_flagged_as_unreachable_for_entra() -> None:
    proposal = propose(
        "kubernetes",
        {
            "issuer": "https://kubernetes.default.svc.cluster.local",
            "namespace": "a",
            "service_account": "b",
        },
        APP,
    )
    assert [w.severity for w in proposal.warnings if w.id == "issuer-unreachable"] == ["error"]


def test_the_azure_devops_entra_issuer_names_the_multi_tenant_limit() -> None:
    proposal = propose(
        "azure-devops",
        {"organization_id": ORG_ID, "tenant_id": TENANT, "service_connection_id": CONNECTION_ID},
        APP,
    )
    assert any("AADSTS70052" in w.message for w in proposal.warnings)
