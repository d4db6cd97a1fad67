"""Each network step's failure modes against the lab: unreachable, 403, 429, 5xx, timeout and a
truncated body. Each is a result with the real status and a clear message, never a crash, and
the walk goes on."""

from __future__ import annotations

import io
import time

import httpx
import pytest

from tests.live.helpers import lab, step, walk_lab
from wifdoctor.clients.http import HttpFactory
from wifdoctor.clients.lab_link import lab_environment
from wifdoctor.lab.state import RouteFault
from wifdoctor.report.text_report import render_text

# step, scenario, the piece of host/path the fault applies to
WHERE = {
    "discovery": ("healthy", "token.actions.githubusercontent.com/.well-known/openid"),
    "signature": ("healthy", "token.actions.githubusercontent.com/.well-known/jwks"),
    "identity": ("healthy", "graph.microsoft.com/beta/applications("),
    "identity-arm": ("issuer-slash-missing", "/federatedIdentityCredentials"),
    "exchange": ("healthy", "login.microsoftonline.com/"),
    "access": ("healthy", "management.azure.com/subscriptions"),
    "policy": ("conditional-access", "graph.microsoft.com/v1.0/identity/conditionalAccess"),
    # the search for other identities: Graph's application list, and Resource Graph
    "search": ("credential-on-other-identity", "graph.microsoft.com/beta/applications?"),
    "search-arm": (
        "credential-on-managed-identity",
        "management.azure.com/providers/Microsoft.ResourceGraph",
    ),
}
FAULTS = {
    "403": (RouteFault(status=403), "HTTP 403"),
    "429": (RouteFault(status=429, retry_after=60), "HTTP 429"),
    "5xx": (RouteFault(status=503), "HTTP 503"),
    "timeout": (RouteFault(timeout=True), "timed out"),
    "truncated": (RouteFault(truncate=True), "truncated"),
}


class Unreachable(httpx.AsyncBaseTransport):
    """The lab's transport, except that ``host`` cannot be connected to."""

    def __init__(self, inner: httpx.AsyncBaseTransport, where: str) -> None:
        self.inner = inner
        self.where = where

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        target = f"{request.url.host}{request.url.path}"
        if "?" in self.where:  # a key naming a query (faults.py does the same)
            target += f"?{request.url.query.decode()}"
        if self.where in target:
            raise httpx.ConnectError(f"cannot connect to {request.url.host}", request=request)
        return await self.inner.handle_async_request(request)


def _check(diagnosis: object, step_id: str, phrase: str) -> None:
    result = step(diagnosis, step_id)
    assert result.status in ("fail", "incomplete"), result
    assert phrase in result.summary, result.summary
    for other in diagnosis.steps:  # type: ignore[attr-defined]
        assert "unexpectedly" not in other.summary, other
    out = io.StringIO()
    render_text(diagnosis, out, color=False)  # type: ignore[arg-type]
    assert "Traceback" not in out.getvalue()


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("where", sorted(WHERE))
async def test_a_failing_request_is_a_result(where: str, fault: str) -> None:
    name, key = WHERE[where]
    chosen = lab(name)
    chosen.state.timeout_seconds = 5
    chosen.state.faults = {key: FAULTS[fault][0]}
    started = time.perf_counter()
    diagnosis = await walk_lab(chosen)
    assert time.perf_counter() - started < 4  # bounded retries, per-request deadlines
    _check(diagnosis, where.removesuffix("-arm"), FAULTS[fault][1])


@pytest.mark.parametrize("where", sorted(WHERE))
async def test_an_unreachable_host_is_a_result(where: str) -> None:
    name, key = WHERE[where]
    chosen = lab(name)
    env = lab_environment(chosen)
    env.http = HttpFactory(
        policy=env.http.policy, transport=lambda: Unreachable(chosen.transport(), key)
    )
    diagnosis = await walk_lab(chosen, env=env)
    _check(diagnosis, where.removesuffix("-arm"), "cannot connect")


async def test_a_short_throttle_is_waited_for_and_retried() -> None:
    chosen = lab("healthy")
    key = WHERE["identity"][1]
    chosen.state.faults = {key: RouteFault(status=429, retry_after=1, times=1)}
    diagnosis = await walk_lab(chosen)
    assert step(diagnosis, "identity").status == "pass"
    tries = [c for c in diagnosis.trace if "/beta/applications(" in c.path]
    assert [c.status for c in tries] == [429, 200]
    assert tries[1].started_ms - tries[0].started_ms >= 900  # Retry-After: 1 honoured


async def test_graph_without_permission_says_which_one() -> None:
    chosen = lab("healthy")
    chosen.state.operator_permissions = set()
    diagnosis = await walk_lab(chosen)
    identity = step(diagnosis, "identity")
    assert identity.status == "incomplete"
    assert "Application.Read.All" in identity.summary
    assert step(diagnosis, "match").status == "skipped"
    assert "Skipped:" in step(diagnosis, "match").summary
    assert diagnosis.exit_code in (1, 3)


async def test_conditional_access_unreadable_degrades_to_the_permission() -> None:
    chosen = lab("conditional-access")
    chosen.state.operator_permissions = {"Application.Read.All"}
    diagnosis = await walk_lab(chosen)
    policy = step(diagnosis, "policy")
    assert policy.status == "incomplete"
    assert "Policy.Read.All" in policy.summary
    assert "conditional-access-blocked" in {f.id for f in diagnosis.findings}  # from Entra's code


async def test_plain_http_and_redirects_to_http_are_refused() -> None:
    from wifdoctor.clients.http import FetchFailed, request_json

    chosen = lab("healthy")
    factory = HttpFactory(transport=chosen.transport)
    async with factory.client() as client:
        with pytest.raises(FetchFailed, match="https only"):
            await request_json(client, "GET", "http://token.actions.githubusercontent.com/x", "x")
    assert factory.trace.calls[-1].error == "refused: not https"


async def test_a_body_over_the_cap_is_refused() -> None:
    from wifdoctor.clients.http import FetchFailed, HttpPolicy, request_json

    chosen = lab("healthy")
    factory = HttpFactory(policy=HttpPolicy(max_bytes=100), transport=chosen.transport)
    url = "https://token.actions.githubusercontent.com/.well-known/openid-configuration"
    async with factory.client() as client:
        with pytest.raises(FetchFailed, match="more than 100 bytes"):
            await request_json(client, "GET", url, "Discovery")
