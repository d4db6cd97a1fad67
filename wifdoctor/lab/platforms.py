"""The platforms' ID token endpoints, for capture: GitHub Actions' ``ACTIONS_ID_TOKEN_REQUEST_URL``
and Azure DevOps' ``oidctoken`` (reference platform-tokens.md).

GitHub: GET with ``Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`` and an optional
``audience``; answers ``{"value": "<jwt>"}``; 403 when the job lacks ``id-token: write``.
Azure DevOps: POST only (405 on GET) with ``serviceConnectionId``, authorised by
``System.AccessToken`` (401 without it); answers ``{"oidcToken": "<jwt>"}``.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router

from wifdoctor.lab.hosts import ADO_PATH, GITHUB_PATH

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab


def _bearer_ok(lab: Lab, request: Request) -> bool:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(header[7:].strip(), lab.request_token)


async def github_idtoken(lab: Lab, request: Request) -> Response:
    if not _bearer_ok(lab, request):
        return JSONResponse({"message": "Bad credentials"}, status_code=401)
    if not lab.state.id_token_permission:
        return JSONResponse(
            {"message": "The job does not have the id-token: write permission."}, status_code=403
        )
    audience = request.query_params.get("audience")
    overrides = {"aud": audience} if audience else None
    return JSONResponse({"count": 1, "value": lab.workload_token(overrides)})


async def ado_oidctoken(lab: Lab, request: Request) -> Response:
    if request.method != "POST":
        return JSONResponse(
            {"message": "The requested resource does not support http method 'GET'."},
            status_code=405,
        )
    if not _bearer_ok(lab, request):
        return Response(status_code=401)
    if not request.query_params.get("serviceConnectionId"):
        return JSONResponse(
            {"message": "A value for serviceConnectionId is required."}, status_code=400
        )
    return JSONResponse({"oidcToken": lab.workload_token(None)})


def router(lab: Lab) -> Router:
    async def github(request: Request) -> Response:
        return await github_idtoken(lab, request)

    async def ado(request: Request) -> Response:
        return await ado_oidctoken(lab, request)

    return Router(
        routes=[
            Route(GITHUB_PATH, github, methods=["GET"]),
            Route(ADO_PATH, ado, methods=["GET", "POST"]),
        ]
    )
