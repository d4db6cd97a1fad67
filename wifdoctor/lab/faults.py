"""Per-route faults from the scenario, and the lab's request log, as one ASGI wrapper.

A fault's key is a piece of ``host/path`` (``graph.microsoft.com/v1.0/identity``); the first key
found in the request's ``host/path`` applies: latency, an error status with or without
``Retry-After``, a timeout (no answer for ``timeout_seconds``), or a body cut in half. A key
with ``?`` is looked for in ``host/path?query`` (the query as sent, percent-encoded), so
``graph.microsoft.com/beta/applications?`` is the application search and not the application
read by ``appId``.
"""

from __future__ import annotations

import asyncio
import json
from email.utils import formatdate
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wifdoctor.lab.hosts import service_for

if TYPE_CHECKING:
    from wifdoctor.lab.state import LabState, RouteFault

_ERROR_CODES = {
    403: "Authorization_RequestDenied",
    429: "TooManyRequests",
    500: "InternalServerError",
    503: "ServiceUnavailable",
}
_MESSAGES = {403: "Insufficient privileges to complete the operation."}
# ARM says 403 its own way (AuthorizationFailed, "does not have authorization to perform action").
_ARM_403 = (
    "AuthorizationFailed",
    "The client does not have authorization to perform this action over this scope or the "
    "scope is invalid. If access was recently granted, please refresh your credentials.",
)


def _host(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return str(value.decode("latin-1")).split(":", 1)[0].lower()
    return ""


class FaultsAndLog:
    def __init__(self, app: ASGIApp, state: LabState) -> None:
        self.app = app
        self.state = state

    def _fault(self, where: str, query: str) -> tuple[str, RouteFault] | None:
        for key, fault in self.state.faults.items():
            if key in (f"{where}?{query}" if "?" in key else where):
                used = self.state.fault_counts.get(key, 0)
                if fault.times is not None and used >= fault.times:
                    continue
                self.state.fault_counts[key] = used + 1
                return key, fault
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _host(scope)
        entry = {"method": scope["method"], "host": host, "path": scope["path"], "status": None}
        self.state.requests.append(entry)
        query = scope.get("query_string", b"").decode("latin-1")
        found = self._fault(f"{host}{scope['path']}", query)
        fault = found[1] if found else None
        latency = self.state.latency_ms + (fault.latency_ms if fault else 0)
        if latency:
            await asyncio.sleep(latency / 1000)
        if fault is not None and fault.timeout:
            await asyncio.sleep(self.state.timeout_seconds)
        if fault is not None and fault.status is not None:
            await self._error(fault, send, host)
            entry["status"] = fault.status
            return

        truncate = fault is not None and fault.truncate

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"date"]
                if truncate:
                    headers = [(k, v) for k, v in headers if k != b"content-length"]
                headers.append((b"date", self._date()))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and truncate:
                body = message.get("body", b"")
                message = {**message, "body": body[: max(1, len(body) // 2)]}
            await send(message)

        await self.app(scope, receive, logged_send)

    def _date(self) -> bytes:
        """The ``Date`` header by the lab's clock (the live walk compares it for clock skew)."""
        return formatdate(self.state.clock(), usegmt=True).encode()

    async def _error(self, fault: RouteFault, send: Send, host: str) -> None:
        status = fault.status or 500
        code = _ERROR_CODES.get(status, "InternalServerError")
        message = _MESSAGES.get(status, f"The lab answers {status}.")
        if status == 403 and service_for(host) == "arm":
            code, message = _ARM_403
        body = json.dumps({"error": {"code": code, "message": message}})
        headers = [(b"content-type", b"application/json"), (b"date", self._date())]
        if fault.retry_after is not None:
            headers.append((b"retry-after", str(fault.retry_after).encode()))
        if fault.quota_resets_after is not None:  # Azure Resource Graph's throttling header
            headers.append((b"x-ms-user-quota-resets-after", fault.quota_resets_after.encode()))
            headers.append((b"x-ms-user-quota-remaining", b"0"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body.encode()})
