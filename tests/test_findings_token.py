"""Findings the token alone (and its times) must produce, each with a close input that must not."""

from __future__ import annotations

from tests.minting import NOW, aks_claims, github_claims, mint, unsigned
from tests.walk import ids, walk

MI_TENANT = "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
MI_ISSUER = f"https://login.microsoftonline.com/{MI_TENANT}/v2.0"
GUID_AUD = "fb60f99c-7a34-4190-8149-302f77469936"


def mi_claims(**overrides: object) -> dict[str, object]:
    claims: dict[str, object] = {
        "aud": GUID_AUD,
        "iss": MI_ISSUER,
        "iat": NOW - 600,
        "nbf": NOW - 600,
        "exp": NOW + 80000,
        "azp": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
        "azpacr": "2",
        "idtyp": "app",
        "oid": "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
        "sub": "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
        "tid": MI_TENANT,
        "ver": "2.0",
        "xms_mirid": "/subscriptions/0a1b/resourcegroups/rg/providers/"
        "Microsoft.ManagedIdentity/userAssignedIdentities/id-cross-tenant",
    }
    claims.update(overrides)
    return claims


def test_a_good_token_has_no_findings() -> None:
    diagnosis = walk(token=mint(github_claims()))
    assert diagnosis.findings == ()
    assert diagnosis.exit_code == 0
    assert diagnosis.recognition and diagnosis.recognition.platform == "github-actions"


def test_token_expired() -> None:
    assert "token-expired" in ids(walk(token=mint(github_claims(exp=NOW - 720))))
    assert "token-expired" not in ids(walk(token=mint(github_claims(exp=NOW + 1))))


def test_token_expired_says_by_how_much_and_the_usual_lifetime() -> None:
    diagnosis = walk(token=mint(github_claims(exp=NOW - 720)))
    finding = diagnosis.finding("token-expired")
    assert finding is not None
    # Without the time of the failure, "now" is not the exchange: a warning saying when it expired.
    assert "12 min ago" in finding.explanation and "5 minutes" in finding.explanation
    assert finding.severity == "warning" and "only if" in finding.explanation


def test_expired_now_but_valid_when_the_error_happened_is_not_the_cause() -> None:
    error = (
        "AADSTS700213: No matching federated identity record found for presented assertion "
        "subject 'repo:contoso/payments-api:ref:refs/heads/main'. Timestamp: 2025-12-31 23:58:00Z"
    )
    diagnosis = walk(token=mint(github_claims(exp=NOW - 60)), error=error)
    assert "token-expired" not in ids(diagnosis)
    validity = next(step for step in diagnosis.steps if step.id == "validity")
    assert "expired since" in validity.summary


def test_token_not_yet_valid() -> None:
    assert "token-not-yet-valid" in ids(walk(token=mint(github_claims(nbf=NOW + 900))))
    assert "token-not-yet-valid" not in ids(walk(token=mint(github_claims(nbf=NOW + 30))))


def test_clock_skew() -> None:
    assert "clock-skew" in ids(walk(token=mint(github_claims(iat=NOW + 120, nbf=NOW - 600))))
    assert "clock-skew" not in ids(walk(token=mint(github_claims(iat=NOW + 30, nbf=NOW - 600))))


def test_token_lifetime_too_long() -> None:
    long = github_claims(iat=NOW - 60, exp=NOW - 60 + 26 * 3600)
    assert "token-lifetime-too-long" in ids(walk(token=mint(long)))
    ok = github_claims(iat=NOW - 60, exp=NOW - 60 + 24 * 3600)
    assert "token-lifetime-too-long" not in ids(walk(token=mint(ok)))


def test_missing_iat_is_lifetime_too_long() -> None:
    assert "token-lifetime-too-long" in ids(walk(token=mint(github_claims(iat=None))))


def test_stripped_wrappers_are_reported_as_malformed_warning() -> None:
    token = mint(github_claims())
    finding = walk(token=f'"{token}"\n').finding("token-empty-or-malformed")
    assert finding is not None and finding.severity == "warning"
    assert "surrounding quotes" in finding.explanation
    assert "token-empty-or-malformed" not in ids(walk(token=token))


def test_truncated_token_is_malformed() -> None:
    token = mint(github_claims())
    diagnosis = walk(token=token[:-30])
    finding = diagnosis.finding("token-empty-or-malformed")
    assert finding is not None and finding.severity == "error"
    assert "truncated" in finding.explanation


def test_unparseable_token_is_malformed_finding_in_diagnose() -> None:
    diagnosis = walk(token="eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0")
    assert ids(diagnosis) == {"token-empty-or-malformed"}
    assert diagnosis.exit_code == 1


def test_missing_required_claims_are_malformed() -> None:
    assert "token-empty-or-malformed" in ids(walk(token=mint(github_claims(aud=None))))


def test_jwe_is_the_wrong_kind() -> None:
    jwe = unsigned({"alg": "RSA-OAEP", "enc": "A256GCM"}, {"x": 1})
    assert ids(walk(token=jwe)) == {"token-wrong-kind"}


