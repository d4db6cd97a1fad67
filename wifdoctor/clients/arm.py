"""Azure Resource Manager: managed identity credentials, subscriptions, role assignments, and
Azure Resource Graph queries (the user-assigned identities of every subscription one can read).

Plain JSON over the walk's httpx client, with a bearer token from the operator's sign-in (or,
after a successful exchange, the workload identity's own access token). A ``nextLink`` is
followed only on this ARM host (the bearer token must not go anywhere else), a bounded number
of pages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from wifdoctor.clients.http import FetchFailed, request_json
from wifdoctor.clients.operator import SignInFailed

FIC_API_VERSION = "2023-01-31"
SUBSCRIPTIONS_API_VERSION = "2022-12-01"  # what the az CLI's "latest" profile pins
TENANTS_API_VERSION = "2022-12-01"
ROLE_ASSIGNMENTS_API_VERSION = "2022-04-01"
RESOURCE_GRAPH_API_VERSION = "2022-10-01"
MAX_CREDENTIAL_PAGES = 5  # a managed identity holds at most 20 credentials


class ArmFailed(Exception):
    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class ArmClient:
    def __init__(
        self, http: httpx.AsyncClient, token: Callable[[], Awaitable[str]], arm_url: str
    ) -> None:
        self.http = http
        self.token = token
        self.arm_url = arm_url.rstrip("/")

    async def get(self, path: str, api_version: str, *, what: str = "ARM") -> dict[str, Any]:
        joiner = "&" if "?" in path else "?"
        return await self.get_url(f"{self.arm_url}{path}{joiner}api-version={api_version}", what)

    def owns(self, url: str) -> bool:
        return url.startswith(f"{self.arm_url}/") and "#" not in url

    async def get_url(self, url: str, what: str = "ARM") -> dict[str, Any]:
        """GET an absolute URL on this ARM host (a list's ``nextLink``) as JSON."""
        if not self.owns(url):
            raise ArmFailed(f"{what}: refused to follow a link away from {self.arm_url}.")
        return await self._send("GET", url, what)

    async def resource_graph(
        self, query: str, *, top: int, skip_token: str | None = None, what: str = "Resource Graph"
    ) -> dict[str, Any]:
        """One page of an Azure Resource Graph query over every subscription the caller can
        read (no ``subscriptions`` given); the next page's ``$skipToken`` is in the answer."""
        options: dict[str, Any] = {"$top": top, "resultFormat": "objectArray"}
        if skip_token:
            options["$skipToken"] = skip_token
        url = (
            f"{self.arm_url}/providers/Microsoft.ResourceGraph/resources"
            f"?api-version={RESOURCE_GRAPH_API_VERSION}"
        )
        return await self._send("POST", url, what, {"query": query, "options": options})

    async def _send(
        self, method: str, url: str, what: str, body: object | None = None
    ) -> dict[str, Any]:
        try:
            bearer = await self.token()
        except SignInFailed as exc:
            raise ArmFailed(str(exc), code="SignInFailed") from None
        try:
            answer = await request_json(
                self.http,
                method,
                url,
                what,
                headers={"Authorization": f"Bearer {bearer}"},
                json_body=body,
            )
        except FetchFailed as exc:
            raise ArmFailed(exc.message, status=exc.status) from None
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status != 200:
            found = body.get("error")
            error: dict[str, Any] = found if isinstance(found, dict) else {}
            code = str(error.get("code") or "") or None
            message = str(error.get("message") or "no message")
            raise ArmFailed(
                f"{what}: HTTP {answer.status} {code or ''}: {message[:300]}".replace("  ", " "),
                status=answer.status,
                code=code,
            )
        return body

    async def managed_identity_credentials(
        self, resource_id: str, what: str = "The managed identity's federated credentials (ARM)"
    ) -> list[dict[str, Any]]:
        """Every credential of one user-assigned identity, its ``nextLink`` pages followed."""
        body = await self.get(
            f"{resource_id}/federatedIdentityCredentials", FIC_API_VERSION, what=what
        )
        found: list[dict[str, Any]] = []
        for _ in range(MAX_CREDENTIAL_PAGES):
            value = body.get("value")
            if isinstance(value, list):
                found.extend(item for item in value if isinstance(item, dict))
            link = body.get("nextLink")
            if not isinstance(link, str) or not link:
                break
            body = await self.get_url(link, what)
        return found

    async def tenants(self) -> dict[str, Any]:
        """``GET /tenants``: the tenants the operator's account can use (az account tenant list)."""
        return await self.get("/tenants", TENANTS_API_VERSION, what="Your tenants (ARM)")
