"""Findings of matching a token against federated credentials: each with a close input that
must not produce it."""

from __future__ import annotations

from typing import Any

from tests.minting import NOW, aks_claims, fic, github_claims, mint
from tests.walk import ids, walk

GH = "https://token.actions.githubusercontent.com"
SUB = "repo:contoso/payments-api:ref:refs/heads/main"
AKS = aks_claims()["iss"]
ADO_VSTOKEN = "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b"
TENANT = "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
ADO_ENTRA = f"https://login.microsoftonline.com/{TENANT}/v2.0"
ADO_ENTRA_SUB = (
    "/eid1/c/pub/t/HSpMO29ei0qcDR4vOktcbQ/a/rISbSSETf0KqFyZ8ppdXmA/sc/"
    "6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b/a7e2c9d4-1b3f-4d6a-8e5c-2f7b9a0c4d6e"
)


def gh(**claims: Any) -> str:
    return mint(github_claims(**claims))


def found(token: str, *credentials: dict[str, Any]) -> set[str]:
    return ids(walk(token=token, credentials=list(credentials)))


def test_exact_match_says_configuration_matches() -> None:
    diagnosis = walk(token=gh(), credentials=[fic("main", GH, SUB)])
    assert ids(diagnosis) == {"configuration-matches"}
    assert diagnosis.exit_code == 0
    assert "configuration-matches" not in found(gh(), fic("main", GH, SUB + "x"))


def test_issuer_trailing_slash() -> None:
    assert "issuer-trailing-slash" in found(gh(), fic("main", GH + "/", SUB))
    assert "issuer-trailing-slash" not in found(gh(), fic("main", GH, SUB))


def test_aks_issuer_without_its_slash() -> None:
    token = mint(aks_claims())
    credential = fic("aks", AKS.rstrip("/"), "system:serviceaccount:payments:payments-api")
    diagnosis = walk(token=token, credentials=[credential])
    finding = diagnosis.finding("issuer-trailing-slash")
    assert finding is not None and "AKS" in finding.explanation
    assert finding.copy[0].text == AKS


def test_issuer_case() -> None:
    upper = "https://Token.Actions.GitHubUserContent.com"
    assert "issuer-case-mismatch" in found(gh(), fic("main", upper, SUB))
    assert "issuer-case-mismatch" not in found(gh(), fic("main", GH + "/", SUB))


def test_issuer_whitespace_on_the_credential() -> None:
    assert "issuer-whitespace" in found(gh(), fic("main", GH + " ", SUB))
    assert "issuer-whitespace" not in found(gh(), fic("main", GH, SUB))


def test_issuer_mismatch() -> None:
    assert "issuer-mismatch" in found(gh(), fic("gitlab", "https://gitlab.com", SUB))
    assert "issuer-mismatch" not in found(gh(), fic("main", GH + "/", SUB))


def test_issuer_of_another_aks_cluster() -> None:
    other = AKS.replace("8f2e6c1a", "11111111")
    finding = walk(
        token=mint(aks_claims()),
        credentials=[fic("aks", other, "system:serviceaccount:payments:payments-api")],
    ).finding("issuer-mismatch")
    assert finding is not None and "different clusters" in finding.explanation


def test_github_enterprise_issuer() -> None:
    token = gh(iss=GH + "/contoso-ent")
    assert "issuer-github-enterprise" in found(token, fic("main", GH, SUB))
    assert "issuer-github-enterprise" not in found(gh(), fic("main", GH, SUB))


def test_azure_devops_issuer_generations() -> None:
    token = mint(
        {
            "aud": "fb60f99c-7a34-4190-8149-302f77469936",
            "iss": ADO_ENTRA,
            "sub": ADO_ENTRA_SUB,
            "azp": "499b84ac-1321-427f-aa17-267ca6975798",
            "idtyp": "app",
            "tid": TENANT,
            "iat": NOW - 60,
            "nbf": NOW - 60,
            "exp": NOW + 3600,
        }
    )
    old = fic("ado", ADO_VSTOKEN, "sc://contoso/Payments/payments-prod-wif")
    assert "issuer-azure-devops-migration" in found(token, old)
    new = fic("ado", ADO_ENTRA, ADO_ENTRA_SUB)
    assert found(token, new) == {"configuration-matches"}


def test_subject_case() -> None:
    diagnosis = walk(
        token=gh(sub="repo:Contoso/payments-api:ref:refs/heads/main"),
        credentials=[fic("main", GH, SUB)],
    )
    finding = diagnosis.finding("subject-case-mismatch")
    assert finding is not None
    assert "'c' at position 6 should be 'C'" in finding.explanation
    assert "subject-case-mismatch" not in found(gh(), fic("main", GH, SUB))


