"""Microsoft Graph through msgraph-sdk's request adapter, on the walk's own httpx client.

msgraph-sdk gives the authentication hook, Graph's middleware and ``ODataError`` for Graph's
error JSON. Answers are read as JSON bytes and turned into wifdoctor's own types, which spares
the ~1.3 s first deserialization of msgraph's models and lets beta fields through
(``claimsMatchingExpression``, which the v1.0 models do not have). msgraph is imported only when
the first Graph client is made; ``warm_up`` imports it in a thread, off the critical path.

Graph's own retry middleware is switched off: the walk's transport retries (bounded, honouring
``Retry-After``) for every service alike.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx

from wifdoctor.clients.operator import OperatorCredential, SignInFailed


class GraphFailed(Exception):
    """Graph answered with an error, or not at all. ``status`` is None without an answer."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


def warm_up() -> None:
    """Import what the first Graph request needs (run in a worker thread)."""
    import msgraph  # noqa: F401
    import msgraph_core  # type: ignore[import-untyped]  # noqa: F401
    from msgraph.generated.models.o_data_errors.o_data_error import ODataError  # noqa: F401


def odata_quote(value: str) -> str:
    """A string literal for an OData URL: quotes doubled, then percent-encoded."""
    return quote(value.replace("'", "''"), safe="")


class GraphClient:
    def __init__(
        self, http: httpx.AsyncClient, operator: OperatorCredential, graph_url: str
    ) -> None:
        self.graph_url = graph_url.rstrip("/")
        self.operator = operator
        self._http = http
        self._adapter: Any = None

    def _make_adapter(self) -> Any:
        from kiota_abstractions.authentication import (
            AccessTokenProvider,
            AllowedHostsValidator,
            BaseBearerTokenAuthenticationProvider,
        )
        from kiota_http.middleware.options import RetryHandlerOption
        from msgraph.graph_request_adapter import GraphRequestAdapter
        from msgraph.graph_service_client import GraphServiceClient
        from msgraph_core import GraphClientFactory

        operator = self.operator
        scope = f"{self.graph_url}/.default"
        host = httpx.URL(self.graph_url).host

        class OperatorTokens(AccessTokenProvider):
            async def get_authorization_token(
                self, uri: str, additional_authentication_context: dict[str, Any] | None = None
            ) -> str:
                return await operator.token(scope)

            def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
                return AllowedHostsValidator([host])

        client = GraphClientFactory.create_with_default_middleware(
            client=self._http,
            options={
                RetryHandlerOption.get_key(): RetryHandlerOption(max_retries=0, should_retry=False)
            },
        )
        adapter = GraphRequestAdapter(
            BaseBearerTokenAuthenticationProvider(OperatorTokens()), client=client
        )
        adapter.base_url = self.graph_url
        GraphServiceClient(request_adapter=adapter)  # registers Graph's JSON (de)serialisers
        return adapter

    async def get(
        self, version: str, path: str, *, eventual: bool = False, what: str = "Graph"
    ) -> dict[str, Any]:
        """GET ``{graph}/{version}/{path}`` as JSON; GraphFailed with Graph's code otherwise."""
        return await self.get_url(
            f"{self.graph_url}/{version}/{path}", eventual=eventual, what=what
        )

    def owns(self, url: str) -> bool:
        """``url`` is on this Graph (an ``@odata.nextLink`` must be, or the token would leave)."""
        return url.startswith(f"{self.graph_url}/") and "#" not in url

    async def get_url(
        self, url: str, *, eventual: bool = False, what: str = "Graph"
    ) -> dict[str, Any]:
        """GET an absolute URL on this Graph (a page's ``@odata.nextLink``) as JSON."""
        from kiota_abstractions.method import Method
        from kiota_abstractions.request_information import RequestInformation
        from msgraph.generated.models.o_data_errors.o_data_error import ODataError

        if not self.owns(url):
            raise GraphFailed(f"{what}: refused to follow a link away from {self.graph_url}.")
        if self._adapter is None:
            self._adapter = self._make_adapter()
        info = RequestInformation(Method.GET)
        info.url = url
        info.headers.try_add("Accept", "application/json")
        if eventual:
            info.headers.try_add("ConsistencyLevel", "eventual")
        try:
            raw = await self._adapter.send_primitive_async(
                info, "bytes", {"4XX": ODataError, "5XX": ODataError}
            )
        except SignInFailed as exc:
            raise GraphFailed(str(exc), code="SignInFailed") from None
        except ODataError as exc:
            error = exc.error
            code = error.code if error is not None else None
            message = (error.message if error is not None else None) or exc.primary_message
            status = exc.response_status_code
            raise GraphFailed(
                f"{what}: HTTP {status} {code or ''}: {message or 'no message'}".replace("  ", " "),
                status=status,
                code=code,
            ) from None
        except httpx.TimeoutException:
            raise GraphFailed(f"{what}: no answer in time (timed out).") from None
        except httpx.HTTPError as exc:
            from wifdoctor.clients.http import describe_failure

            raise GraphFailed(describe_failure(exc, what)) from None
        except Exception as exc:  # kiota's own errors: a body it cannot parse, mostly
            raise GraphFailed(
                f"{what}: the answer could not be read ({type(exc).__name__}; truncated?)."
            ) from None
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            raise GraphFailed(f"{what}: the answer is not JSON (truncated?).") from None
        if not isinstance(data, dict):
            raise GraphFailed(f"{what}: the answer is not a JSON object.")
        return data
