"""Capture on every platform: against the lab's token endpoints, and with files and variables.

Each failure a job meets is reproduced the way it happens (no permission, 401, 405, no access
token mapped, empty token, wrong file, the default service-account token) and must come out as
the finding a user can act on, with the real HTTP status and body.
"""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from tests.capture.helpers import (
    ado_env,
    capture_in,
    fake_command,
    github_env,
    lab_for,
)
from tests.minting import aks_claims, mint
from wifdoctor.capture.walk import diagnose_capture
from wifdoctor.core.capture import Capture
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.errors import InputError
from wifdoctor.lab.hosts import ADO_PATH


def claims_of(token: str) -> dict[str, object]:
    decoded: dict[str, object] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def walk(captured: Capture) -> Diagnosis:
    return diagnose_capture(captured, credentials=None, cloud="public", clock=_now)


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def ids(captured: Capture | Diagnosis) -> list[str]:
    return [finding.id for finding in captured.findings]


# ---- GitHub Actions --------------------------------------------------------------------------


def test_github_token_comes_from_the_endpoint_with_the_audience_asked(tmp_path: Path) -> None:
    lab = lab_for()
    captured = capture_in(lab, github_env(lab, tmp_path / "t"), audience="api://Custom")
    assert captured.obtained and ids(captured) == []
    assert captured.platform == "github-actions"
    assert claims_of(captured.token or "")["aud"] == "api://Custom"
    assert [r.status for r in captured.requests] == [200]
    assert captured.requests[0].method == "GET"
    assert captured.variables["GITHUB_REPOSITORY"] == "contoso/payments-api"


def test_github_without_id_token_permission_is_a_403_with_the_body(tmp_path: Path) -> None:
    lab = lab_for()
    lab.state.id_token_permission = False
    captured = capture_in(lab, github_env(lab, tmp_path / "t"))
    assert not captured.obtained
    finding = captured.findings[0]
    assert finding.id == "token-permission-missing"
    assert finding.evidence["status"] == "403"
    assert "id-token: write permission" in finding.explanation  # the endpoint's own words
    assert any("id-token: write" in c.text for c in finding.copy)


