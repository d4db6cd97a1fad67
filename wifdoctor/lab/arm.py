"""The ARM subset: subscriptions and tenants (what ``az login`` lists), role assignments,
user-assigned managed identities with their federated credentials (lists paged with
``nextLink``), and Azure Resource Graph's resource query (resource_graph).

UAMI credential rules and errors (anchors C.3, entra-errors A.10, B.6): writes under one identity
are serialised (a concurrent one answers 409
``ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity``); regions without FIC
support answer 405 ``MethodNotAllowed``; name, audience and duplicate errors are 400; a
percent-encoded ``/`` in the name is ``InvalidDoubleEncodedRequestUri``.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router

from wifdoctor.lab import resource_graph
from wifdoctor.lab.graph_common import operator_claims
from wifdoctor.lab.state import Credential, Identity

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}")
WRITE_SECONDS = 0.05  # how long a credential write holds the identity (concurrency window)
NOT_ENABLED = (
    "The request format was unexpected : Support for federated identity credentials not enabled"
)
CONCURRENT = (
    "Too many Federated Identity Credentials are written concurrently for the managed identity "
    "'{id}'. Concurrent Federated Identity Credentials writes under the same managed identity "
    "are not supported."
)
MISSING = (
    "The request format was unexpected. Federated Identity Credential must specify 'issuer', "
    "'subject' and 'audience'."
)
BAD_NAME = (
    "The name of a federated identity credentials must be within 3 and 120 characters, only "
    "contains letters (A-Z, a-z), numbers, hyphens and dashes and must start with a number or "
    "letter."
)
_UAMI = (
    r"/subscriptions/(?P<sub>[^/]+)/resource[gG]roups/(?P<rg>[^/]+)/providers/"
    r"Microsoft\.ManagedIdentity/userAssignedIdentities/(?P<name>[^/]+)"
)
_FICS = _UAMI + r"/federatedIdentityCredentials"
_UAMI_LIST = (
    r"/subscriptions/(?P<sub>[^/]+)(?:/resource[gG]roups/(?P<rg>[^/]+))?/providers/"
    r"Microsoft\.ManagedIdentity/userAssignedIdentities"
)
_FIC = _FICS + r"/(?P<fic>[^/]+)"


def arm_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _uami(lab: Lab, found: re.Match[str]) -> Identity | None:
    return next(
        (
            i
            for i in lab.state.identities
            if i.kind == "uami"
            and i.subscription_id == found["sub"]
            and (i.resource_group or "").lower() == found["rg"].lower()
            and i.display_name.lower() == found["name"].lower()
        ),
        None,
    )


def _fic_json(identity: Identity, credential: Credential) -> dict[str, Any]:
    return {
        "id": f"{identity.arm_id}/federatedIdentityCredentials/{credential.name}",
        "name": credential.name,
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        "properties": {
            "issuer": credential.issuer,
            "subject": credential.subject,
            "audiences": list(credential.audiences),
        },
    }


def _uami_json(identity: Identity, tenant_id: str) -> dict[str, Any]:
    return {
        "id": identity.arm_id,
        "name": identity.display_name,
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
        "location": identity.location,
        "properties": {
            "tenantId": tenant_id,
            "principalId": identity.sp_id,
            "clientId": identity.client_id,
        },
    }


async def _dispatch(lab: Lab, request: Request) -> Response:
    caller = operator_claims(lab, request, "https://management.")
    if caller is None:
        return arm_error(
            401,
            "InvalidAuthenticationToken",
            "The access token is invalid or was not issued by a trusted authority.",
        )
    path = request.url.path
    if "%2f" in request.scope.get("raw_path", b"").decode("latin-1").lower():
        return arm_error(
            400,
            "InvalidDoubleEncodedRequestUri",
            f"The request URI 'https://management.azure.com:443{path}' is double encoded.",
        )
    principal = str(caller.get("oid", ""))
    if path.lower() == "/providers/microsoft.resourcegraph/resources" and request.method == "POST":
        return await resource_graph.resources(lab, request)
    if path == "/subscriptions":
        return _subscriptions(lab, principal)
    if path == "/tenants":
        return _tenants(lab)
    if found := re.fullmatch(
        r"/subscriptions/([^/]+)/providers/Microsoft\.Authorization/roleAssignments", path
    ):
        return _role_assignments(lab, request, found[1])
    if found := re.fullmatch(_UAMI_LIST, path):
        return _list_uamis(lab, request, found)
    if found := re.fullmatch(_FIC, path):
        return await _one_fic(lab, request, found)
    if found := re.fullmatch(_FICS, path):
        identity = _uami(lab, found)
        if identity is None:
            return arm_error(
                404, "ParentResourceNotFound", "The parent user-assigned identity doesn't exist."
            )
        items = [_fic_json(identity, c) for c in identity.credentials]
        return JSONResponse(_arm_page(lab, request, items))
    if found := re.fullmatch(_UAMI, path):
        identity = _uami(lab, found)
        if identity is None:
            return arm_error(
                404, "ResourceNotFound", f"The Resource '{found['name']}' was not found."
            )
        return JSONResponse(_uami_json(identity, lab.state.tenant_id))
    return arm_error(
        404, "InvalidResourceType", f"The resource type could not be found for '{path}'."
    )


def _list_uamis(lab: Lab, request: Request, found: re.Match[str]) -> Response:
    """The user-assigned identities of a subscription or resource group, paged."""
    value = [
        _uami_json(i, lab.state.tenant_id)
        for i in lab.state.identities
        if i.kind == "uami"
        and i.subscription_id == found["sub"]
        and (found["rg"] is None or (i.resource_group or "").lower() == found["rg"].lower())
    ]
    return JSONResponse(_arm_page(lab, request, value))


def _arm_page(lab: Lab, request: Request, items: list[dict[str, Any]]) -> dict[str, Any]:
    """ARM's list shape: ``value``, and a ``nextLink`` (the same URL with ``$skiptoken``) while
    more remain; ``$top`` asks for fewer per page than the lab's page size."""
    size = lab.state.arm_page_size
    top = request.query_params.get("$top", "")
    if top.isdigit():
        size = max(1, min(size, int(top)))
    skip_text = request.query_params.get("$skiptoken", "0")
    skip = int(skip_text) if skip_text.isdigit() else 0
    body: dict[str, Any] = {"value": items[skip : skip + size]}
    if skip + size < len(items):
        params = {**request.query_params, "$skiptoken": str(skip + size)}
        query = urlencode(params, quote_via=quote, safe="$")
        body["nextLink"] = f"{request.url.scheme}://{request.url.netloc}{request.url.path}?{query}"
    return body


