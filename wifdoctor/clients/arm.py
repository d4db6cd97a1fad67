"""Azure Resource Manager: managed identity credentials, subscriptions, role assignments.

Plain JSON over the walk's httpx client, with a bearer token from the operator's sign-in (or,
after a successful exchange, the workload identity's own access token).
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
        try:
            bearer = await self.token()
        except SignInFailed as exc:
            raise ArmFailed(str(exc), code="SignInFailed") from None
        joiner = "&" if "?" in path else "?"
        url = f"{self.arm_url}{path}{joiner}api-version={api_version}"
        try:
            answer = await request_json(
                self.http, "GET", url, what, headers={"Authorization": f"Bearer {bearer}"}
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

    async def managed_identity_credentials(self, resource_id: str) -> list[dict[str, Any]]:
        body = await self.get(
            f"{resource_id}/federatedIdentityCredentials",
            FIC_API_VERSION,
            what="The managed identity's federated credentials (ARM)",
        )
        value = body.get("value")
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    async def tenants(self) -> dict[str, Any]:
        """``GET /tenants``: the tenants the operator's account can use (az account tenant list)."""
        return await self.get("/tenants", TENANTS_API_VERSION, what="Your tenants (ARM)")
