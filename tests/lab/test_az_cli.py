"""azure-identity's AzureCliCredential, unchanged, runs the lab's stand-in ``az``: the token it
gets was issued by the lab's Entra for the lab tenant, and the failures read as real az's do."""

from __future__ import annotations

import asyncio
from pathlib import Path

import jwt
import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import AzureCliCredential, CredentialUnavailableError

from tests.lab.az import az_on_path
from wifdoctor.clients.operator import AzureIdentityOperator, SignInFailed
from wifdoctor.lab.az_cli import az_login, calls
from wifdoctor.lab.scenario import build_lab

GRAPH = "https://graph.microsoft.com/.default"


def claims(token: str) -> dict[str, object]:
    return jwt.decode(token, options={"verify_signature": False})


def test_az_login_gives_azure_identity_the_lab_operators_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    lab = build_lab("healthy")
    az_login(lab, config)
    access = AzureCliCredential().get_token(GRAPH)
    seen = claims(access.token)
    assert seen["tid"] == lab.state.tenant_id and seen["aud"] == "https://graph.microsoft.com"
    assert "Application.Read.All" in str(seen["scp"])
    assert access.expires_on == seen["exp"]  # expires_on, as az prints it, is what it parses
    # exactly what azure-identity ran (its argv), with no tenant when none was asked for
    assert calls(config)[-1] == [
        "account",
        "get-access-token",
        "--output",
        "json",
        "--resource",
        "https://graph.microsoft.com",
    ]
    AzureCliCredential(tenant_id=lab.state.tenant_id).get_token(
        "https://management.azure.com/.default"
    )
    assert calls(config)[-1][-2:] == ["--tenant", lab.state.tenant_id]


def test_not_logged_in_reads_as_real_az(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    az_on_path(tmp_path, monkeypatch)
    with pytest.raises(CredentialUnavailableError, match="az login"):
        AzureCliCredential().get_token(GRAPH)


def test_a_tenant_the_lab_does_not_serve_is_entras_90002(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    az_login(build_lab("healthy"), config)
    other = "99999999-8888-4777-a666-555555555555"
    with pytest.raises(ClientAuthenticationError, match="AADSTS90002"):
        AzureCliCredential(tenant_id=other).get_token(GRAPH)


def operator(tenant: str | None = None) -> AzureIdentityOperator:
    return AzureIdentityOperator("cli", tenant, {}, authority_host="login.microsoftonline.com")


def test_wifdoctor_says_what_to_do_when_nobody_ran_az_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    az_on_path(tmp_path, monkeypatch)
    tenant = "contoso.onmicrosoft.com"
    with pytest.raises(SignInFailed) as raised:
        asyncio.run(operator(tenant).token(GRAPH))
    message = str(raised.value)
    assert message.startswith("Signing in with your az login failed: Please run 'az login'")
    assert f"Run `az login --tenant {tenant}` first" in message


def test_wifdoctor_quotes_entra_not_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    az_login(build_lab("healthy"), config)
    other = "99999999-8888-4777-a666-555555555555"
    with pytest.raises(SignInFailed) as raised:
        asyncio.run(operator(other).token(GRAPH))
    message = str(raised.value)
    assert f"AADSTS90002: Tenant '{other}' not found." in message
    assert "traceback" not in message.lower() and "az account tenant list" in message


def test_without_az_on_path_wifdoctor_says_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(SignInFailed, match="Install the Azure CLI"):
        asyncio.run(operator().token(GRAPH))
