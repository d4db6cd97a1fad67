"""azure-identity, unchanged, against the lab's Entra in process (no sockets): the credentials
get a lab-signed token on a match and raise ClientAuthenticationError with Entra's body on a
mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import ClientAssertionCredential as SyncClientAssertionCredential
from azure.identity.aio import ClientAssertionCredential, WorkloadIdentityCredential

from tests.lab.helpers import GRAPH_SCOPE, lab_for
from wifdoctor.lab.azure_transport import LabAsyncTransport, LabSyncTransport


async def test_client_assertion_credential_in_process() -> None:
    lab = lab_for("healthy")
    token = lab.workload_token()
    scenario = lab.scenario
    async with ClientAssertionCredential(
        scenario.tenant_id,
        scenario.client_id,
        lambda: token,
        transport=LabAsyncTransport(lab.transport()),
    ) as credential:
        access = await credential.get_token(GRAPH_SCOPE)
    claims = jwt.decode(access.token, options={"verify_signature": False})
    assert claims["appid"] == scenario.client_id and claims["aud"] == "https://graph.microsoft.com"
    posts = [r for r in lab.state.requests if r["path"].endswith("/oauth2/v2.0/token")]
    assert len(posts) == 1 and posts[0]["host"] == "login.microsoftonline.com"


async def test_client_assertion_credential_mismatch_raises_with_entras_body() -> None:
    lab = lab_for("subject-case")
    token = lab.workload_token()
    scenario = lab.scenario
    async with ClientAssertionCredential(
        scenario.tenant_id,
        scenario.client_id,
        lambda: token,
        transport=LabAsyncTransport(lab.transport()),
    ) as credential:
        with pytest.raises(ClientAuthenticationError) as raised:
            await credential.get_token(GRAPH_SCOPE)
    error = raised.value
    assert error.message.startswith("Microsoft Entra ID error '(invalid_client) AADSTS7002138:")
    assert error.response is not None and error.response.status_code == 401
    assert json.loads(error.response.text())["error_codes"] == [7002138]


async def test_workload_identity_credential_reads_the_token_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = lab_for("issuer-slash-missing")
    scenario = lab.scenario
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text(lab.workload_token())
    monkeypatch.setenv("AZURE_TENANT_ID", scenario.tenant_id)
    monkeypatch.setenv("AZURE_CLIENT_ID", scenario.client_id)
    monkeypatch.setenv("AZURE_FEDERATED_TOKEN_FILE", str(token_file))
    monkeypatch.delenv("AZURE_AUTHORITY_HOST", raising=False)
    async with WorkloadIdentityCredential(
        transport=LabAsyncTransport(lab.transport())
    ) as credential:
        with pytest.raises(ClientAuthenticationError, match="AADSTS700211"):
            await credential.get_token("https://management.azure.com/.default")
    lab.state.identities[0].credentials[0].issuer = lab.state.issuers[0].url  # fix the slash
    async with WorkloadIdentityCredential(
        transport=LabAsyncTransport(lab.transport())
    ) as credential:
        access = await credential.get_token("https://management.azure.com/.default")
    assert jwt.decode(access.token, options={"verify_signature": False})["xms_mirid"].endswith(
        "/userAssignedIdentities/payments-mi"
    )


def test_sync_credential_in_process() -> None:
    lab = lab_for("healthy")
    token = lab.workload_token()
    credential = SyncClientAssertionCredential(
        lab.scenario.tenant_id,
        lab.scenario.client_id,
        lambda: token,
        transport=LabSyncTransport(lab.transport),
    )
    assert credential.get_token(GRAPH_SCOPE).token.count(".") == 2


async def test_the_operator_signs_in_with_its_apps_secret() -> None:
    """The operator's sign-in: its access token carries the scenario's permissions as roles; a
    wrong secret gets 7000215."""
    from azure.identity.aio import ClientSecretCredential

    lab = lab_for("healthy")
    state = lab.state
    async with ClientSecretCredential(
        state.tenant_id,
        state.operator_client_id,
        state.operator_secret,
        transport=LabAsyncTransport(lab.transport()),
    ) as credential:
        access = await credential.get_token(GRAPH_SCOPE)
    claims = jwt.decode(access.token, options={"verify_signature": False})
    assert claims["idtyp"] == "app" and "Application.Read.All" in claims["roles"]
    async with ClientSecretCredential(
        state.tenant_id,
        state.operator_client_id,
        "wrong",
        transport=LabAsyncTransport(lab.transport()),
    ) as credential:
        with pytest.raises(ClientAuthenticationError, match="AADSTS7000215"):
            await credential.get_token(GRAPH_SCOPE)


def test_the_operator_signs_in_with_a_device_code() -> None:
    """DeviceCodeCredential (MSAL underneath): the code is shown, polled once while pending,
    then the operator's token arrives."""
    from azure.identity import DeviceCodeCredential

    lab = lab_for("healthy")
    lab.state.device_code_pending_polls = 1
    shown: list[str] = []
    credential = DeviceCodeCredential(
        tenant_id=lab.state.tenant_id,
        prompt_callback=lambda uri, code, expires: shown.append(code),
        transport=LabSyncTransport(lab.transport),
    )
    access = credential.get_token(GRAPH_SCOPE)
    claims = jwt.decode(access.token, options={"verify_signature": False})
    assert claims["idtyp"] == "user" and claims["aud"] == "https://graph.microsoft.com"
    assert len(shown) == 1 and len(shown[0]) == 8
    polls = [r for r in lab.state.requests if r["path"].endswith("/oauth2/v2.0/token")]
    assert [r["status"] for r in polls] == [400, 200]
