"""Graph's Conditional Access policies and named locations, beta sign-in logs, and ``$batch``.

Throttling (anchors F, Graph throttling limits): Conditional Access and named locations allow one
request per second per tenant and answer 429 with no Retry-After. ``$batch`` takes at most 20
requests and runs each through the lab as its own request.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wifdoctor.lab.graph_common import authorize, graph_error, page

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

MAX_BATCH = 20
CA_INTERVAL_SECONDS = 1.0


def _policy_json(lab: Lab, policy_id: str) -> dict[str, Any]:
    policy = next(p for p in lab.state.policies if p.id == policy_id)
    return {
        "id": policy.id,
        "displayName": policy.display_name,
        "state": policy.state,
        "conditions": {
            "applications": {"includeApplications": ["All"]},
            "clientApplications": {
                "includeServicePrincipals": policy.include_service_principals,
                "excludeServicePrincipals": policy.exclude_service_principals,
            },
            "locations": {
                "includeLocations": policy.include_locations,
                "excludeLocations": policy.exclude_locations,
            },
        },
        "grantControls": {"operator": "OR", "builtInControls": ["block"]},
    }


def conditional_access(lab: Lab, request: Request, kind: str) -> Response:
    if (denied := authorize(lab, request, ("Policy.Read.All",))) is not None:
        return denied
    now = lab.state.clock()
    if lab.state.last_ca_request >= 0 and now - lab.state.last_ca_request < CA_INTERVAL_SECONDS:
        return graph_error(request, 429, "TooManyRequests", "Too many requests.")
    lab.state.last_ca_request = now
    if kind == "policies":
        items = [_policy_json(lab, p.id) for p in lab.state.policies]
        context = "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies"
    else:
        items = [
            {
                "@odata.type": "#microsoft.graph.ipNamedLocation",
                "id": loc.id,
                "displayName": loc.display_name,
                "isTrusted": loc.trusted,
                "ipRanges": [
                    {"@odata.type": "#microsoft.graph.iPv4CidrRange", "cidrAddress": cidr}
                    for cidr in loc.cidrs
                ],
            }
            for loc in lab.state.locations
        ]
        context = (
            "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations"
        )
    return JSONResponse(page(request, items, context, 100))


def sign_ins(lab: Lab, request: Request) -> Response:
    if (denied := authorize(lab, request, ("AuditLog.Read.All",))) is not None:
        return denied
    text = request.query_params.get("$filter", "")
    items = list(reversed(lab.state.sign_ins))
    if "signInEventTypes" not in text:
        items = []  # without the event type filter Graph lists interactive user sign-ins only
    for field in ("appId", "correlationId"):
        marker = f"{field} eq '"
        if marker in text:
            wanted = text.split(marker, 1)[1].split("'", 1)[0]
            items = [item for item in items if item.get(field) == wanted]
    return JSONResponse(
        page(request, items, "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns", 50)
    )


async def batch(lab: Lab, request: Request) -> Response:
    try:
        body = json.loads(await request.body())
        requests = body["requests"]
        if not isinstance(requests, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return graph_error(request, 400, "BadRequest", "Invalid batch payload format.")
    if len(requests) > MAX_BATCH:
        return graph_error(
            request,
            400,
            "BadRequest",
            f"Number of requests in a batch exceeds the limit of {MAX_BATCH}.",
        )
    version = request.url.path.strip("/").split("/", 1)[0]
    responses = []
    async with lab.client() as client:
        for item in requests:
            url = f"https://graph.microsoft.com/{version}/{str(item.get('url', '')).lstrip('/')}"
            headers = dict(item.get("headers") or {})
            if "authorization" in request.headers:
                headers["Authorization"] = request.headers["authorization"]
            answer = await client.request(
                str(item.get("method", "GET")),
                url,
                headers=headers,
                json=item.get("body") if "body" in item else None,
            )
            responses.append(_batch_item(item, answer))
    return JSONResponse({"responses": responses})


def _batch_item(item: dict[str, Any], answer: httpx.Response) -> dict[str, Any]:
    try:
        content: Any = answer.json() if answer.content else None
    except ValueError:
        content = answer.text
    return {
        "id": str(item.get("id")),
        "status": answer.status_code,
        "headers": {
            k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "retry-after")
        },
        "body": content,
    }
