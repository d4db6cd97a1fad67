"""The Graph and ARM subsets over raw HTTP: credential validation, upsert, v1.0 versus beta,
filters and $batch, Conditional Access throttling, ARM's 409/405/duplicate errors, the access
check, faults per route, and the platforms' token endpoints."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.lab.helpers import lab_for
from wifdoctor.lab.server import Lab
from wifdoctor.lab.state import RouteFault

GH = "https://token.actions.githubusercontent.com"
AUD = ["api://AzureADTokenExchange"]
GRAPH = "https://graph.microsoft.com"
UAMI = (
    "https://management.azure.com/subscriptions/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e/resourceGroups/"
    "payments-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/payments-mi"
)


def _client(lab: Lab, resource: str = GRAPH) -> httpx.AsyncClient:
    token = lab.operator_token(resource)
    return httpx.AsyncClient(
        transport=lab.transport(), headers={"Authorization": f"Bearer {token}"}
    )


def _fic(name: str, subject: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "issuer": GH, "subject": subject, "audiences": AUD, **extra}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_fic("bad/name", "s1"), "The specified Name value is not a valid URI last segment."),
        (_fic("ab", "s1"), "The specified Name value is not a valid URI last segment."),
        (_fic("two-audiences", "s1", audiences=["a", "b"]), "exactly one audience"),
        (_fic("long", "s" * 601), "maximum length of 600"),
        (
            _fic("dup", "repo:contoso/payments-api:ref:refs/heads/main"),
            "must be unique for the application",
        ),
    ],
)
async def test_graph_credential_validation(body: dict[str, Any], message: str) -> None:
    lab = lab_for("healthy")
    app = lab.state.identities[0].object_id
    async with _client(lab) as client:
        answer = await client.post(
            f"{GRAPH}/v1.0/applications/{app}/federatedIdentityCredentials", json=body
        )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert (
        error["code"] == "InvalidFederatedIdentityCredentialValue" and message in error["message"]
    )
    assert set(error["innerError"]) == {"date", "request-id", "client-request-id"}


async def test_graph_limit_upsert_and_404_right_after_create() -> None:
    lab = lab_for("healthy")
    lab.state.not_found_after_create = 1
    app = lab.state.identities[0].client_id
    base = f"{GRAPH}/beta/applications(appId='{app}')/federatedIdentityCredentials"
    async with _client(lab) as client:
        created = await client.post(base, json=_fic("branch-0", "sub-0"))
        assert created.status_code == 201
        fic_id = created.json()["id"]
        assert (await client.get(f"{base}/{fic_id}")).status_code == 404  # not replicated yet
        assert (await client.get(f"{base}/{fic_id}")).status_code == 200
        for i in range(1, 19):
            assert (
                await client.post(base, json=_fic(f"branch-{i}", f"sub-{i}"))
            ).status_code == 201
        over = await client.post(base, json=_fic("branch-20", "sub-20"))
        assert (
            over.status_code == 400
            and "20 federated identity credentials" in over.json()["error"]["message"]
        )
        upsert = await client.patch(
            f"{base}(name='branch-0')",
            json={"subject": "sub-0b"},
            headers={"Prefer": "create-if-missing"},
        )
        assert upsert.status_code == 204
        renamed = await client.patch(f"{base}/branch-0", json={"name": "other"})
        assert renamed.status_code == 400 and "immutable" in renamed.json()["error"]["message"]
        listed = await client.get(base, params={"$filter": "subject eq 'sub-0b'"})
        assert [f["name"] for f in listed.json()["value"]] == ["branch-0"]
        assert listed.json()["value"][0]["claimsMatchingExpression"] is None  # beta has the field
        v1 = await client.get(base.replace("/beta/", "/v1.0/"), params={"$top": "2"})
        assert "claimsMatchingExpression" not in v1.json()["value"][0]  # v1.0 does not
        assert "$skiptoken=2" in v1.json()["@odata.nextLink"]


async def test_flexible_credentials_in_beta_and_the_v1_break() -> None:
    lab = lab_for("flexible-expression")
    app = lab.state.identities[0].object_id
    async with _client(lab) as client:
        beta = await client.get(f"{GRAPH}/beta/applications/{app}/federatedIdentityCredentials")
        assert beta.json()["value"][0]["claimsMatchingExpression"]["languageVersion"] == 1
        assert beta.json()["value"][0]["subject"] is None
        v1 = await client.get(f"{GRAPH}/v1.0/applications/{app}/federatedIdentityCredentials")
    assert v1.status_code == 200
    with pytest.raises(ValueError):
        v1.json()  # Azure/azure-workload-identity#373: a truncated array and an inline error
    assert "subject[Nullable=False]" in v1.text


async def test_graph_filters_expand_batch_and_service_principals() -> None:
    lab = lab_for("credential-on-other-identity")
    main = "repo:contoso/payments-api:ref:refs/heads/main"
    query = f"federatedIdentityCredentials/any(f:f/subject eq '{main}')"
    async with _client(lab) as client:
        found = await client.get(
            f"{GRAPH}/v1.0/applications",
            params={"$filter": query, "$expand": "federatedIdentityCredentials"},
        )
        assert [a["displayName"] for a in found.json()["value"]] == ["payments-deploy-old"]
        selected = await client.get(f"{GRAPH}/v1.0/applications", params={"$select": "id,appId"})
        assert all(set(a) == {"id", "appId"} for a in selected.json()["value"])
        batch = await client.post(
            f"{GRAPH}/v1.0/$batch",
            json={
                "requests": [
                    {
                        "id": "1",
                        "method": "GET",
                        "url": f"/servicePrincipals(appId='{lab.scenario.client_id}')",
                    },
                    {"id": "2", "method": "GET", "url": "/applications/nope"},
                ]
            },
        )
        responses = {r["id"]: r for r in batch.json()["responses"]}
        assert responses["1"]["status"] == 200 and responses["1"]["body"]["accountEnabled"] is True
        assert responses["2"]["status"] == 404
        too_many = await client.post(
            f"{GRAPH}/v1.0/$batch",
            json={
                "requests": [
                    {"id": str(i), "method": "GET", "url": "/applications"} for i in range(21)
                ]
            },
        )
        assert too_many.status_code == 400


async def test_conditional_access_is_throttled_to_one_request_a_second_without_retry_after() -> (
    None
):
    lab = lab_for("conditional-access")
    async with _client(lab) as client:
        first = await client.get(f"{GRAPH}/v1.0/identity/conditionalAccess/policies")
        assert first.json()["value"][0]["conditions"]["clientApplications"][
            "includeServicePrincipals"
        ] == ["ServicePrincipalsInMyTenant"]
        second = await client.get(f"{GRAPH}/v1.0/identity/conditionalAccess/namedLocations")
        assert second.status_code == 429 and "retry-after" not in second.headers
        later = lab.state.clock() + 1.5
        lab.state.clock = lambda: later
        third = await client.get(f"{GRAPH}/v1.0/identity/conditionalAccess/namedLocations")
        assert third.json()["value"][0]["ipRanges"][0]["cidrAddress"] == "192.0.2.0/24"


async def test_sign_in_log_records_the_exchange() -> None:
    from tests.lab.helpers import exchange

    lab = lab_for("conditional-access")
    failed = await exchange(lab, lab.workload_token())
    async with _client(lab) as client:
        logs = await client.get(
            f"{GRAPH}/beta/auditLogs/signIns",
            params={
                "$filter": f"appId eq '{lab.scenario.client_id}' and "
                "signInEventTypes/any(t: t eq 'servicePrincipal')"
            },
        )
    (entry,) = logs.json()["value"]
    assert entry["status"]["errorCode"] == 53003
    assert entry["correlationId"] == failed.json()["correlation_id"]
    assert entry["status"]["failureReason"].startswith("Access has been blocked by Conditional")
    (policy,) = entry["appliedConditionalAccessPolicies"]
    assert (policy["id"], policy["result"]) == (lab.state.policies[0].id, "failure")
    assert entry["ipAddress"] == "198.51.100.23"


async def test_arm_credentials_conflict_region_and_duplicates() -> None:
    lab = lab_for("issuer-slash-missing")
    body = {"properties": {"issuer": GH, "subject": "s-1", "audiences": AUD}}
    async with _client(lab, "https://management.azure.com/") as client:
        url = f"{UAMI}/federatedIdentityCredentials"
        one, two = await asyncio.gather(
            client.put(f"{url}/first?api-version=2023-01-31", json=body),
            client.put(
                f"{url}/second?api-version=2023-01-31",
                json={"properties": {**body["properties"], "subject": "s-2"}},
            ),
        )
        assert sorted([one.status_code, two.status_code]) == [201, 409]
        conflict = one if one.status_code == 409 else two
        assert (
            conflict.json()["error"]["code"]
            == "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity"
        )
        again = await client.put(
            f"{url}/third?api-version=2023-01-31",
            json=body
            if one.status_code == 201
            else {"properties": {**body["properties"], "subject": "s-2"}},
        )
        assert "Issuer and subject combination already exists" in again.json()["error"]["message"]
        bad = await client.put(f"{url}/repo.name?api-version=2023-01-31", json=body)
        assert (
            bad.status_code == 400
            and "within 3 and 120 characters" in bad.json()["error"]["message"]
        )
        encoded = await client.put(f"{url}/feature%2Fx?api-version=2023-01-31", json=body)
        assert encoded.json()["error"]["code"] == "InvalidDoubleEncodedRequestUri"
        lab.state.fic_only_regions = ("westeurope",)
        region = await client.put(f"{url}/fourth?api-version=2023-01-31", json=body)
        assert region.status_code == 405 and region.json()["error"]["code"] == "MethodNotAllowed"
        listed = await client.get(f"{url}?api-version=2023-01-31")
        assert len(listed.json()["value"]) == 2


async def test_subscriptions_follow_role_assignments() -> None:
    from tests.lab.helpers import exchange

    for name, expected in (("healthy", 1), ("no-role", 0)):
        lab = lab_for(name)
        access = (
            await exchange(lab, lab.workload_token(), scope="https://management.azure.com/.default")
        ).json()
        async with httpx.AsyncClient(transport=lab.transport()) as client:
            answer = await client.get(
                "https://management.azure.com/subscriptions?api-version=2022-12-01",
                headers={"Authorization": f"Bearer {access['access_token']}"},
            )
        assert len(answer.json()["value"]) == expected


@pytest.mark.parametrize(
    ("fault", "status", "retry_after"),
    [
        (RouteFault(status=429, retry_after=2), 429, "2"),
        (RouteFault(status=429), 429, None),
        (RouteFault(status=503), 503, None),
    ],
)
async def test_route_faults(fault: RouteFault, status: int, retry_after: str | None) -> None:
    lab = lab_for("healthy")
    lab.state.faults = {"graph.microsoft.com/v1.0/applications": fault}
    async with _client(lab) as client:
        answer = await client.get(f"{GRAPH}/v1.0/applications")
        assert (answer.status_code, answer.headers.get("retry-after")) == (status, retry_after)
        assert (await client.get(f"{GRAPH}/v1.0/servicePrincipals")).status_code == 200


async def test_truncated_bodies_latency_and_timeouts() -> None:
    import time

    lab = lab_for("healthy")
    lab.state.latency_ms = 120  # what `lab serve --latency 120` sets
    async with _client(lab) as client:
        begin = time.perf_counter()
        await client.get(f"{GRAPH}/v1.0/servicePrincipals")
        assert time.perf_counter() - begin >= 0.12
    lab.state.latency_ms = 0
    lab.state.faults = {
        "/v1.0/applications": RouteFault(truncate=True),
        "/v1.0/servicePrincipals": RouteFault(timeout=True),
    }
    lab.state.timeout_seconds = 5
    async with _client(lab) as client:
        cut = await client.get(f"{GRAPH}/v1.0/applications")
        with pytest.raises(ValueError):
            cut.json()
        with pytest.raises(TimeoutError):  # in process there is no socket timeout: the caller's
            await asyncio.wait_for(client.get(f"{GRAPH}/v1.0/servicePrincipals"), 0.2)


async def test_platform_token_endpoints() -> None:
    from wifdoctor.lab.hosts import ADO_PATH, GITHUB_PATH

    lab = lab_for("healthy")
    github = f"https://pipelines.actions.githubusercontent.com{GITHUB_PATH}?api-version=2.0&audience=api://AzureADTokenExchange"
    ado = "https://dev.azure.com" + ADO_PATH.format(
        org="contoso", project="payments", plan="p", job="j"
    )
    bearer = {"Authorization": f"Bearer {lab.request_token}"}
    async with httpx.AsyncClient(transport=lab.transport()) as client:
        token = (await client.get(github, headers=bearer)).json()["value"]
        assert token.count(".") == 2
        assert (await client.get(github)).status_code == 401
        assert (await client.get(ado, headers=bearer)).status_code == 405
        assert (await client.post(ado + "?api-version=7.1-preview.1")).status_code == 401
        assert (await client.post(ado + "?serviceConnectionId=sc-1", headers=bearer)).json()[
            "oidcToken"
        ]
        lab.state.id_token_permission = False
        assert (await client.get(github, headers=bearer)).status_code == 403


async def test_unknown_hosts_are_refused() -> None:
    lab = lab_for("healthy")
    async with httpx.AsyncClient(transport=lab.transport()) as client:
        answer = await client.get("https://example.com/")
    assert answer.status_code == 421


async def test_managed_identities_listed_and_dates_by_the_lab_clock() -> None:
    from email.utils import parsedate_to_datetime

    lab = lab_for("issuer-slash-missing")
    lab.state.clock = lambda: 1_800_000_000.0
    async with _client(lab, "https://management.azure.com/") as client:
        listed = await client.get(
            "https://management.azure.com/subscriptions/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e/"
            "providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31"
        )
    (identity,) = listed.json()["value"]
    assert identity["properties"]["clientId"] == lab.scenario.client_id
    assert parsedate_to_datetime(listed.headers["date"]).timestamp() == 1_800_000_000


async def test_scenario_faults_and_permissions_reach_graph() -> None:
    throttled = lab_for("graph-throttled")
    app = throttled.scenario.client_id
    url = f"{GRAPH}/beta/applications(appId='{app}')/federatedIdentityCredentials"
    async with _client(throttled) as client:
        statuses = [(await client.get(url)).status_code for _ in range(3)]
        v1 = await client.get(f"{GRAPH}/v1.0/applications")
    assert statuses == [429, 429, 200]
    assert (v1.status_code, v1.headers["retry-after"]) == (503, "1")
    denied = lab_for("operator-without-permission")
    async with _client(denied) as client:
        answer = await client.get(f"{GRAPH}/v1.0/applications(appId='{app}')")
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "Authorization_RequestDenied"
