"""Azure Resource Graph, the subset the lab needs: ``POST /providers/Microsoft.ResourceGraph/
resources`` listing resources of one type across the subscriptions the caller can read.

Wire format (learn.microsoft.com rest/api/azureresourcegraph, resources 2022-10-01; the
PowerShell Gallery Azure.Admin.Console ``Invoke-AACResourceGraphQuery`` notes): the body is
``{"query", "subscriptions"?, "options": {"$top", "$skip", "$skipToken", "resultFormat"}}``; the
answer ``{"totalRecords", "count", "data", "facets", "resultTruncated", "$skipToken"?}``, the
token to echo back in the next request's options while more rows remain (no nextLink). At most
1000 rows a page.

The lab understands one query shape, ``resources | where type =~ '<type>' [| project a, b]``,
for ``microsoft.managedidentity/userassignedidentities``; anything else is a 400 ``BadRequest``
with an ``InvalidQuery`` detail, as the service answers a query it cannot run.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

MAX_ROWS = 1000
DEFAULT_TOP = 100
_QUERY = re.compile(
    r"\s*resources\s*\|\s*where\s+type\s*=~\s*'(?P<type>[^']+)'\s*"
    r"(?:\|\s*project\s+(?P<columns>[\w\s,]+?))?\s*",
    re.IGNORECASE,
)
UAMI_TYPE = "microsoft.managedidentity/userassignedidentities"


def _invalid(message: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "code": "BadRequest",
                "message": "Please provide below info when asking for support: timestamp = "
                f"lab, correlationId = {uuid.uuid4()}.",
                "details": [{"code": "InvalidQuery", "message": message}],
            }
        },
        status_code=400,
    )


def _row(lab: Lab, identity: Any) -> dict[str, Any]:
    return {
        "id": identity.arm_id,
        "name": identity.display_name,
        "type": UAMI_TYPE,
        "location": identity.location,
        "resourceGroup": (identity.resource_group or "").lower(),
        "subscriptionId": identity.subscription_id,
        "tenantId": lab.state.tenant_id,
        "properties": {
            "tenantId": lab.state.tenant_id,
            "principalId": identity.sp_id,
            "clientId": identity.client_id,
        },
    }


def _offset(token: object) -> int | None:
    if token is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(str(token).encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(text[7:]) if text.startswith("offset:") and text[7:].isdigit() else None


async def resources(lab: Lab, request: Request) -> Response:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return _invalid("The request body is not JSON.")
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return _invalid("The request has no query.")
    found = _QUERY.fullmatch(body["query"])
    if found is None:
        return _invalid(
            "Query is invalid. Please refer to the documentation for the Azure Resource Graph "
            "service and fix the error before retrying."
        )
    options = body.get("options") if isinstance(body.get("options"), dict) else {}
    assert isinstance(options, dict)
    top = options.get("$top", DEFAULT_TOP)
    if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= MAX_ROWS:
        return _invalid(f"$top must be between 1 and {MAX_ROWS}.")
    start = _offset(options.get("$skipToken"))
    if start is None:
        return _invalid("The $skipToken is not valid.")
    wanted = [s.lower() for s in body.get("subscriptions") or [] if isinstance(s, str)]
    rows = []
    if found["type"].lower() == UAMI_TYPE:
        rows = [
            _row(lab, i)
            for i in lab.state.identities
            if i.kind == "uami" and (not wanted or (i.subscription_id or "").lower() in wanted)
        ]
    size = min(top, lab.state.arm_page_size)
    chosen = rows[start : start + size]
    if found["columns"]:
        columns = [c.strip() for c in found["columns"].split(",") if c.strip()]
        chosen = [{c: row.get(c) for c in columns} for row in chosen]
    answer: dict[str, Any] = {
        "totalRecords": len(rows),
        "count": len(chosen),
        "data": chosen,
        "facets": [],
        "resultTruncated": "false",
    }
    if start + size < len(rows):
        answer["$skipToken"] = base64.urlsafe_b64encode(f"offset:{start + size}".encode()).decode()
    return JSONResponse(answer)
