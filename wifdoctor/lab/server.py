"""``Lab``: the state, the ASGI app, and the in-process ways to reach it (no sockets)."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

import httpx

from wifdoctor.lab.entra_checks import FetchFailed
from wifdoctor.lab.state import LabState

ISSUER_FETCH_TIMEOUT = 5.0  # how long the lab's Entra waits for an issuer's discovery or JWKS


class Lab:
    def __init__(self, state: LabState, scenario: Any = None) -> None:
        from wifdoctor.lab.app import build_app

        self.state = state
        self.scenario = scenario
        self.app = build_app(self)
        self.issuer_fetch_timeout = ISSUER_FETCH_TIMEOUT
        self.request_token = secrets.token_urlsafe(24)  # ACTIONS_ID_TOKEN_REQUEST_TOKEN etc.

    @property
    def graph_page_size(self) -> int:
        return self.state.graph_page_size

    def note_created(self, credential_id: str) -> None:
        if self.state.not_found_after_create:
            self.state.pending_not_found[credential_id] = self.state.not_found_after_create

    def consume_not_found(self, credential_id: str) -> bool:
        """True while a just-created credential is still answered 404 (eventual consistency)."""
        left = self.state.pending_not_found.get(credential_id, 0)
        if left <= 0:
            return False
        self.state.pending_not_found[credential_id] = left - 1
        return True

    def workload_token(self, overrides: dict[str, Any] | None = None) -> str:
        """The scenario's workload ID token, minted now (``overrides`` replace claims)."""
        from wifdoctor.lab.scenario import scenario_token

        return scenario_token(self, overrides)

    def managed_identity_token(self, client_id: str) -> str:
        """What the instance metadata service gives a user-assigned identity for
        ``api://AzureADTokenExchange``: the assertion of the MI-as-FIC pattern (reference B.7)."""
        import uuid

        from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID

        identity = self.state.identity_by_client_id(client_id)
        if identity is None or identity.kind != "uami":
            raise KeyError(client_id)
        now = int(self.state.clock())
        claims = {
            "aud": TOKEN_EXCHANGE_APP_ID,
            "iss": self.state.entra_issuer(),
            "iat": now,
            "nbf": now,
            "exp": now + 86399,
            "azp": identity.client_id,
            "idtyp": "app",
            "oid": identity.sp_id,
            "sub": identity.sp_id,
            "tid": self.state.tenant_id,
            "uti": uuid.uuid4().hex[:22],
            "ver": "2.0",
            "xms_mirid": identity.arm_id,
        }
        return self.state.entra_keys[-1].sign(claims)

    def operator_token(
        self, resource: str = "https://graph.microsoft.com", roles: list[str] | None = None
    ) -> str:
        """An access token of the operator (the person running wifdoctor), signed by the lab's
        Entra: what a sign-in to the lab tenant gives."""
        import uuid

        now = int(self.state.clock())
        claims = {
            "aud": resource,
            "iss": self.state.entra_issuer("v1"),
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "tid": self.state.tenant_id,
            "oid": "0f0e0d0c-0b0a-4909-8807-060504030201",
            "uti": uuid.uuid4().hex[:22],
            "ver": "1.0",
        }
        if roles is not None:  # an app's token (client credentials): permissions are roles
            claims.update({"appid": self.state.operator_client_id, "idtyp": "app", "roles": roles})
        else:  # a user's token: delegated permissions are scopes
            claims.update(
                {
                    "upn": f"operator@{self.state.tenant_domain}",
                    "scp": " ".join(sorted(self.state.operator_permissions)),
                    "idtyp": "user",
                }
            )
        return self.state.entra_keys[-1].sign(claims)

    def transport(self, client_ip: str | None = None) -> httpx.ASGITransport:
        """An httpx transport into the lab; every host name goes to the app."""
        client = (client_ip or "127.0.0.1", 40000)
        return httpx.ASGITransport(app=self.app, client=client)

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport(), **kwargs)

    async def fetch_json(self, url: str) -> Any:
        """What Entra does to read an issuer's metadata, through the lab's own routing."""
        if not url.startswith("https://"):
            raise FetchFailed("not https")
        async with self.client() as client:
            try:
                response = await asyncio.wait_for(client.get(url), self.issuer_fetch_timeout)
            except (httpx.HTTPError, TimeoutError) as exc:
                raise FetchFailed(str(exc)) from exc
        if response.status_code != 200:
            raise FetchFailed(f"HTTP {response.status_code}")
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise FetchFailed("not JSON") from exc
