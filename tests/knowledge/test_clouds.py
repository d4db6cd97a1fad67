from __future__ import annotations

import re

import pytest

from wifdoctor.knowledge.clouds import (
    CLI_CLOUD_IDS,
    CLOUDS,
    TOKEN_EXCHANGE_APP_ID,
    Cloud,
    cloud_by_id,
    cloud_for_authority_host,
    cloud_for_token_exchange_audience,
    entra_issuer_tenant,
    is_entra_issuer,
    is_token_exchange_audience,
)

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
GUID = re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}")


def test_the_expected_clouds_exist_and_the_cli_ones_among_them() -> None:
    assert set(CLOUDS) == {"public", "usgov", "usgov-dod", "china", "france", "germany"}
    assert set(CLI_CLOUD_IDS) <= set(CLOUDS)
    assert GUID.fullmatch(TOKEN_EXCHANGE_APP_ID)


@pytest.mark.parametrize("cloud", list(CLOUDS.values()), ids=lambda c: c.id)
class TestEveryCloud:
    def test_found_by_id(self, cloud: Cloud) -> None:
        assert cloud_by_id(cloud.id) is cloud

    def test_hosts_are_bare_lowercase_hostnames(self, cloud: Cloud) -> None:
        for host in cloud.authority_hosts:
            assert host == host.lower() and "/" not in host and ":" not in host
        assert cloud.authority_url == f"https://{cloud.authority_host}"

    def test_audience_is_a_token_exchange_audience(self, cloud: Cloud) -> None:
        assert cloud.token_exchange_audience.startswith("api://AzureADTokenExchange")
        assert is_token_exchange_audience(cloud.token_exchange_audience)

    def test_endpoints_are_https(self, cloud: Cloud) -> None:
        for url in (cloud.graph_url, cloud.arm_url, cloud.error_lookup_url):
            assert url is None or url.startswith("https://")

    def test_error_lookup_fills_in_the_code(self, cloud: Cloud) -> None:
        page = cloud.error_lookup(700213)
        assert page is None or page.endswith("/error?code=700213")

    def test_uncertainty_is_explained(self, cloud: Cloud) -> None:
        assert set(cloud.unverified_fields) <= set(Cloud.__dataclass_fields__)
        if cloud.unverified_fields or cloud.confidence != "verified":
            assert cloud.notes

    def test_every_host_is_recognised_in_an_issuer(self, cloud: Cloud) -> None:
        for host in cloud.authority_hosts:
            assert is_entra_issuer(f"https://{host}/{TENANT}/v2.0")
            found = cloud_for_authority_host(host)
            assert found is not None and host in found.authority_hosts


def test_unknown_cloud_id_lists_the_valid_ones() -> None:
    with pytest.raises(KeyError) as err:
        cloud_by_id("azure-stack")
    for cloud_id in CLOUDS:
        assert cloud_id in str(err.value)


def test_hosts_belong_to_one_cloud_except_the_shared_us_government_host() -> None:
    owners: dict[str, set[str]] = {}
    for cloud in CLOUDS.values():
        for host in cloud.authority_hosts:
            owners.setdefault(host, set()).add(cloud.id)
    shared = {host: ids for host, ids in owners.items() if len(ids) > 1}
    assert shared == {"login.microsoftonline.us": {"usgov", "usgov-dod"}}


@pytest.mark.parametrize(
    ("value", "cloud_id"),
    [
        ("login.microsoftonline.com", "public"),
        ("https://login.microsoftonline.us/", "usgov"),
        ("https://login.microsoftonline.us", "usgov"),
        ("LOGIN.MicrosoftOnline.US", "usgov"),
        ("HTTPS://Login.Partner.MicrosoftOnline.CN/", "china"),
        ("login.chinacloudapi.cn", "china"),
        ("sts.windows.net", "public"),
        ("login.windows.net", "public"),
        ("  https://login.microsoftonline.com/  ", "public"),
        (f"https://login.microsoftonline.com/{TENANT}", "public"),
        ("https://login.microsoftonline.com:443/", "public"),
        ("login.sovcloud-identity.fr", "france"),
    ],
)
def test_cloud_for_authority_host(value: str, cloud_id: str) -> None:
    found = cloud_for_authority_host(value)
    assert found is not None and found.id == cloud_id


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "https://login.microsoftonline.com.evil.example/",
        "login.microsoftonline.com.evil.example",
        "https://evil.example/login.microsoftonline.com",
        "https://evil.example@login.microsoftonline.com/",
        "http://login.microsoftonline.com/",
        "ftp://login.microsoftonline.com/",
        "https://login.microsoftonline.com:8443/",
        "https://login.microsoftonline.com/?x=1",
        "token.actions.githubusercontent.com",
        "microsoftonline.com",
    ],
)
def test_cloud_for_authority_host_rejects_lookalikes(value: str) -> None:
    assert cloud_for_authority_host(value) is None