def test_entra_user_access_token_is_the_wrong_kind() -> None:
    claims = mi_claims(idtyp="user", scp="User.Read", aud="https://graph.microsoft.com")
    claims.pop("xms_mirid")
    assert "token-wrong-kind" in ids(walk(token=mint(claims)))
    assert "token-wrong-kind" not in ids(walk(token=mint(mi_claims())))


def test_default_service_account_token_is_the_wrong_kind() -> None:
    default = aks_claims(aud=["https://kubernetes.default.svc.cluster.local"])
    assert "token-wrong-kind" in ids(walk(token=mint(default)))
    assert "token-wrong-kind" not in ids(walk(token=mint(aks_claims())))


def test_ado_pipeline_token_is_the_wrong_kind() -> None:
    pipeline = {
        "sub": "p://contoso/Payments/payments-ci",
        "aud": "api://AzureADTokenExchange",
        "iss": "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
        "org_id": "6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
        "prj_id": "1c2d",
        "def_id": "17",
        "iat": NOW - 60,
        "nbf": NOW - 600,
        "exp": NOW + 240,
    }
    assert "token-wrong-kind" in ids(walk(token=mint(pipeline)))
    service_connection = dict(pipeline, sub="sc://contoso/Payments/payments-prod-wif")
    for key in ("org_id", "prj_id", "def_id"):
        service_connection.pop(key)
    assert "token-wrong-kind" not in ids(walk(token=mint(service_connection)))


def test_system_assigned_managed_identity_is_unsupported() -> None:
    system = mi_claims(
        xms_mirid="/subscriptions/0a1b/resourcegroups/rg/providers/Microsoft.Compute/"
        "virtualMachines/vm1"
    )
    assert "identity-type-unsupported" in ids(walk(token=mint(system)))
    assert "identity-type-unsupported" not in ids(walk(token=mint(mi_claims())))


def test_algorithm_other_than_rs256() -> None:
    assert "algorithm-unsupported" in ids(walk(token=mint(github_claims(), alg="ES256")))
    assert "algorithm-unsupported" not in ids(walk(token=mint(github_claims(), alg="RS256")))


def test_alg_none_is_refused() -> None:
    token = unsigned({"alg": "none"}, github_claims(), "")
    assert ids(walk(token=token)) == {"algorithm-unsupported"}


def test_missing_kid() -> None:
    assert "signing-key-not-published" in ids(walk(token=mint(github_claims(), kid=None)))
    assert "signing-key-not-published" not in ids(walk(token=mint(github_claims())))


def test_issuer_not_public() -> None:
    private = aks_claims(iss="https://kubernetes.default.svc.cluster.local")
    assert "issuer-not-public" in ids(walk(token=mint(private)))
    assert "issuer-not-public" in ids(walk(token=mint(aks_claims(iss="https://10.0.0.4/oidc"))))
    assert "issuer-not-public" not in ids(walk(token=mint(aks_claims())))


def test_token_issuer_with_whitespace() -> None:
    spaced = github_claims(iss="https://token.actions.githubusercontent.com ")
    assert "issuer-whitespace" in ids(walk(token=mint(spaced)))
    assert "issuer-whitespace" not in ids(walk(token=mint(github_claims())))


def test_default_github_audience_without_credentials() -> None:
    diagnosis = walk(token=mint(github_claims(aud="https://github.com/contoso")))
    finding = diagnosis.finding("audience-mismatch")
    assert finding is not None and "default audience" in finding.explanation
    assert "audience-mismatch" not in ids(walk(token=mint(github_claims())))


def test_wrong_cloud_audience() -> None:
    usgov = github_claims(aud="api://AzureADTokenExchangeUSGov")
    assert "audience-mismatch" in ids(walk(token=mint(usgov)))
    assert "audience-mismatch" not in ids(walk(token=mint(usgov), cloud="usgov"))


def test_controller_service_account() -> None:
    keda = aks_claims(sub="system:serviceaccount:keda:keda-operator")
    assert "subject-controller-account" in ids(walk(token=mint(keda)))
    assert "subject-controller-account" not in ids(walk(token=mint(aks_claims())))


def test_unmatchable_bitbucket_subject() -> None:
    step = "{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}"
    claims = {
        "sub": "{3d8f2b1a-6c4e-4f9a-b2d7-0e1c5a9f8b34}:" + step,
        "aud": "api://AzureADTokenExchange",
        "stepUuid": step,
        "iss": "https://api.bitbucket.org/2.0/workspaces/contoso/pipelines-config/identity/oidc",
        "repositoryUuid": "{3d8f2b1a-6c4e-4f9a-b2d7-0e1c5a9f8b34}",
        "iat": NOW - 60,
        "exp": NOW + 3000,
    }
    finding = walk(token=mint(claims)).finding("subject-mismatch")
    assert finding is not None and "changes on every run" in finding.explanation
    assert "subject-mismatch" not in ids(walk(token=mint(github_claims())))
