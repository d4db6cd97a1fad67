"""The search for other identities holding the token's subject (``credential-on-other-identity``):
Graph's application pages followed to the end or to a stated bound, managed identities through
Resource Graph and ARM, throttling waited for, a 403 explained, and none of it delaying the
other steps."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.live.helpers import lab, request_for, step, tweaked, walk_lab
from wifdoctor.checks.live_search import MAX_APPLICATIONS, MAX_IDENTITY_PAGES, MAX_PAGES
from wifdoctor.clients.arm import ArmClient, ArmFailed

MAIN = "repo:contoso/payments-api:ref:refs/heads/main"
GITHUB = "https://token.actions.githubusercontent.com"


def _searches(diagnosis: Any) -> list[Any]:
    """The search's Graph requests (the application list, not the app read by appId)."""
    return [c for c in diagnosis.trace if c.path == "/beta/applications"]


def _finding(diagnosis: Any) -> Any:
    return next(f for f in diagnosis.findings if f.id == "credential-on-other-identity")


async def test_the_matching_app_on_page_three_is_found() -> None:
    diagnosis = await walk_lab(lab("credential-on-other-app-page-3"))
    assert [c.status for c in _searches(diagnosis)] == [200, 200, 200]  # nextLink, twice
    finding = _finding(diagnosis)
    assert finding.evidence["on_client_id"] == "6b2e9d4f-1c3a-4e5b-8d7f-0a9c8b7e6d5f"
    assert "'payments-deploy-old'" in finding.explanation
    assert "5 application(s) with this subject" in step(diagnosis, "search").summary


def _many_apps(count: int, page_size: int) -> Any:
    def change(data: dict[str, Any]) -> None:
        job, holder = data["identities"][0], data["identities"][-1]
        decoys = [
            {
                "kind": "app",
                "name": f"decoy-{n}",
                "client_id": f"00000000-0000-4000-8000-{n:012d}",
                "object_id": f"00000000-0000-4000-9000-{n:012d}",
                "sp_id": f"00000000-0000-4000-a000-{n:012d}",
                "credentials": [{"name": "ent", "issuer": f"{GITHUB}/contoso", "subject": MAIN}],
            }
            for n in range(count)
        ]
        data["identities"] = [job, *decoys, holder]  # the holder comes last
        data["graph_page_size"] = page_size

    return tweaked("credential-on-other-identity", change)


async def test_the_page_bound_is_stated() -> None:
    diagnosis = await walk_lab(lab(_many_apps(10, 1)))
    assert len(_searches(diagnosis)) == MAX_PAGES
    search = step(diagnosis, "search")
    assert search.status == "pass"
    assert f"Searched only the first {MAX_PAGES} of 11 applications" in search.summary
    assert f"{MAX_APPLICATIONS} applications or {MAX_PAGES} pages" in search.summary
    elsewhere = step(diagnosis, "elsewhere")  # the holder was past the bound: said, not hidden
    assert f"Searched only the first {MAX_PAGES} of 11" in elsewhere.summary
    assert "credential-on-other-identity" not in {f.id for f in diagnosis.findings}


async def test_the_total_bound_is_stated() -> None:
    diagnosis = await walk_lab(lab(_many_apps(MAX_APPLICATIONS + 5, 100)))
    assert len(_searches(diagnosis)) == 2  # 100 a page: two pages reach the bound
    summary = step(diagnosis, "search").summary
    assert f"Searched only the first {MAX_APPLICATIONS} of {MAX_APPLICATIONS + 6}" in summary


async def test_the_credential_on_a_managed_identity_is_found_through_resource_graph() -> None:
    diagnosis = await walk_lab(lab("credential-on-managed-identity"))
    finding = _finding(diagnosis)
    assert "the managed identity 'payments-mi'" in finding.explanation
    assert "the application 'payments-deploy'" in finding.explanation
    assert finding.evidence["on_resource"].endswith("/userAssignedIdentities/payments-mi")
    graph_pages = [
        c for c in diagnosis.trace if c.path.endswith("/Microsoft.ResourceGraph/resources")
    ]
    assert len(graph_pages) == 3  # one identity a page, $skipToken followed
    credential_lists = [
        c for c in diagnosis.trace if c.path.endswith("/federatedIdentityCredentials")
    ]
    assert len(credential_lists) == 3


async def test_the_identity_pages_bound_is_stated() -> None:
    def change(data: dict[str, Any]) -> None:
        base = data["identities"][1]
        data["identities"] += [
            {**base, "name": f"extra-mi-{n}", "client_id": f"10000000-0000-4000-8000-{n:012d}"}
            for n in range(2)
        ]

    diagnosis = await walk_lab(lab(tweaked("credential-on-managed-identity", change)))
    summary = step(diagnosis, "search").summary
    assert f"Searched only the first {MAX_IDENTITY_PAGES} of 5 managed identities" in summary
    assert "credential-on-other-identity" in {f.id for f in diagnosis.findings}  # on page 2


async def test_the_job_as_a_managed_identity_and_the_credential_on_an_app() -> None:
    diagnosis = await walk_lab(lab("managed-identity-credential-on-app"))
    finding = _finding(diagnosis)
    assert "on the application 'payments-deploy'" in finding.explanation
    assert "signs in as the managed identity 'payments-mi'" in finding.explanation
    assert "add the same credential to the managed identity" in finding.fix[0]


