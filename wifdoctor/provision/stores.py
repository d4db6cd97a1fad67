"""Where an identity's federated credentials live: Graph for an app registration, ARM for a
user-assigned managed identity. Each store reads them, writes one, and reads one back.

Reads go to Graph beta (v1.0 breaks off its list when a flexible credential exists,
Azure/azure-workload-identity#373); writes are exactly the request the snippets show
(core.setup.snippets.graph.request). Answers are bounded: at most 50 pages of a list.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

import httpx

from wifdoctor.clients.http import describe_failure
from wifdoctor.clients.operator import SignInFailed
from wifdoctor.core.credentials import FederatedCredential, load_credentials
from wifdoctor.core.errors import CredentialsError
from wifdoctor.core.setup.model import ProposedCredential, Target
from wifdoctor.core.setup.snippets.graph import request as write_request
from wifdoctor.knowledge.clouds import cloud_by_id
from wifdoctor.knowledge.setup_tools import ARM_FIC_API_VERSION

if TYPE_CHECKING:
    from wifdoctor.clients.environment import WalkEnvironment

Token = Callable[[], Awaitable[str]]
MAX_PAGES = 50


class StoreError(Exception):
    """A refused or failed request, with the service's status, code and message."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    body: dict[str, Any] | None


class CredentialStore(Protocol):
    key: str  # one identity: writes under the same key are serialised when serialized is True
    serialized: bool
    service: str  # "Graph" or "ARM"

    def write_request(self, credential: ProposedCredential) -> Request: ...

    async def list(self) -> list[FederatedCredential]: ...

    async def write(self, credential: ProposedCredential) -> None: ...

    async def read(self, name: str) -> FederatedCredential | None: ...


def _error(response: httpx.Response) -> StoreError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    text = str(message or response.reason_phrase or "no message")[:500]
    return StoreError(text, status=response.status_code, code=str(code) if code else None)


class _HttpStore:
    service = "Graph"

    def __init__(self, http: httpx.AsyncClient, token: Token, target: Target) -> None:
        self.http = http
        self.token = token
        self.target = target
        self.cloud = cloud_by_id(target.cloud)

    async def _send(self, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {await self.token()}"}
        try:
            response = await self.http.request(method, url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise StoreError(describe_failure(exc, self.service)) from None
        if response.status_code >= 400:
            raise _error(response)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise StoreError(
                f"{self.service} answered something that is not JSON", status=response.status_code
            ) from None

    async def _list(self, url: str) -> list[FederatedCredential]:
        items: list[Any] = []
        next_url: str | None = url
        for _ in range(MAX_PAGES):
            if next_url is None:
                break
            answer = await self._send("GET", next_url)
            if not isinstance(answer, dict) or not isinstance(answer.get("value"), list):
                raise StoreError(f"{self.service} answered a list without 'value'")
            items.extend(answer["value"])
            link = answer.get("@odata.nextLink") or answer.get("nextLink")
            next_url = link if isinstance(link, str) else None
        if not items:
            return []
        try:
            return load_credentials(json.dumps(items))
        except CredentialsError as exc:
            message = f"{self.service} listed credentials wifdoctor cannot read: {exc}"
            raise StoreError(message) from None

    def write_request(self, credential: ProposedCredential) -> Request:
        method, url, body = write_request(credential, self.target)
        return Request(method, url, body)

    async def write(self, credential: ProposedCredential) -> None:
        request = self.write_request(credential)
        await self._send(request.method, request.url, request.body)


class GraphStore(_HttpStore):
    """An app registration's credentials, addressed by client ID (appId alternate key)."""

    service = "Graph"
    serialized = False

    def __init__(self, http: httpx.AsyncClient, token: Token, target: Target) -> None:
        super().__init__(http, token, target)
        self.key = f"app:{target.client_id}"
        self.base = (
            f"{self.cloud.graph_url}/beta/applications(appId='{target.client_id}')"
            "/federatedIdentityCredentials"
        )

    async def list(self) -> list[FederatedCredential]:
        return await self._list(self.base)

    async def read(self, name: str) -> FederatedCredential | None:
        try:
            answer = await self._send("GET", f"{self.base}(name='{quote(name, safe='')}')")
        except StoreError as exc:
            if exc.status == 404:
                return None
            raise
        return _one(answer)


class ArmStore(_HttpStore):
    """A user-assigned managed identity's credentials (ARM; writes must be one at a time)."""

    service = "ARM"
    serialized = True

    def __init__(self, http: httpx.AsyncClient, token: Token, target: Target) -> None:
        super().__init__(http, token, target)
        self.key = f"mi:{(target.resource_id or '').lower()}"
        self.base = f"{self.cloud.arm_url}{target.resource_id}/federatedIdentityCredentials"

    async def list(self) -> list[FederatedCredential]:
        return await self._list(f"{self.base}?api-version={ARM_FIC_API_VERSION}")

    async def read(self, name: str) -> FederatedCredential | None:
        url = f"{self.base}/{quote(name, safe='')}?api-version={ARM_FIC_API_VERSION}"
        try:
            answer = await self._send("GET", url)
        except StoreError as exc:
            if exc.status == 404:
                return None
            raise
        return _one(answer)


def _one(answer: Any) -> FederatedCredential | None:
    if not isinstance(answer, dict):
        return None
    try:
        return load_credentials(json.dumps(answer))[0]
    except (CredentialsError, IndexError):
        return None


def store_for(http: httpx.AsyncClient, token: Token, target: Target) -> CredentialStore:
    if target.resource_id:
        return ArmStore(http, token, target)
    return GraphStore(http, token, target)


def from_environment(env: WalkEnvironment, target: Target) -> CredentialStore:
    """The store for ``target`` on the walk's clients: its guarded httpx client (https only,
    bounded retries and answers, the HTTP trace) and the operator's sign-in."""
    base = env.arm_url if target.resource_id else env.graph_url
    scope = f"{base}/.default"
    operator = env.operator

    async def token() -> str:
        if operator is None:
            raise StoreError("No sign-in was configured to change credentials.")
        try:
            return await operator.token(scope)
        except SignInFailed as exc:
            raise StoreError(str(exc), code="SignInFailed") from None

    return store_for(env.client(), token, target)
