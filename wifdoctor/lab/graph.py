"""The Graph subset (v1.0 and beta): applications (object ID and ``appId`` alternate key), their
federated credentials (CRUD, upsert, validation), service principals, Conditional Access policies
and named locations (1 request/s, 429 without Retry-After), beta sign-in logs, and ``$batch``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router

from wifdoctor.lab import graph_fics, graph_policy
from wifdoctor.lab.graph_common import (
    PAGE_SIZE,
    authorize,
    graph_error,
    not_found,
    page,
    parse_filter,
)
from wifdoctor.lab.state import Identity

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

READ = ("Application.Read.All", "Application.ReadWrite.All")
WRITE = ("Application.ReadWrite.All",)
_APP = r"/(?P<ver>v1\.0|beta)/applications(?:/(?P<oid>[^/(]+)|\(appId='(?P<appid>[^']*)'\))"
_FICS = _APP + r"/federatedIdentityCredentials"
_FIC = _FICS + r"(?:/(?P<fic>[^/(]+)|\(name='(?P<ficname>[^']*)'\))"
_SP = r"/(?P<ver>v1\.0|beta)/servicePrincipals(?:/(?P<oid>[^/(]+)|\(appId='(?P<appid>[^']*)'\))"


def _app_json(identity: Identity, version: str, expand: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": identity.object_id,
        "appId": identity.client_id,
        "displayName": identity.display_name,
        "signInAudience": identity.sign_in_audience,
    }
    if expand:
        body["federatedIdentityCredentials"] = [
            graph_fics.as_json(c, version) for c in identity.credentials
        ]
    return body


def _sp_json(identity: Identity) -> dict[str, Any]:
    return {
        "id": identity.sp_id,
        "appId": identity.client_id,
        "displayName": identity.display_name,
        "accountEnabled": identity.sp_enabled,
        "servicePrincipalType": "ManagedIdentity" if identity.kind == "uami" else "Application",
        "appOwnerOrganizationId": None,
        # A managed identity's service principal names its ARM resource (as Graph does).
        "alternativeNames": ["isExplicit=True", identity.arm_id] if identity.arm_id else [],
    }


def _find_app(lab: Lab, match: re.Match[str]) -> Identity | None:
    apps = [i for i in lab.state.identities if i.kind == "app"]
    if match["appid"] is not None:
        return next((i for i in apps if i.client_id == match["appid"]), None)
    return next((i for i in apps if i.object_id == match["oid"]), None)


async def _dispatch(lab: Lab, request: Request) -> Response:
    path = re.sub(r"/{2,}", "/", request.url.path)  # real Graph accepts the SDK's //
    method = request.method
    if (found := re.fullmatch(r"/(v1\.0|beta)/\$batch", path)) and method == "POST":
        return await graph_policy.batch(lab, request)
    if found := re.fullmatch(
        r"/(?P<ver>v1\.0|beta)/identity/conditionalAccess/(?P<kind>policies|namedLocations)", path
    ):
        return graph_policy.conditional_access(lab, request, found["kind"])
    if found := re.fullmatch(r"/beta/auditLogs/signIns", path):
        return graph_policy.sign_ins(lab, request)
    if found := re.fullmatch(_FIC, path):
        return await _one_fic(lab, request, found)
    if found := re.fullmatch(_FICS, path):
        return await _fic_collection(lab, request, found)
    if found := re.fullmatch(_APP, path):
        return _one_app(lab, request, found)
    if found := re.fullmatch(r"/(?P<ver>v1\.0|beta)/applications", path):
        return _applications(lab, request, found["ver"])
    if found := re.fullmatch(_SP, path):
        return _one_sp(lab, request, found)
    if found := re.fullmatch(r"/(v1\.0|beta)/servicePrincipals", path):
        return _service_principals(lab, request)
    return graph_error(request, 400, "BadRequest", f"Resource not found for the segment '{path}'.")


def _applications(lab: Lab, request: Request, version: str) -> Response:
    if (denied := authorize(lab, request, READ)) is not None:
        return denied
    expand = "federatedIdentityCredentials" in request.query_params.get("$expand", "")
    items = [_app_json(i, version, True) for i in lab.state.identities if i.kind == "app"]
    try:
        predicate = parse_filter(request.query_params.get("$filter"))
    except ValueError as exc:
        return graph_error(request, 400, "Request_UnsupportedQuery", str(exc))
    if predicate is not None:
        items = [item for item in items if predicate(item)]
    if not expand:
        items = [
            {k: v for k, v in item.items() if k != "federatedIdentityCredentials"} for item in items
        ]
    context = f"https://graph.microsoft.com/{version}/$metadata#applications"
    return JSONResponse(page(request, items, context, PAGE_SIZE, cap=lab.graph_page_size))


def _one_app(lab: Lab, request: Request, found: re.Match[str]) -> Response:
    if (denied := authorize(lab, request, READ)) is not None:
        return denied
    identity = _find_app(lab, found)
    if identity is None:
        return not_found(request, found["appid"] or found["oid"])
    body = _app_json(
        identity,
        found["ver"],
        "federatedIdentityCredentials" in request.query_params.get("$expand", ""),
    )
    body["@odata.context"] = (
        f"https://graph.microsoft.com/{found['ver']}/$metadata#applications/$entity"
    )
    return JSONResponse(body)


async def _fic_collection(lab: Lab, request: Request, found: re.Match[str]) -> Response:
    writing = request.method == "POST"
    if (denied := authorize(lab, request, WRITE if writing else READ)) is not None:
        return denied
    identity = _find_app(lab, found)
    if identity is None:
        return not_found(request, found["appid"] or found["oid"])
    version = found["ver"]
    if writing:
        try:
            body = json.loads(await request.body())
            credential = graph_fics.validate(body, identity, version)
        except ValueError as exc:
            code = exc.code if isinstance(exc, graph_fics.Invalid) else "BadRequest"
            return graph_error(request, 400, code, str(exc))
        credential.created_at = lab.state.clock()
        identity.credentials.append(credential)
        lab.note_created(credential.id)
        return JSONResponse(graph_fics.as_json(credential, version), status_code=201)
    credentials = identity.credentials
    if version == "v1.0" and any(c.expression is not None for c in credentials):
        return _v1_list_with_flexible(identity)
    items = [graph_fics.as_json(c, version) for c in credentials]
    try:
        predicate = parse_filter(request.query_params.get("$filter"))
    except ValueError as exc:
        return graph_error(request, 400, "Request_UnsupportedQuery", str(exc))
    if predicate is not None:
        items = [item for item in items if predicate(item)]
    context = (
        f"https://graph.microsoft.com/{version}/$metadata#applications('{identity.object_id}')"
        "/federatedIdentityCredentials"
    )
    return JSONResponse(page(request, items, context, lab.graph_page_size))


def _v1_list_with_flexible(identity: Identity) -> Response:
    """v1.0 cannot serialise a flexible credential's null subject: a 200 whose array breaks off
    into an inline error (Azure/azure-workload-identity#373, comment 2024-12-06)."""
    parts = []
    for credential in identity.credentials:
        if credential.expression is not None:
            break
        parts.append(json.dumps(graph_fics.as_json(credential, "v1.0")))
    error = {
        "error": {
            "code": "InternalServerError",
            "message": "The property 'subject[Nullable=False]' of type 'Edm.String' has a null "
            "value, which is not allowed.",
        }
    }
    text = (
        '{"value":['
        + ",".join(parts)
        + ("," if parts else "")
        + '{"issuer":"x"'
        + json.dumps(error)
    )
    return Response(text, media_type="application/json")


async def _one_fic(lab: Lab, request: Request, found: re.Match[str]) -> Response:
    method = request.method
    writing = method in ("PATCH", "DELETE")
    if (denied := authorize(lab, request, WRITE if writing else READ)) is not None:
        return denied
    identity = _find_app(lab, found)
    if identity is None:
        return not_found(request, found["appid"] or found["oid"])
    version = found["ver"]
    key = found["fic"] or found["ficname"]
    credential = next((c for c in identity.credentials if key in (c.id, c.name)), None)
    if credential is not None and method == "GET" and lab.consume_not_found(credential.id):
        credential = None
    if method == "PATCH":
        body = json.loads(await request.body() or b"{}")
        if (
            credential is None
            and found["ficname"]
            and "create-if-missing" in request.headers.get("prefer", "")
        ):
            try:
                created = graph_fics.validate({**body, "name": key}, identity, version)
            except graph_fics.Invalid as exc:
                return graph_error(request, 400, exc.code, exc.message)
            created.created_at = lab.state.clock()
            identity.credentials.append(created)
            return JSONResponse(graph_fics.as_json(created, version), status_code=201)
        if credential is None:
            return not_found(request, key)
        try:
            merged = graph_fics.validate(body, identity, version, replacing=credential)
        except graph_fics.Invalid as exc:
            return graph_error(request, 400, exc.code, exc.message)
        merged.created_at = lab.state.clock()
        identity.credentials[identity.credentials.index(credential)] = merged
        return Response(status_code=204)
    if credential is None:
        return not_found(request, key)
    if method == "DELETE":
        identity.credentials.remove(credential)
        return Response(status_code=204)
    return JSONResponse(graph_fics.as_json(credential, version))


def _service_principals(lab: Lab, request: Request) -> Response:
    if (denied := authorize(lab, request, READ)) is not None:
        return denied
    items = [_sp_json(i) for i in lab.state.identities]
    try:
        predicate = parse_filter(request.query_params.get("$filter"))
    except ValueError as exc:
        return graph_error(request, 400, "Request_UnsupportedQuery", str(exc))
    if predicate is not None:
        items = [item for item in items if predicate(item)]
    return JSONResponse(
        page(
            request,
            items,
            "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals",
            PAGE_SIZE,
        )
    )


def _one_sp(lab: Lab, request: Request, found: re.Match[str]) -> Response:
    if (denied := authorize(lab, request, READ)) is not None:
        return denied
    identity = next(
        (
            i
            for i in lab.state.identities
            if i.client_id == found["appid"] or i.sp_id == found["oid"]
        ),
        None,
    )
    if identity is None:
        return not_found(request, found["appid"] or found["oid"])
    return JSONResponse(_sp_json(identity))


def router(lab: Lab) -> Router:
    async def endpoint(request: Request) -> Response:
        return await _dispatch(lab, request)

    methods = ["GET", "POST", "PATCH", "DELETE", "PUT"]
    return Router(routes=[Route("/{path:path}", endpoint, methods=methods)])