def test_subject_entity_environment_vs_branch() -> None:
    token = gh(sub="repo:contoso/payments-api:environment:Production", environment="Production")
    diagnosis = walk(token=token, credentials=[fic("main", GH, SUB)])
    finding = diagnosis.finding("subject-entity-mismatch")
    assert finding is not None and "environment: Production" in finding.explanation
    assert finding.copy[0].text == "repo:contoso/payments-api:environment:Production"
    assert "subject-entity-mismatch" not in found(
        gh(sub=SUB.replace("main", "dev")), fic("main", GH, SUB)
    )


def test_subject_entity_pull_request() -> None:
    token = gh(sub="repo:contoso/payments-api:pull_request", event_name="pull_request")
    assert "subject-entity-mismatch" in found(token, fic("main", GH, SUB))


def test_subject_ref_not_covered() -> None:
    token = gh(sub="repo:contoso/payments-api:ref:refs/heads/release/1.2")
    finding = walk(token=token, credentials=[fic("main", GH, SUB)]).finding(
        "subject-ref-not-covered"
    )
    assert finding is not None and "refs/heads/release/1.2" in finding.explanation
    assert "subject-ref-not-covered" not in found(token, fic("rel", GH, token_sub(token)))


def token_sub(token: str) -> str:
    from wifdoctor.core.token import parse_token

    subject = parse_token(token).subject
    assert subject is not None
    return subject


def test_subject_format_typo() -> None:
    token = gh(sub="repo:contoso/payments-api:pull_request")
    typo = fic("pr", GH, "repo:contoso/payments-api:pull-request")
    finding = walk(token=token, credentials=[typo]).finding("subject-format-typo")
    assert finding is not None and "underscore" in finding.explanation
    assert "subject-format-typo" not in found(token, fic("pr", GH, "repo:contoso/other:pr"))


def test_subject_tag_typo() -> None:
    token = gh(sub="repo:contoso/payments-api:ref:refs/tags/v1.0")
    assert "subject-format-typo" in found(
        token, fic("t", GH, "repo:contoso/payments-api:ref:refs/tag/v1.0")
    )


def test_subject_custom_template() -> None:
    token = gh(sub="repository_owner:contoso")
    assert "subject-custom-template" in found(token, fic("main", GH, SUB))
    assert "subject-custom-template" not in found(gh(), fic("main", GH, SUB + "x"))


def test_subject_immutable_ids() -> None:
    token = gh(sub="repo:contoso@1234567/payments-api@7654321:ref:refs/heads/main")
    finding = walk(token=token, credentials=[fic("main", GH, SUB)]).finding("subject-immutable-ids")
    assert finding is not None and "immutable" in finding.explanation
    portal = fic("portal", GH, "repo:contoso@1234567/payments-api@7654321:ref:refs/heads/main")
    reverse = walk(token=gh(), credentials=[portal]).finding("subject-immutable-ids")
    assert reverse is not None and "not opted in" in reverse.explanation
    assert "subject-immutable-ids" not in found(gh(), fic("main", GH, SUB.replace("main", "x")))


def test_subject_renamed_repository() -> None:
    assert "subject-renamed" in found(
        gh(), fic("old", GH, "repo:contoso/payments-service:ref:refs/heads/main")
    )
    assert "subject-renamed" not in found(
        gh(), fic("other", GH, "repo:fabrikam/billing:ref:refs/heads/main")
    )


def test_subject_renamed_kubernetes_namespace() -> None:
    token = mint(aks_claims())
    renamed = fic("aks", AKS, "system:serviceaccount:payments-v2:payments-api")
    finding = walk(token=token, credentials=[renamed]).finding("subject-renamed")
    assert finding is not None and "namespace" in finding.explanation


def test_subject_renamed_ado_service_connection() -> None:
    token = mint(
        {
            "sub": "sc://contoso/Payments/payments-prod-wif",
            "aud": "api://AzureADTokenExchange",
            "iss": ADO_VSTOKEN,
            "iat": NOW - 60,
            "nbf": NOW - 600,
            "exp": NOW + 240,
        }
    )
    assert "subject-renamed" in found(token, fic("a", ADO_VSTOKEN, "sc://contoso/Payments/prod"))


def test_subject_mismatch_for_a_reusable_workflow_repository() -> None:
    token = gh(job_workflow_ref="contoso/platform/.github/workflows/deploy.yml@refs/heads/main")
    callee = fic("callee", GH, "repo:contoso/platform:ref:refs/heads/main")
    finding = walk(token=token, credentials=[callee]).finding("subject-mismatch")
    assert finding is not None and "reusable workflow" in finding.explanation


def test_managed_identity_client_id_used_as_subject() -> None:
    from tests.test_findings_token import MI_ISSUER, mi_claims

    claims = mi_claims()
    wrong = fic("mi-fic", MI_ISSUER, str(claims["azp"]))
    finding = walk(token=mint(claims), credentials=[wrong]).finding("subject-mismatch")
    assert finding is not None and "client ID" in finding.explanation
    right = fic("mi-fic", MI_ISSUER, str(claims["oid"]))
    assert found(mint(claims), right) == {"configuration-matches"}