async def test_a_forbidden_search_says_which_permission_and_concludes_nothing() -> None:
    diagnosis = await walk_lab(lab("search-forbidden"))
    search = step(diagnosis, "search")
    assert search.status == "incomplete"
    assert "HTTP 403" in search.summary and "Application.Read.All" in search.summary
    assert "Reader role" in search.summary  # the Resource Graph side
    elsewhere = step(diagnosis, "elsewhere")
    assert elsewhere.status == "incomplete"
    assert "not complete" in elsewhere.summary
    assert step(diagnosis, "identity").status == "pass"  # the rest of the walk is unaffected
    assert "credential-on-other-identity" not in {f.id for f in diagnosis.findings}


async def test_a_throttled_search_waits_for_retry_after_and_goes_on() -> None:
    diagnosis = await walk_lab(lab("search-throttled"))
    tries = _searches(diagnosis)
    assert [c.status for c in tries] == [429, 200]
    assert tries[1].started_ms - tries[0].started_ms >= 900  # Retry-After: 1 honoured
    assert _finding(diagnosis) is not None


async def test_the_search_delays_no_other_step() -> None:
    """At 150 ms a request the search pages for 450 ms; identity, match, the keys and the clock
    finish on their own chains' time, long before it."""
    chosen = lab("credential-on-other-app-page-3")
    await walk_lab(lab("credential-on-other-app-page-3"))  # warm: msgraph's imports
    chosen.state.latency_ms = 150
    diagnosis = await walk_lab(chosen, request=request_for(chosen, exchange=False))

    def end(step_id: str) -> float:
        result = step(diagnosis, step_id)
        return float(result.started_ms + result.duration_ms)

    search_end = end("search")
    assert search_end >= 450
    for other in ("identity", "match", "signature", "clock"):
        assert end(other) < search_end - 100, (other, end(other), search_end)
    assert end("elsewhere") >= search_end


async def test_a_next_link_to_another_host_is_not_followed() -> None:
    """The bearer token goes only to the ARM host that was asked."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.host)
        return httpx.Response(
            200, json={"value": [], "nextLink": "https://evil.example/steal?api-version=1"}
        )

    async def token() -> str:
        return "operator-token"

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        arm = ArmClient(http, token, "https://management.azure.com")
        resource = (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
            "userAssignedIdentities/mi"
        )
        with pytest.raises(ArmFailed, match="refused to follow a link away"):
            await arm.managed_identity_credentials(resource)
    assert sent == ["management.azure.com"]


async def test_a_graph_next_link_to_another_host_is_not_followed() -> None:
    from wifdoctor.clients.graph import GraphClient, GraphFailed
    from wifdoctor.clients.operator import TokenFunctionOperator

    async def token(scope: str) -> str:
        return "operator-token"

    async with httpx.AsyncClient() as http:
        graph = GraphClient(
            http, TokenFunctionOperator(token, "test"), "https://graph.microsoft.com"
        )
        with pytest.raises(GraphFailed, match="refused to follow a link away"):
            await graph.get_url("https://graph.microsoft.com.evil.example/beta/applications")


async def test_resource_graph_throttling_waits_for_its_own_reset_header() -> None:
    """Resource Graph says how long to wait in x-ms-user-quota-resets-after, not Retry-After."""
    from wifdoctor.lab.state import RouteFault

    chosen = lab("credential-on-managed-identity")
    chosen.state.faults = {
        "management.azure.com/providers/Microsoft.ResourceGraph": RouteFault(
            status=429, quota_resets_after="00:00:01", times=1
        )
    }
    diagnosis = await walk_lab(chosen)
    tries = [c for c in diagnosis.trace if c.path.endswith("/Microsoft.ResourceGraph/resources")]
    assert [c.status for c in tries[:2]] == [429, 200]
    assert tries[1].started_ms - tries[0].started_ms >= 900
    assert _finding(diagnosis).evidence["on_identity"] == "payments-mi"


def test_the_quota_reset_header_is_read_as_seconds() -> None:
    from wifdoctor.clients.http import quota_reset_seconds

    assert quota_reset_seconds("00:00:03") == 3.0
    assert quota_reset_seconds("01:02:03") == 3723.0
    assert quota_reset_seconds(None) is None
    assert quota_reset_seconds("3") is None
    assert quota_reset_seconds("aa:bb:cc") is None


async def test_an_object_id_used_as_the_client_id_is_named_with_the_app_that_matches() -> None:
    """The client ID names no identity (it is the app's object ID): the search still finds the
    app whose credential matches, and says which ID the job should use."""
    diagnosis = await walk_lab(lab("wrong-client-id"))
    assert step(diagnosis, "identity").status == "fail"
    finding = _finding(diagnosis)
    assert "which is that identity's object ID, not its client ID" in finding.explanation
    assert finding.fix == (
        "Let the job use the client ID 3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c (AZURE_CLIENT_ID / "
        "client-id): the Client ID, not an object ID.",
    )
    assert "client-id-not-found" in {f.id for f in diagnosis.findings}