def test_audience_lookup_is_exact() -> None:
    usgov = cloud_for_token_exchange_audience("api://AzureADTokenExchangeUSGov")
    assert usgov is not None and usgov.id == "usgov"
    china = cloud_for_token_exchange_audience("api://AzureADTokenExchangeChina")
    assert china is not None and china.id == "china"
    for near in (
        "api://azureadtokenexchange",
        "api://AzureADTokenExchange/",
        " api://AzureADTokenExchange",
        "api://AzureADTokenExchangeUsGov",
        TOKEN_EXCHANGE_APP_ID,
    ):
        assert cloud_for_token_exchange_audience(near) is None


def test_token_exchange_audiences() -> None:
    assert is_token_exchange_audience("api://AzureADTokenExchange")
    assert is_token_exchange_audience(TOKEN_EXCHANGE_APP_ID)
    for other in (
        "api://azureadtokenexchange",
        "api://AzureADTokenExchange/",
        "https://github.com/contoso",
        "api://AKSIdentityBinding",
        "https://management.azure.com/",
        "",
    ):
        assert not is_token_exchange_audience(other)


@pytest.mark.parametrize(
    "issuer",
    [
        f"https://login.microsoftonline.com/{TENANT}/v2.0",
        f"https://sts.windows.net/{TENANT}/",
        f"https://login.microsoftonline.us/{TENANT}/v2.0",
        f"https://login.partner.microsoftonline.cn/{TENANT}/v2.0",
        f"HTTPS://Login.MicrosoftOnline.com/{TENANT}/v2.0",
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
    ],
)
def test_entra_issuers(issuer: str) -> None:
    assert is_entra_issuer(issuer)
    tenant = entra_issuer_tenant(issuer)
    assert tenant is not None and tenant in issuer


@pytest.mark.parametrize(
    "issuer",
    [
        "https://token.actions.githubusercontent.com",
        f"https://login.microsoftonline.com.evil.example/{TENANT}/v2.0",
        f"https://evil.example/login.microsoftonline.com/{TENANT}/v2.0",
        f"https://login.microsoftonline.com@evil.example/{TENANT}/v2.0",
        f"https://evil.example@login.microsoftonline.com/{TENANT}/v2.0",
        f"http://login.microsoftonline.com/{TENANT}/v2.0",
        f"https://login.microsoftonline.com:443/{TENANT}/v2.0",
        f"https://login.microsoftonline.com/{TENANT}/v2.0/",
        f"https://login.microsoftonline.com/{TENANT}/v2",
        f"https://login.microsoftonline.com/{TENANT}",
        f"https://login.microsoftonline.com/{TENANT}/v2.0 ",
        f" https://login.microsoftonline.com/{TENANT}/v2.0",
        f"https://sts.windows.net/{TENANT}",
        f"https://sts.windows.net.evil.example/{TENANT}/",
        "https://login.microsoftonline.com/common/v2.0",
        "https://login.microsoftonline.com/organizations/v2.0",
        "https://login.microsoftonline.com/v2.0/v2.0",
        "https://login.microsoftonline.com//v2.0",
        f"https://vstoken.dev.azure.com/{TENANT}",
        f"https://eastus.oic.prod-aks.azure.com/{TENANT}/{TENANT}/",
        "",
    ],
)
def test_not_entra_issuers(issuer: str) -> None:
    assert not is_entra_issuer(issuer)
    assert entra_issuer_tenant(issuer) is None


def test_tenant_is_returned_as_written() -> None:
    upper = TENANT.upper()
    assert entra_issuer_tenant(f"https://login.microsoftonline.com/{upper}/v2.0") == upper
