"""What every Graph route shares: the error shape, the operator's token and permissions, OData
paging and the small ``$filter`` subset the lab understands.

Error shape (anchors C.2): ``{"error": {"code", "message", "innerError": {"date", "request-id",
"client-request-id"}}}`` with a ``request-id`` header; 403 is ``Authorization_RequestDenied``,
"Insufficient privileges to complete the operation." (sdk-against-local-servers §2).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

DENIED = "Insufficient privileges to complete the operation."
PAGE_SIZE = 100
MAX_TOP = 999  # Graph's largest $top for directory objects


def graph_error(request: Request | None, status: int, code: str, message: str) -> JSONResponse:
    request_id = str(uuid.uuid4())
    client_request_id = (request.headers.get("client-request-id") if request else None) or str(
        uuid.uuid4()
    )
    return JSONResponse(
        {
            "error": {
                "code": code,
                "message": message,
                "innerError": {
                    "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()),
                    "request-id": request_id,
                    "client-request-id": client_request_id,
                },
            }
        },
        status_code=status,
        headers={"request-id": request_id, "client-request-id": client_request_id},
    )


def not_found(request: Request, what: str) -> JSONResponse:
    return graph_error(
        request,
        404,
        "Request_ResourceNotFound",
        f"Resource '{what}' does not exist or one of its queried reference-property objects "
        "are not present.",
    )


def operator_claims(lab: Lab, request: Request, audience_prefix: str) -> dict[str, Any] | None:
    """The claims of the caller's bearer token if the lab's Entra signed it, else None."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    token = header[7:].strip()
    for key in lab.state.entra_keys:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.private.public_key(),
                algorithms=["RS256"],
                options={
                    "verify_aud": False,
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError:
            continue
        exp = claims.get("exp")
        alive = isinstance(exp, int | float) and exp > lab.state.clock() - 60  # by the lab's clock
        if alive and str(claims.get("aud", "")).startswith(audience_prefix):
            return claims
    return None


def authorize(lab: Lab, request: Request, permissions: tuple[str, ...]) -> JSONResponse | None:
    """None when the caller may go on; else the 401 or 403 answer."""
    # Graph's audience per cloud: graph.microsoft.com, .us, microsoftgraph.chinacloudapi.cn
    caller = operator_claims(lab, request, "https://graph.") or operator_claims(
        lab, request, "https://microsoftgraph."
    )
    if caller is None:
        return graph_error(
            request,
            401,
            "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience or signature.",
        )
    if not any(p in lab.state.operator_permissions for p in permissions):
        return graph_error(request, 403, "Authorization_RequestDenied", DENIED)
    return None


def page(
    request: Request,
    items: list[dict[str, Any]],
    context: str,
    page_size: int,
    cap: int = MAX_TOP,
) -> dict[str, Any]:
    """One OData page of ``items`` with ``@odata.nextLink`` when more remain.

    ``$top`` asks for a page size (at most 999); ``cap`` is the server's own limit, below which
    it pages whatever ``$top`` says (server-driven paging: a client must follow the link).
    """
    top = request.query_params.get("$top")
    size = page_size
    if top is not None and top.isdigit():
        size = max(1, min(int(top), MAX_TOP))
    size = max(1, min(size, cap))
    skip_text = request.query_params.get("$skiptoken", "0")
    skip = int(skip_text) if skip_text.isdigit() else 0
    chosen = items[skip : skip + size]
    select = request.query_params.get("$select")
    if select:
        fields = {name.strip() for name in select.split(",")}
        chosen = [{k: v for k, v in item.items() if k in fields} for item in chosen]
    body: dict[str, Any] = {"@odata.context": context, "value": chosen}
    if "$count" in request.query_params:
        body["@odata.count"] = len(items)
    if skip + size < len(items):
        params = dict(request.query_params)
        params["$skiptoken"] = str(skip + size)
        query = urlencode(params, quote_via=quote, safe="$'(),:/")
        body["@odata.nextLink"] = (
            f"{request.url.scheme}://{request.url.netloc}{request.url.path}?{query}"
        )
    return body


_EQ = re.compile(r"^\s*(\w+) eq '((?:[^']|'')*)'\s*$")
_ANY = re.compile(r"^\s*(\w+)/any\(\s*(\w+)\s*:\s*\2/(\w+) eq '((?:[^']|'')*)'\s*\)\s*$")
_STARTS = re.compile(
    r"^\s*(\w+)/any\(\s*(\w+)\s*:\s*startsWith\(\s*\2/(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)\s*\)\s*$",
    re.IGNORECASE,
)

Predicate = Callable[[dict[str, Any]], bool]


def parse_filter(text: str | None) -> Predicate | None:
    """``name eq 'v'``, ``nav/any(f:f/field eq 'v')``, ``nav/any(f:startsWith(f/field,'v'))``.
    Anything else raises ValueError (Graph answers 400 for filters it does not support)."""
    if not text:
        return None
    found = _EQ.match(text)
    if found:
        field, value = found[1], found[2].replace("''", "'")
        return lambda item: item.get(field) == value
    found = _ANY.match(text)
    if found:
        nav, field, value = found[1], found[3], found[4].replace("''", "'")
        return lambda item: any(child.get(field) == value for child in item.get(nav) or [])
    found = _STARTS.match(text)
    if found:
        nav, field, prefix = found[1], found[3], found[4].replace("''", "'")
        return lambda item: any(
            str(child.get(field) or "").startswith(prefix) for child in item.get(nav) or []
        )
    raise ValueError(f"Invalid filter clause: {text}")