def _tenants(lab: Lab) -> Response:
    """``GET /tenants?api-version=2022-12-01``: the tenants the caller's account can use (what
    ``az account tenant list`` prints), this one first."""
    state = lab.state
    home = {
        "tenantId": state.tenant_id,
        "displayName": state.tenant_name,
        "defaultDomain": state.tenant_domain,
    }
    value = [
        {
            "id": f"/tenants/{t['tenantId']}",
            "tenantId": t["tenantId"],
            "countryCode": "US",
            "displayName": t.get("displayName", ""),
            "domains": [t.get("defaultDomain", "")],
            "tenantCategory": "Home",
            "defaultDomain": t.get("defaultDomain", ""),
            "tenantType": "AAD",
        }
        for t in (home, *state.other_tenants)
    ]
    return JSONResponse({"value": value})


def _subscriptions(lab: Lab, principal: str) -> Response:
    scopes = [r.scope.lower() for r in lab.state.role_assignments if r.principal_id == principal]
    visible = [
        s
        for s in lab.state.subscriptions
        if any(
            scope.startswith(f"/subscriptions/{s['subscriptionId']}".lower()) for scope in scopes
        )
    ]
    value = [
        {
            "id": f"/subscriptions/{s['subscriptionId']}",
            "subscriptionId": s["subscriptionId"],
            "tenantId": lab.state.tenant_id,
            "displayName": s.get("displayName", "Lab subscription"),
            "state": "Enabled",
        }
        for s in visible
    ]
    return JSONResponse({"value": value, "count": {"type": "Total", "value": len(value)}})


