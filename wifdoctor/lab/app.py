"""The lab's one ASGI app: Starlette routers per service, chosen by the ``Host`` header.

The same app is reached in process (``httpx.ASGITransport``), on 127.0.0.1 with TLS, and through
the CONNECT proxy under the real host names. A request for 127.0.0.1 or localhost goes to Entra
(so ``AZURE_AUTHORITY_HOST=https://127.0.0.1:PORT`` works); an unknown host gets 421.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from wifdoctor.lab import arm, entra_device, entra_metadata, entra_token, graph, issuers, platforms
from wifdoctor.lab.faults import FaultsAndLog
from wifdoctor.lab.hosts import service_for

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

Handler = Callable[["Lab", Request], Awaitable[Response] | Response]


def bind(lab: Lab, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        result = handler(lab, request)
        if isinstance(result, Response):
            return result
        return await result

    return endpoint


def entra_router(lab: Lab) -> Router:
    return Router(
        routes=[
            Route("/{tenant}/oauth2/v2.0/token", bind(lab, entra_token.token), methods=["POST"]),
            Route("/{tenant}/oauth2/token", bind(lab, entra_token.token), methods=["POST"]),
            Route(
                "/{tenant}/oauth2/v2.0/devicecode",
                bind(lab, entra_device.devicecode),
                methods=["POST"],
            ),
            Route(
                "/{tenant}/v2.0/.well-known/openid-configuration",
                bind(lab, entra_metadata.openid_configuration),
            ),
            Route("/{tenant}/discovery/v2.0/keys", bind(lab, entra_metadata.keys)),
            Route("/common/discovery/instance", bind(lab, entra_metadata.instance_discovery)),
        ]
    )


def issuer_router(lab: Lab) -> Router:
    async def any_path(request: Request) -> Response:
        return await issuers.serve_issuer(lab.state, request)

    return Router(routes=[Route("/{path:path}", any_path)])


class HostDispatch:
    def __init__(self, routers: dict[str, ASGIApp]) -> None:
        self.routers = routers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            message = await receive()
            while message["type"] != "lifespan.shutdown":
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                message = await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        host = ""
        for name, value in scope.get("headers", []):
            if name == b"host":
                host = value.decode("latin-1").rsplit(":", 1)[0] if b"]" not in value else ""
                host = host.lower()
        service = service_for(host)
        router = self.routers.get(service or "")
        if router is None:
            response = PlainTextResponse(f"The lab does not serve {host!r}.", status_code=421)
            await response(scope, receive, send)
            return
        await router(scope, receive, send)


def build_app(lab: Lab) -> ASGIApp:
    routers: dict[str, Any] = {
        "entra": entra_router(lab),
        "issuer": issuer_router(lab),
        "graph": graph.router(lab),
        "arm": arm.router(lab),
        "platform": platforms.router(lab),
    }
    return FaultsAndLog(HostDispatch(routers), lab.state)
