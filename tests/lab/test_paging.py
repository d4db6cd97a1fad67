"""The lab's paging over raw HTTP, from its own state: Graph's server-driven pages with an
``@odata.nextLink`` that carries the filter intact, ARM lists with ``nextLink``, Azure Resource
Graph's ``$skipToken``, and faults aimed at one query."""

from __future__ import annotations

from typing import Any

import httpx

from tests.lab.helpers import lab_for
from wifdoctor.lab.server import Lab
from wifdoctor.lab.state import Credential, Identity, RouteFault

GRAPH = "https://graph.microsoft.com"
ARM = "https://management.azure.com"
RESOURCES = f"{ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"
QUERY = "resources | where type =~ 'microsoft.managedidentity/userassignedidentities'"
ODD = "repo:contoso/a&b c:ref:refs/heads/it's"  # &, space and quote must survive the nextLink


def _client(lab: Lab, resource: str) -> httpx.AsyncClient:
    token = lab.operator_token(resource)
    return httpx.AsyncClient(
        transport=lab.transport(), headers={"Authorization": f"Bearer {token}"}
    )


def _apps(lab: Lab, count: int, subject: str) -> None:
    for n in range(count):
        lab.state.identities.append(
            Identity(
                "app",
                f"app-{n}",
                f"00000000-0000-4000-8000-{n:012d}",
                f"obj-{n}",
                f"sp-{n}",
                credentials=[
                    Credential("c", "https://token.actions.githubusercontent.com", subject, [])
                ],
            )
        )


async def test_graph_pages_by_next_link_with_the_filter_intact() -> None:
    lab = lab_for("healthy")
    lab.state.graph_page_size = 2  # the server pages below $top
    _apps(lab, 5, ODD)
    quoted = ODD.replace("'", "''")
    params = {
        "$filter": f"federatedIdentityCredentials/any(f:f/subject eq '{quoted}')",
        "$expand": "federatedIdentityCredentials",
        "$count": "true",
        "$top": "100",
    }
    names: list[str] = []
    pages = 0
    async with _client(lab, GRAPH) as client:
        answer = await client.get(f"{GRAPH}/beta/applications", params=params)
        while True:
            assert answer.status_code == 200, answer.text
            body = answer.json()
            assert body["@odata.count"] == 5
            names += [a["displayName"] for a in body["value"]]
            pages += 1
            if "@odata.nextLink" not in body:
                break
            answer = await client.get(body["@odata.nextLink"])
    assert pages == 3
    assert names == [f"app-{n}" for n in range(5)]


async def _query(client: httpx.AsyncClient, **options: Any) -> httpx.Response:
    return await client.post(RESOURCES, json={"query": QUERY, "options": options})


async def test_resource_graph_lists_the_identities_by_skip_token() -> None:
    lab = lab_for("credential-on-managed-identity")  # three identities, one a page
    seen: list[str] = []
    async with _client(lab, ARM) as client:
        answer = await _query(client, **{"$top": 100})
        while True:
            body = answer.json()
            assert body["totalRecords"] == 3 and body["count"] == 1
            seen += [row["properties"]["clientId"] for row in body["data"]]
            if "$skipToken" not in body:
                break
            answer = await _query(client, **{"$top": 100, "$skipToken": body["$skipToken"]})
        assert seen == [i.client_id for i in lab.state.identities if i.kind == "uami"]
        projected = await client.post(
            RESOURCES, json={"query": f"{QUERY} | project id, name", "options": {"$top": 5}}
        )
        assert set(projected.json()["data"][0]) == {"id", "name"}
        for bad in ({"query": "resources | take 5"}, {"query": QUERY, "options": {"$top": 5000}}):
            refused = await client.post(RESOURCES, json=bad)
            assert refused.status_code == 400
            assert refused.json()["error"]["details"][0]["code"] == "InvalidQuery"
        forged = await _query(client, **{"$skipToken": "not-a-token"})
        assert forged.status_code == 400


async def test_arm_lists_page_by_next_link() -> None:
    lab = lab_for("credential-on-managed-identity")
    lab.state.arm_page_size = 2
    payments = next(i for i in lab.state.identities if i.display_name == "payments-mi")
    payments.credentials += [
        Credential(f"extra-{n}", "https://gitlab.com", f"project_path:g/p:{n}", ["x"])
        for n in range(3)
    ]
    url = f"{ARM}{payments.arm_id}/federatedIdentityCredentials?api-version=2023-01-31"
    names: list[str] = []
    async with _client(lab, ARM) as client:
        while url:
            body = (await client.get(url)).json()
            names += [item["name"] for item in body["value"]]
            url = body.get("nextLink", "")
        identities = await client.get(
            f"{ARM}/subscriptions/{payments.subscription_id}/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31"
        )
    assert names == ["github-main", "extra-0", "extra-1", "extra-2"]
    assert len(identities.json()["value"]) == 2 and "nextLink" in identities.json()


async def test_a_fault_keyed_by_a_query_hits_only_that_query() -> None:
    lab = lab_for("credential-on-other-identity")
    lab.state.faults = {"graph.microsoft.com/beta/applications?": RouteFault(status=403)}
    app_id = lab.scenario.client_id
    async with _client(lab, GRAPH) as client:
        one = await client.get(f"{GRAPH}/beta/applications(appId='{app_id}')")
        search = await client.get(f"{GRAPH}/beta/applications", params={"$top": "5"})
    assert one.status_code == 200
    assert search.status_code == 403
    assert search.json()["error"]["code"] == "Authorization_RequestDenied"