def test_audience_mismatch() -> None:
    token = gh(aud="https://github.com/contoso")
    finding = walk(token=token, credentials=[fic("main", GH, SUB)]).finding("audience-mismatch")
    assert finding is not None and "default audience" in finding.explanation
    assert "audience-mismatch" not in found(gh(), fic("main", GH, SUB))


def test_flexible_expression_matches() -> None:
    flexible = fic(
        "any-branch",
        GH,
        None,
        claimsMatchingExpression={
            "value": "claims['sub'] matches 'repo:contoso/payments-api:ref:refs/heads/*'",
            "languageVersion": 1,
        },
    )
    assert "configuration-matches" in found(gh(), flexible)


def test_flexible_expression_no_match() -> None:
    flexible = fic(
        "pinned",
        GH,
        None,
        claimsMatchingExpression={
            "value": "claims['sub'] matches 'repo:contoso/payments-api:ref:refs/heads/*' and "
            "claims['job_workflow_ref'] eq "
            "'contoso/platform/.github/workflows/deploy.yml@refs/heads/main'",
            "languageVersion": 1,
        },
    )
    finding = walk(token=gh(), credentials=[flexible]).finding("flexible-expression-no-match")
    assert finding is not None and "job_workflow_ref" in finding.explanation
    token = gh(job_workflow_ref="contoso/platform/.github/workflows/deploy.yml@refs/heads/main")
    assert "flexible-expression-no-match" not in found(token, flexible)


def test_flexible_expression_unsupported() -> None:
    on_ado = fic(
        "x",
        ADO_VSTOKEN,
        None,
        claimsMatchingExpression={
            "value": "claims['sub'] matches 'sc://contoso/*'",
            "languageVersion": 1,
        },
    )
    assert "flexible-expression-unsupported" in found(gh(), on_ado)
    broken = fic("y", GH, None, claimsMatchingExpression={"value": "claims[sub] eq x"})
    assert "flexible-expression-unsupported" in found(gh(), broken)
    fine = fic(
        "z",
        GH,
        None,
        claimsMatchingExpression={"value": "claims['sub'] eq '" + SUB + "'", "languageVersion": 1},
    )
    assert "flexible-expression-unsupported" not in found(gh(), fine)


def test_no_federated_credentials() -> None:
    assert "no-federated-credentials" in ids(walk(token=gh(), credentials=[]))
    assert "no-federated-credentials" not in found(gh(), fic("main", GH, SUB))


def test_credential_invalid_fields() -> None:
    bad_name = fic("-x", GH, SUB)
    assert "credential-invalid-field" in found(gh(), bad_name)
    two_audiences = dict(fic("two", GH, SUB), audiences=["api://AzureADTokenExchange", "x"])
    assert "credential-invalid-field" in found(gh(), two_audiences)
    guid = fic("guid", GH, SUB, audience="fb60f99c-7a34-4190-8149-302f77469936")
    assert "credential-invalid-field" in found(gh(), guid)
    wildcard = fic("wild", GH, "repo:contoso/payments-api:ref:refs/heads/*")
    assert "credential-invalid-field" in found(gh(), wildcard)
    assert "credential-invalid-field" not in found(gh(), fic("main", GH, SUB))


def test_credential_duplicate() -> None:
    assert "credential-duplicate" in found(gh(), fic("a", GH, SUB), fic("b", GH, SUB))
    assert "credential-duplicate" not in found(gh(), fic("a", GH, SUB), fic("b", GH, SUB + "x"))


def test_credential_limit() -> None:
    twenty = [fic(f"c{i:02d}", GH, f"{SUB}{i}") for i in range(20)]
    finding = walk(token=gh(), credentials=twenty).finding("credential-limit-reached")
    assert finding is not None and finding.severity == "warning"
    assert "credential-limit-reached" not in ids(walk(token=gh(), credentials=twenty[:19]))


def test_credential_too_broad() -> None:
    org_wide = fic(
        "org",
        GH,
        None,
        claimsMatchingExpression={
            "value": "claims['sub'] matches 'repo:contoso/*'",
            "languageVersion": 1,
        },
    )
    assert "credential-too-broad" in found(gh(), org_wide)
    assert "credential-too-broad" not in found(gh(), fic("main", GH, SUB))


def test_nothing_invented_when_only_the_issuer_platform_differs() -> None:
    # A GitLab credential for a GitHub token: only the issuer is wrong to report.
    result = found(
        gh(), fic("gitlab", "https://gitlab.com", "project_path:contoso/x:ref_type:branch:ref:main")
    )
    assert result == {"issuer-mismatch"}
