"""The workload issuers: discovery and JWKS at each platform's exact URL (trailing slashes,
enterprise slugs, GitLab's key path), key rotation, and the metadata faults."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from tests.lab.helpers import code_of, exchange, lab_for
from wifdoctor.lab.issuers import make_issuer, rotate
from wifdoctor.lab.server import Lab


async def _get(lab: Lab, url: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=lab.transport()) as client:
        return await client.get(url)


@pytest.mark.parametrize(
    ("platform", "url", "discovery", "jwks"),
    [
        (
            "github-actions",
            "https://token.actions.githubusercontent.com/contoso-enterprise",
            "https://token.actions.githubusercontent.com/contoso-enterprise/.well-known/openid-configuration",
            "https://token.actions.githubusercontent.com/contoso-enterprise/.well-known/jwks",
        ),
        (
            "kubernetes",
            "https://eastus.oic.prod-aks.azure.com/t-1/i-1/",
            "https://eastus.oic.prod-aks.azure.com/t-1/i-1/.well-known/openid-configuration",
            "https://eastus.oic.prod-aks.azure.com/t-1/i-1/openid/v1/jwks",
        ),
        (
            "azure-devops",
            "https://vstoken.dev.azure.com/5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59",
            "https://vstoken.dev.azure.com/5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59/.well-known/openid-configuration",
            "https://vstoken.dev.azure.com/5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59/.well-known/jwks",
        ),
        (
            "gitlab",
            "https://gitlab.com",
            "https://gitlab.com/.well-known/openid-configuration",
            "https://gitlab.com/oauth/discovery/keys",
        ),
        (
            "terraform-cloud",
            "https://app.terraform.io",
            "https://app.terraform.io/.well-known/openid-configuration",
            "https://app.terraform.io/.well-known/jwks",
        ),
    ],
)
async def test_discovery_and_jwks_at_the_exact_urls(
    platform: str, url: str, discovery: str, jwks: str
) -> None:
    lab = lab_for("healthy")
    issuer = make_issuer("x", platform, url, 1)
    lab.state.issuers.append(issuer)
    document = (await _get(lab, discovery)).json()
    assert document["issuer"] == url and document["jwks_uri"] == jwks
    keys = (await _get(lab, jwks)).json()["keys"]
    assert [k["kid"] for k in keys] == ["x-key-1"] and keys[0]["alg"] == "RS256"
    assert (await _get(lab, url.rstrip("/") + "/nope")).status_code == 404


async def test_entras_own_metadata_for_msal() -> None:
    lab = lab_for("healthy")
    tenant = lab.scenario.tenant_id
    document = (
        await _get(
            lab, f"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"
        )
    ).json()
    assert document["issuer"] == f"https://login.microsoftonline.com/{tenant}/v2.0"
    assert (
        document["token_endpoint"]
        == f"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
    )
    keys = (await _get(lab, document["jwks_uri"])).json()["keys"]
    assert keys[0]["kid"] == "lab-entra-key-1"


async def test_rotation_keeps_or_drops_the_old_key() -> None:
    lab = lab_for("healthy")
    issuer = lab.state.issuers[0]
    old = lab.workload_token()
    rotate(issuer, 2)
    new = lab.workload_token()
    assert jwt.get_unverified_header(new)["kid"] == "github-key-2"
    assert code_of(await exchange(lab, old)) is None
    assert code_of(await exchange(lab, new)) is None
    rotate(issuer, 3, keep_old=False)
    assert code_of(await exchange(lab, old)) == 7000272


async def test_issuer_faults_seen_by_any_client() -> None:
    lab = lab_for("healthy")
    issuer = lab.state.issuers[0]
    issuer.faults.non_json = True
    answer = await _get(lab, issuer.discovery_url)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    issuer.faults.non_json = False
    issuer.faults.extra_keys = 120
    assert len((await _get(lab, issuer.jwks_url)).json()["keys"]) == 121
    issuer.faults.slow_ms = 150
    begin = time.perf_counter()
    await _get(lab, issuer.discovery_url)
    assert time.perf_counter() - begin >= 0.15
    issuer.faults.unreachable = True
    with pytest.raises(httpx.ConnectError):
        await _get(lab, issuer.discovery_url)


async def test_minted_claims_look_like_the_platforms() -> None:
    for name, expected in (
        (
            "subject-entity",
            {"environment": "production", "event_name": "push", "ref_type": "branch"},
        ),
        (
            "issuer-slash-missing",
            {
                "sub": "system:serviceaccount:payments:workload-sa",
                "aud": ["api://AzureADTokenExchange"],
            },
        ),
        ("audience", {"aud": "https://gitlab.com", "project_path": "contoso/payments-api"}),
        ("lifetime-too-long", {"terraform_run_phase": "apply"}),
    ):
        claims = jwt.decode(lab_for(name).workload_token(), options={"verify_signature": False})
        assert expected.items() <= claims.items(), name
        assert claims["iat"] <= time.time() + 1 and claims["nbf"] <= claims["iat"] < claims["exp"]