def test_github_without_the_request_variables_says_which_are_missing(tmp_path: Path) -> None:
    captured = capture_in(None, {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"})
    assert ids(captured) == ["token-permission-missing"]
    assert "ACTIONS_ID_TOKEN_REQUEST_URL" in captured.findings[0].evidence["missing"]
    assert captured.requests == ()


def test_github_with_a_bad_request_token_shows_the_401(tmp_path: Path) -> None:
    lab = lab_for()
    env = github_env(lab, tmp_path / "t") | {"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "not-the-token"}
    captured = capture_in(lab, env)
    finding = captured.findings[0]
    assert finding.id == "token-request-failed"
    assert finding.evidence["status"] == "401"
    assert "Bad credentials" in finding.explanation
    assert "not-the-token" not in finding.explanation


def test_a_github_style_get_to_the_azure_devops_endpoint_is_a_405(tmp_path: Path) -> None:
    lab = lab_for()
    env = github_env(lab, tmp_path / "t")
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = ado_env(lab, tmp_path / "t")["SYSTEM_OIDCREQUESTURI"]
    captured = capture_in(lab, env)
    assert ids(captured) == ["token-request-wrong-method"]
    assert captured.findings[0].evidence["status"] == "405"


# ---- Azure DevOps ----------------------------------------------------------------------------


def test_ado_token_is_posted_for_with_the_service_connection(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    captured = capture_in(lab, ado_env(lab, tmp_path / "t"))
    assert captured.obtained and ids(captured) == []
    assert [(r.method, r.status) for r in captured.requests] == [("POST", 200)]
    assert str(claims_of(captured.token or "")["sub"]).startswith("/eid1/")  # Entra-issued


def test_ado_without_system_accesstoken_mapped_asks_for_the_env_mapping(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    env = ado_env(lab, tmp_path / "t")
    del env["SYSTEM_ACCESSTOKEN"]
    captured = capture_in(None, env)
    assert ids(captured) == ["client-settings-missing"]
    assert "SYSTEM_ACCESSTOKEN: $(System.AccessToken)" in captured.findings[0].copy[0].text


def test_ado_with_a_wrong_access_token_is_a_401(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    env = ado_env(lab, tmp_path / "t") | {"SYSTEM_ACCESSTOKEN": "stale-access-token"}
    captured = capture_in(lab, env)
    finding = captured.findings[0]
    assert (finding.id, finding.evidence["status"]) == ("token-request-failed", "401")
    assert "System.AccessToken" in finding.explanation


def test_ado_without_a_service_connection_id_says_what_would_come_back(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    env = ado_env(lab, tmp_path / "t")
    del env["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"]
    captured = capture_in(None, env)
    assert ids(captured) == ["client-settings-missing"]
    assert "p://" in captured.findings[0].explanation


def test_ado_service_connection_option_wins(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    env = ado_env(lab, tmp_path / "t")
    del env["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"]
    captured = capture_in(lab, env, service_connection="0d3c1b2a-0000-4000-8000-00000000abcd")
    assert captured.obtained
    assert "0d3c1b2a" in (captured.source or "")


def test_terraform_on_ado_without_connection_id_gets_the_405_it_would_get(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    env = ado_env(lab, tmp_path / "t") | {"ARM_USE_OIDC": "true"}
    del env["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"]
    captured = capture_in(lab, env, service_connection="0d3c1b2a-0000-4000-8000-00000000abcd")
    assert [(r.method, r.status) for r in captured.requests] == [("GET", 405), ("POST", 200)]
    assert ids(captured) == ["token-request-wrong-method"]
    assert "ARM_USE_OIDC" in captured.findings[0].explanation
    assert captured.obtained  # the POST wifdoctor then makes still gets the token


def test_ado_task_id_token_is_used_and_its_scope_noted(tmp_path: Path) -> None:
    lab = lab_for("ado-issuer-migration")
    token = lab.workload_token()
    captured = capture_in(None, {"TF_BUILD": "True", "idToken": token})
    assert captured.token == token
    assert any("only inside the task" in note for note in captured.notes)


def test_ado_pipeline_path_is_the_lab_route() -> None:
    assert ADO_PATH.endswith("/oidctoken")


# ---- Kubernetes ------------------------------------------------------------------------------


def k8s_env(token_file: Path, **extra: str) -> dict[str, str]:
    return {
        "KUBERNETES_SERVICE_HOST": "10.0.0.1",
        "AZURE_FEDERATED_TOKEN_FILE": str(token_file),
        "AZURE_CLIENT_ID": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3e5a7c",
        "AZURE_TENANT_ID": "5f0c2d1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f",
        "AZURE_AUTHORITY_HOST": "https://login.microsoftonline.com/",
        **extra,
    }


def test_kubernetes_reads_the_projected_token_file(tmp_path: Path) -> None:
    lab = lab_for("issuer-slash-missing")
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text(lab.workload_token())
    captured = capture_in(None, k8s_env(token_file), default_sa_token_path=str(tmp_path / "no"))
    assert captured.obtained and ids(captured) == []
    assert str(token_file) in (captured.source or "")


def test_kubernetes_without_injection_names_the_webhook(tmp_path: Path) -> None:
    default = tmp_path / "sa-token"
    default.write_text(mint(aks_claims(aud=["https://kubernetes.default.svc.cluster.local"])))
    captured = capture_in(
        None, {"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, default_sa_token_path=str(default)
    )
    assert ids(captured) == ["workload-identity-not-injected"]
    assert "default service-account token" in captured.findings[0].explanation


def test_kubernetes_token_file_that_does_not_exist(tmp_path: Path) -> None:
    captured = capture_in(None, k8s_env(tmp_path / "missing"), default_sa_token_path="/nonexist")
    assert ids(captured) == ["client-settings-missing"]
    assert "does not exist" in captured.findings[0].explanation


def test_kubernetes_default_service_account_token_is_the_wrong_kind(tmp_path: Path) -> None:
    default = tmp_path / "sa-token"
    default.write_text(mint(aks_claims(aud=["https://kubernetes.default.svc.cluster.local"])))
    captured = capture_in(None, k8s_env(default), default_sa_token_path=str(default))
    assert any("default service-account token" in note for note in captured.notes)
    assert "token-wrong-kind" in ids(walk(captured))


def test_kubernetes_without_client_id_annotation(tmp_path: Path) -> None:
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text(mint(aks_claims()))
    env = k8s_env(token_file)
    del env["AZURE_CLIENT_ID"]
    captured = capture_in(None, env, default_sa_token_path="/nonexist")
    assert ids(captured) == ["client-settings-missing"]
    assert "azure.workload.identity/client-id" in captured.findings[0].explanation


def test_kubernetes_empty_token_file_is_a_malformed_token(tmp_path: Path) -> None:
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text("")
    captured = capture_in(None, k8s_env(token_file), default_sa_token_path="/nonexist")
    assert captured.token == ""
    assert "token-empty-or-malformed" in ids(walk(captured))


# ---- GitLab, HCP Terraform, Bitbucket ---------------------------------------------------------


def test_gitlab_finds_the_id_tokens_variable_by_its_shape() -> None:
    lab = lab_for("audience")
    token = lab.workload_token({"aud": "api://AzureADTokenExchange"})
    other = lab.workload_token({"aud": "https://vault.example.com"})
    env = {"GITLAB_CI": "true", "VAULT_ID_TOKEN": other, "AZURE_ID_TOKEN": token}
    captured = capture_in(None, env)
    assert captured.token == token
    assert "AZURE_ID_TOKEN" in (captured.source or "")
    assert any("VAULT_ID_TOKEN" in note for note in captured.notes)


def test_gitlab_without_id_tokens_mentions_the_removed_ci_job_jwt() -> None:
    env = {"GITLAB_CI": "true", "CI_JOB_JWT": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}
    captured = capture_in(None, env)
    assert ids(captured) == ["token-permission-missing"]
    assert "17.0" in captured.findings[0].explanation


def test_terraform_run_token_and_missing_client_id() -> None:
    lab = lab_for("lifetime-too-long")
    token = lab.workload_token()
    env = {"TFC_RUN_ID": "run-1", "TFC_WORKLOAD_IDENTITY_TOKEN": token}
    assert capture_in(None, env).token == token
    env = {"TFC_RUN_ID": "run-1", "TFC_AZURE_PROVIDER_AUTH": "true"}
    captured = capture_in(None, env)
    assert ids(captured) == ["token-permission-missing", "client-settings-missing"]
    assert "TFC_WORKLOAD_IDENTITY_AUDIENCE" in captured.findings[0].explanation


def bitbucket_token() -> str:
    return mint(
        {
            "iss": "https://api.bitbucket.org/2.0/workspaces/contoso/pipelines-config/identity/oidc",
            "sub": "{repo-uuid}:{step-uuid}",
            "aud": "ari:cloud:bitbucket::workspace/1234",
            "iat": int(time.time()),
            "exp": int(time.time()) + 3600,
        }
    )


def test_bitbucket_step_token_and_missing_oidc_flag() -> None:
    token = bitbucket_token()
    env = {"BITBUCKET_BUILD_NUMBER": "7", "BITBUCKET_STEP_OIDC_TOKEN": token}
    assert capture_in(None, env).token == token
    captured = capture_in(None, {"BITBUCKET_BUILD_NUMBER": "7", "BITBUCKET_STEP_OIDC_TOKEN": ""})
    assert ids(captured) == ["token-permission-missing"]
    assert "oidc: true" in captured.findings[0].explanation


# ---- CircleCI and Buildkite: their CLIs print the token ---------------------------------------


def test_circleci_asks_its_cli_for_the_exchange_audience(tmp_path: Path) -> None:
    token = mint({"iss": "https://oidc.circleci.com/org/x", "sub": "org/x/project/y/user/z"})
    args = tmp_path / "args"
    path = fake_command(tmp_path / "bin", "circleci", f'echo "$@" > {args}\necho {token}\n')
    captured = capture_in(None, {"CIRCLECI": "true", **path})
    assert captured.token == token
    assert "api://AzureADTokenExchange" in args.read_text()


def test_circleci_cli_failure_falls_back_to_the_job_variable(tmp_path: Path) -> None:
    token = mint({"iss": "https://oidc.circleci.com/org/x", "aud": "x"})
    path = fake_command(tmp_path / "bin", "circleci", "echo 'not logged in' >&2\nexit 3\n")
    captured = capture_in(None, {"CIRCLECI": "true", "CIRCLE_OIDC_TOKEN_V2": token, **path})
    assert captured.token == token
    assert any("organization ID" in note for note in captured.notes)
    captured = capture_in(None, {"CIRCLECI": "true", **path})
    assert ids(captured) == ["token-request-failed"]
    assert "status 3: not logged in" in captured.findings[0].explanation


def test_buildkite_agent_missing_or_failing(tmp_path: Path) -> None:
    captured = capture_in(None, {"BUILDKITE": "true", "PATH": str(tmp_path)})
    assert ids(captured) == ["token-request-failed"]
    assert "not installed" in captured.findings[0].explanation
    assert "BUILDKITE_AGENT_ACCESS_TOKEN" in captured.findings[0].explanation
    token = mint({"iss": "https://agent.buildkite.com", "sub": "organization:x:pipeline:y"})
    path = fake_command(tmp_path / "bin", "buildkite-agent", f"echo {token}\n")
    assert capture_in(None, {"BUILDKITE": "true", **path}).token == token


# ---- explicit sources, detection -------------------------------------------------------------


def test_token_file_option_reads_any_file_and_refuses_a_missing_one(tmp_path: Path) -> None:
    token = mint(aks_claims())
    (tmp_path / "t").write_text(token)
    captured = capture_in(None, {}, token_file=str(tmp_path / "t"))
    assert captured.token == token
    with pytest.raises(InputError, match="does not exist"):
        capture_in(None, {}, token_file=str(tmp_path / "nope"))


def test_outside_any_platform_capture_asks_where_the_token_is() -> None:
    with pytest.raises(InputError, match="cannot tell"):
        capture_in(None, {"HOME": "/root"})
    with pytest.raises(InputError, match="does not know the platform"):
        capture_in(None, {}, platform="jenkins-x")


def test_the_raw_token_and_request_token_are_secrets_of_the_capture(tmp_path: Path) -> None:
    lab = lab_for()
    env = github_env(lab, tmp_path / "t")
    captured = capture_in(lab, env)
    assert captured.token in captured.secrets
    assert env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] in captured.secrets
    assert captured.token not in repr(captured)


def test_kubernetes_token_file_that_is_a_directory_or_not_a_token(tmp_path: Path) -> None:
    captured = capture_in(None, k8s_env(tmp_path), default_sa_token_path="/nonexist")
    assert ids(captured) == ["client-settings-missing"]
    assert "directory" in captured.findings[0].explanation
    namespace = tmp_path / "namespace"
    namespace.write_text("payments\n")  # the service account's namespace file, not a token
    captured = capture_in(None, k8s_env(namespace), default_sa_token_path="/nonexist")
    assert captured.obtained
    assert "token-empty-or-malformed" in ids(walk(captured))


def test_notes_for_a_stray_client_secret_and_an_identity_binding(tmp_path: Path) -> None:
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text(mint(aks_claims()))
    env = k8s_env(
        token_file,
        AZURE_CLIENT_SECRET="a-client-secret-value",
        AZURE_KUBERNETES_TOKEN_PROXY="https://10.0.0.2:443",
    )
    captured = capture_in(None, env, default_sa_token_path="/nonexist")
    notes = " ".join(captured.notes)
    assert "EnvironmentCredential first" in notes
    assert "enable_azure_proxy=True" in notes
    assert "a-client-secret-value" not in notes


def test_a_token_endpoint_that_does_not_answer_or_is_not_https() -> None:
    import asyncio

    from wifdoctor.capture.acquire import CaptureOptions, capture_token
    from wifdoctor.clients.http import HttpFactory

    lab = lab_for()
    env = {
        "GITHUB_ACTIONS": "true",
        "ACTIONS_ID_TOKEN_REQUEST_URL": "https://ghes.internal.example/_services/token?x=1",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": lab.request_token,
    }
    captured = capture_in(lab, env)  # the lab refuses hosts it does not serve (421)
    assert ids(captured) == ["token-request-failed"]
    assert captured.findings[0].evidence["status"] == "421"
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://127.0.0.1:9/token"
    factory = HttpFactory(environment={})  # the walk's own client: https only
    captured = asyncio.run(capture_token(CaptureOptions(), env, factory.client))
    finding = captured.findings[0]
    assert finding.id == "token-request-failed" and finding.evidence["status"] == "no answer"
    assert "did not answer" in finding.explanation and "https only" in finding.explanation


def test_an_empty_token_from_the_endpoint_is_a_malformed_assertion() -> None:
    """GitHub answering {"value": ""} (the lab always mints one, so GitHub's answer is
    stood in for here by its documented JSON shape)."""
    import asyncio

    import httpx

    from wifdoctor.capture.acquire import CaptureOptions, capture_token

    def github(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer request-token-123"
        return httpx.Response(200, json={"count": 0, "value": ""})

    env = {
        "GITHUB_ACTIONS": "true",
        "ACTIONS_ID_TOKEN_REQUEST_URL": "https://pipelines.actions.githubusercontent.com/x?a=1",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token-123",
    }

    def clients() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(github))

    captured = asyncio.run(capture_token(CaptureOptions(), env, clients))
    assert captured.token == "" and ids(captured) == []
    assert "token-empty-or-malformed" in ids(walk(captured))
