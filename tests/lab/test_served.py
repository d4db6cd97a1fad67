"""The same lab served on 127.0.0.1 over TLS (trustme CA) and through its CONNECT proxy, reached
by unmodified clients under the real host names: azure-identity, pyjwt's PyJWKClient, httpx."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import ClientAssertionCredential, WorkloadIdentityCredential

from tests.lab.helpers import GRAPH_SCOPE, lab_for
from wifdoctor.lab.serve import LabServer
from wifdoctor.lab.server import Lab

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    lab = lab_for("healthy")
    with LabServer(lab, tmp_path_factory.mktemp("lab-tls")) as server:
        yield server


@pytest.fixture
def through_proxy(served: LabServer, monkeypatch: pytest.MonkeyPatch) -> LabServer:
    """The environment `wifdoctor lab serve` prints, for this test only."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert served.tls is not None
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{served.proxy_port}")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(served.tls.ca_pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(served.tls.ca_pem))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.delenv("AZURE_AUTHORITY_HOST", raising=False)
    return served


def _lab(server: LabServer) -> Lab:
    return server.lab


def test_client_assertion_credential_through_the_proxy(through_proxy: LabServer) -> None:
    lab = _lab(through_proxy)
    token = lab.workload_token()
    with ClientAssertionCredential(
        lab.scenario.tenant_id, lab.scenario.client_id, lambda: token
    ) as credential:
        access = credential.get_token(
            GRAPH_SCOPE
        )  # the default authority: login.microsoftonline.com
    assert (
        jwt.decode(access.token, options={"verify_signature": False})["appid"]
        == lab.scenario.client_id
    )


def test_workload_identity_credential_through_the_proxy(
    through_proxy: LabServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = _lab(through_proxy)
    token_file = tmp_path / "token"
    token_file.write_text(lab.workload_token({"sub": "repo:contoso/payments-api:pull_request"}))
    monkeypatch.setenv("AZURE_TENANT_ID", lab.scenario.tenant_id)
    monkeypatch.setenv("AZURE_CLIENT_ID", lab.scenario.client_id)
    monkeypatch.setenv("AZURE_FEDERATED_TOKEN_FILE", str(token_file))
    with (
        WorkloadIdentityCredential(retry_total=0) as credential,
        pytest.raises(ClientAuthenticationError, match="AADSTS700213"),
    ):
        credential.get_token(GRAPH_SCOPE)


def test_direct_tls_on_loopback_with_an_authority_host(served: LabServer) -> None:
    lab = _lab(served)
    token = lab.workload_token()
    assert served.tls is not None
    with ClientAssertionCredential(
        lab.scenario.tenant_id,
        lab.scenario.client_id,
        lambda: token,
        authority=f"https://127.0.0.1:{served.app_port}",
        connection_verify=str(served.tls.ca_pem),
    ) as credential:
        assert credential.get_token(GRAPH_SCOPE).token


def test_pyjwt_verifies_the_token_with_the_issuers_jwks_through_the_proxy(
    through_proxy: LabServer,
) -> None:
    lab = _lab(through_proxy)
    assert through_proxy.tls is not None
    context = ssl.create_default_context(cafile=str(through_proxy.tls.ca_pem))
    client = jwt.PyJWKClient(lab.state.issuers[0].jwks_url, ssl_context=context, timeout=5)
    token = lab.workload_token()
    key = client.get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience="api://AzureADTokenExchange",
        issuer="https://token.actions.githubusercontent.com",
    )
    assert claims["sub"] == "repo:contoso/payments-api:ref:refs/heads/main"


async def test_proxy_refuses_hosts_it_does_not_serve(through_proxy: LabServer) -> None:
    assert through_proxy.tls is not None
    proxy = f"http://127.0.0.1:{through_proxy.proxy_port}"
    async with httpx.AsyncClient(
        proxy=proxy, verify=str(through_proxy.tls.ca_pem), trust_env=False
    ) as client:
        answer = await client.get("https://gitlab.com/.well-known/openid-configuration")
        assert (
            answer.status_code == 404
        )  # served (no GitLab issuer in this scenario), not forwarded
        with pytest.raises(httpx.ProxyError):
            await client.get("https://example.com/")
    assert any("example.com" in line for line in through_proxy.proxy.refused)


async def test_an_unreachable_issuer_fails_like_a_dead_host(through_proxy: LabServer) -> None:
    assert through_proxy.tls is not None
    issuer = _lab(through_proxy).state.issuers[0]
    context = ssl.create_default_context(cafile=str(through_proxy.tls.ca_pem))
    proxy = f"http://127.0.0.1:{through_proxy.proxy_port}"
    direct = f"https://127.0.0.1:{through_proxy.app_port}/.well-known/openid-configuration"
    issuer.faults.unreachable = True
    try:
        async with httpx.AsyncClient(proxy=proxy, verify=context, trust_env=False) as client:
            with pytest.raises(httpx.ProxyError):
                await client.get(issuer.discovery_url)
        async with httpx.AsyncClient(verify=context, trust_env=False) as client:
            answer = await client.get(
                direct, headers={"Host": "token.actions.githubusercontent.com"}
            )
            assert answer.status_code == 502
    finally:
        issuer.faults.unreachable = False


def test_msal_as_az_login_uses_it_through_the_proxy(through_proxy: LabServer) -> None:
    """`az login --service-principal --federated-token` runs MSAL over requests: with the lines
    `lab serve` prints, it reaches the lab's Entra under the real authority."""
    import msal

    lab = _lab(through_proxy)
    token = lab.workload_token()
    app = msal.ConfidentialClientApplication(
        lab.scenario.client_id,
        authority=f"https://login.microsoftonline.com/{lab.scenario.tenant_id}",
        client_credential={"client_assertion": lambda: token},
    )
    result = app.acquire_token_for_client(["https://management.azure.com/.default"])
    assert "access_token" in result, result
    paths = [r["path"] for r in lab.state.requests if r["host"] == "login.microsoftonline.com"]
    assert f"/{lab.scenario.tenant_id}/v2.0/.well-known/openid-configuration" in paths