def _role_assignments(lab: Lab, request: Request, subscription: str) -> Response:
    text = request.query_params.get("$filter", "")
    wanted = (
        text.split("principalId eq '", 1)[1].split("'", 1)[0]
        if "principalId eq '" in text
        else None
    )
    value = [
        {
            "id": f"{r.scope}/providers/Microsoft.Authorization/roleAssignments/{i:08d}",
            "properties": {
                "principalId": r.principal_id,
                "roleDefinitionName": r.role,
                "scope": r.scope,
            },
        }
        for i, r in enumerate(lab.state.role_assignments)
        if r.scope.lower().startswith(f"/subscriptions/{subscription}".lower())
        and (wanted is None or r.principal_id == wanted)
    ]
    return JSONResponse({"value": value})


async def _one_fic(lab: Lab, request: Request, found: re.Match[str]) -> Response:
    identity = _uami(lab, found)
    if identity is None:
        return arm_error(
            404, "ParentResourceNotFound", "The parent user-assigned identity doesn't exist."
        )
    name = found["fic"]
    credential = next((c for c in identity.credentials if c.name == name), None)
    if request.method == "GET":
        if credential is None or lab.consume_not_found(credential.id):
            return arm_error(
                404, "NotFound", f"The federated identity credential '{name}' was not found."
            )
        return JSONResponse(_fic_json(identity, credential))
    if (identity.location or "").lower() in {r.lower() for r in lab.state.fic_only_regions}:
        return arm_error(
            405,
            "MethodNotAllowed",
            NOT_ENABLED,
        )
    key = identity.arm_id or ""
    if key in lab.state.arm_writes_in_flight:
        return arm_error(
            409,
            "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
            CONCURRENT.format(id=key.lower()),
        )
    lab.state.arm_writes_in_flight.add(key)
    try:
        await asyncio.sleep(WRITE_SECONDS)
        if request.method == "DELETE":
            if credential is not None:
                identity.credentials.remove(credential)
            return Response(status_code=200 if credential else 204)
        return await _put(lab, request, identity, name, credential)
    finally:
        lab.state.arm_writes_in_flight.discard(key)


async def _put(
    lab: Lab, request: Request, identity: Identity, name: str, existing: Credential | None
) -> Response:
    if not NAME.fullmatch(name):
        return arm_error(
            400,
            "BadRequest",
            BAD_NAME,
        )
    try:
        props = json.loads(await request.body()).get("properties") or {}
    except (ValueError, AttributeError):
        props = {}
    issuer, subject, audiences = props.get("issuer"), props.get("subject"), props.get("audiences")
    if not issuer or not subject or not audiences:
        return arm_error(
            400,
            "BadRequest",
            MISSING,
        )
    if not isinstance(audiences, list) or len(audiences) != 1:
        return arm_error(
            400, "BadRequest", "Federated identity credentials must have exactly one audience."
        )
    if any(
        c.issuer == issuer and c.subject == subject and c is not existing
        for c in identity.credentials
    ):
        return arm_error(
            400,
            "BadRequest",
            "Issuer and subject combination already exists for this Managed Identity.",
        )
    credential = Credential(name, issuer, subject, list(audiences), created_at=lab.state.clock())
    if existing is not None:
        credential.id = existing.id
        identity.credentials[identity.credentials.index(existing)] = credential
    else:
        identity.credentials.append(credential)
        lab.note_created(credential.id)
    return JSONResponse(_fic_json(identity, credential), status_code=200 if existing else 201)


def router(lab: Lab) -> Router:
    async def endpoint(request: Request) -> Response:
        return await _dispatch(lab, request)

    return Router(
        routes=[Route("/{path:path}", endpoint, methods=["GET", "PUT", "DELETE", "POST"])]
    )
