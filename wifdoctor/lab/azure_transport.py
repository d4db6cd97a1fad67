"""azure-core transports into the lab, so azure-identity credentials run unchanged in process.

``azure-core-experimental``'s httpx transport breaks on azure-identity's form POST (anchors B.3),
so the lab has its own: the request's ``data`` (a dict for forms) goes to httpx as ``data=``,
anything else as ``content=``; the whole body is read before the response is handed back. It uses
azure-core's response implementation classes, so azure-core is pinned by azure-identity's range.
Only tests and ``--lab`` runs import this module.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
from azure.core.pipeline.transport import AsyncHttpTransport, HttpTransport
from azure.core.rest._http_response_impl import HttpResponseImpl
from azure.core.rest._http_response_impl_async import AsyncHttpResponseImpl
from azure.core.utils import case_insensitive_dict


def _request_args(request: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
    }
    body = getattr(request, "data", None)
    if body is None:
        body = getattr(request, "content", None)
    if isinstance(body, dict):
        args["data"] = body
    elif body is not None:
        args["content"] = body
    return args


def _fields(request: Any, answer: httpx.Response) -> dict[str, Any]:
    headers = case_insensitive_dict(answer.headers.items())
    return {
        "request": request,
        "internal_response": answer,
        "status_code": answer.status_code,
        "reason": answer.reason_phrase,
        "content_type": headers.get("content-type"),
        "headers": headers,
        "stream_download_generator": None,
    }


class LabAsyncTransport(AsyncHttpTransport):  # type: ignore[type-arg]
    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self._client = httpx.AsyncClient(transport=transport)

    async def send(self, request: Any, **kwargs: Any) -> AsyncHttpResponseImpl:
        answer = await self._client.request(**_request_args(request))
        response = AsyncHttpResponseImpl(**_fields(request, answer))
        response._content = answer.content
        response._is_stream_consumed = True
        return response

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> LabAsyncTransport:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.close()


class LabSyncTransport(HttpTransport):  # type: ignore[type-arg]
    """For sync credentials: each request runs on a private event loop in a helper thread."""

    def __init__(self, make_transport: Any) -> None:
        self._make_transport = make_transport

    def send(self, request: Any, **kwargs: Any) -> HttpResponseImpl:
        result: dict[str, Any] = {}

        async def call() -> None:
            async with httpx.AsyncClient(transport=self._make_transport()) as client:
                result["answer"] = await client.request(**_request_args(request))

        def run() -> None:
            try:
                asyncio.run(call())
            except BaseException as exc:  # handed back to the caller's thread
                result["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        if "error" in result:
            raise result["error"]
        received: httpx.Response = result["answer"]
        # A sync-closable copy: azure-core closes the response it read.
        answer = httpx.Response(
            received.status_code, headers=received.headers, content=received.content
        )
        response = HttpResponseImpl(**_fields(request, answer))
        response._content = answer.content
        response._is_stream_consumed = True
        return response

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> LabSyncTransport:
        return self

    def __exit__(self, *args: object) -> None:
        return None
