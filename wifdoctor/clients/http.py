"""The one HTTP stack of the walk: an ``httpx.AsyncClient`` factory with the safety rules built in.

Every client it makes goes through ``GuardedTransport``, which
- refuses plain http (the lab's loopback hosts excepted), so a redirect to http is refused too;
- retries 429, 502, 503 and 504 a bounded number of times, honouring ``Retry-After`` (or Resource
  Graph's ``x-ms-user-quota-resets-after`` on a 429) up to a cap (a longer wait is not waited
  for: the answer goes back as it is);
- caps every response body (``ResponseTooLarge`` past the cap);
- records each attempt in the walk's HTTP trace: method, host, path, status, time, the server's
  ``Date``. Never a body, a query string or a header value.

The lab swaps the inner transport (``transport=``) and nothing else.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from wifdoctor.core.live import HttpCall

RETRY_STATUSES = frozenset({429, 502, 503, 504})


class RefusedRequest(httpx.RequestError):
    """wifdoctor will not send this request (plain http, or a host it must not contact)."""


class ResponseTooLarge(httpx.RequestError):
    """The answer is larger than the walk accepts."""


@dataclass(frozen=True)
class HttpPolicy:
    timeout: float = 10.0  # seconds per read/write/pool wait
    connect_timeout: float = 5.0
    max_bytes: int = 2_000_000
    max_redirects: int = 3
    retries: int = 2  # extra attempts after a 429/502/503/504
    max_retry_after: float = 5.0  # seconds; a longer Retry-After is reported, not waited for
    backoff: float = 0.5  # first wait when no Retry-After is given; doubles
    http_hosts: frozenset[str] = frozenset()  # hosts allowed over plain http (the lab's loopback)


@dataclass
class Trace:
    """The walk's HTTP trace, appended to by every client of one factory."""

    calls: list[HttpCall] = field(default_factory=list)
    listeners: list[Callable[[HttpCall], None]] = field(default_factory=list)
    origin: float = field(default_factory=time.perf_counter)

    def add(self, call: HttpCall) -> None:
        self.calls.append(call)
        for listener in self.listeners:
            listener(call)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text[:6]), 86400))
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


def quota_reset_seconds(value: str | None) -> float | None:
    """Azure Resource Graph's ``x-ms-user-quota-resets-after`` (``hh:mm:ss``) as seconds: the
    wait it asks for instead of ``Retry-After`` (learn.microsoft.com, Azure Resource Graph,
    "Guidance for throttled requests"). None when absent or unreadable."""
    parts = (value or "").strip().split(":")
    if len(parts) != 3 or not all(p.isdigit() and len(p) <= 2 for p in parts):
        return None
    hours, minutes, seconds = (int(p) for p in parts)
    return float(hours * 3600 + minutes * 60 + seconds)


class _CappedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, cap: int, url: httpx.URL) -> None:
        self.inner = inner
        self.cap = cap
        self.url = url

    async def __aiter__(self) -> AsyncIterator[bytes]:
        total = 0
        async for chunk in self.inner:
            total += len(chunk)
            if total > self.cap:
                raise ResponseTooLarge(
                    f"{self.url.host} sent more than {self.cap:,} bytes; wifdoctor stopped reading."
                )
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: HttpPolicy, trace: Trace) -> None:
        self.inner = inner
        self.policy = policy
        self.trace = trace

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme != "https" and url.host not in self.policy.http_hosts:
            self._record(request, None, time.perf_counter(), "refused: not https")
            raise RefusedRequest(
                f"wifdoctor sends requests over https only; refused {url.scheme}://{url.host}.",
                request=request,
            )
        wait = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            started = time.perf_counter()
            try:
                # A deadline per attempt whatever the transport (the in-process one has none).
                response = await asyncio.wait_for(
                    self.inner.handle_async_request(request),
                    self.policy.timeout + self.policy.connect_timeout,
                )
            except TimeoutError:
                self._record(request, None, started, "timed out")
                raise httpx.ReadTimeout("no answer in time", request=request) from None
            except httpx.TimeoutException:
                self._record(request, None, started, "timed out")
                raise
            except httpx.HTTPError as exc:
                self._record(request, None, started, type(exc).__name__)
                raise
            self._record(request, response, started, None)
            if response.status_code not in RETRY_STATUSES or attempt == self.policy.retries:
                break
            delay = retry_after_seconds(response.headers.get("retry-after"))
            if delay is None and response.status_code == 429:
                delay = quota_reset_seconds(response.headers.get("x-ms-user-quota-resets-after"))
            if delay is not None and delay > self.policy.max_retry_after:
                break  # not worth waiting for: the caller reports it
            await response.aclose()
            await asyncio.sleep(delay if delay is not None else wait)
            wait *= 2
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_CappedStream(response.stream, self.policy.max_bytes, url),  # type: ignore[arg-type]
            extensions=response.extensions,
            request=request,
        )

    def _record(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        started: float,
        error: str | None,
    ) -> None:
        now = time.perf_counter()
        self.trace.add(
            HttpCall(
                method=request.method,
                host=request.url.host,
                path=request.url.path,
                status=response.status_code if response is not None else None,
                started_ms=round((started - self.trace.origin) * 1000, 1),
                duration_ms=round((now - started) * 1000, 1),
                date=_first(response.headers.get_list("date")) if response is not None else None,
                error=error,
            )
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


class HttpFactory:
    """Makes the walk's httpx clients. ``transport`` (a factory) is what the lab replaces."""

    def __init__(
        self,
        *,
        policy: HttpPolicy | None = None,
        transport: Callable[[], httpx.AsyncBaseTransport] | None = None,
        environment: Mapping[str, str] | None = None,
        trace: Trace | None = None,
    ) -> None:
        self.policy = policy or HttpPolicy()
        self.transport = transport
        self.environment = dict(environment or {})
        self.trace = trace or Trace()
        self.transports: list[GuardedTransport] = []

    def _inner(self) -> httpx.AsyncBaseTransport:
        if self.transport is not None:
            return self.transport()
        # The environment is injected: HTTPS_PROXY and SSL_CERT_FILE come from it, not os.environ.
        env = self.environment
        proxy = env.get("HTTPS_PROXY") or env.get("https_proxy") or None
        cafile = env.get("SSL_CERT_FILE")
        verify: ssl.SSLContext | bool = True
        if cafile:
            verify = ssl.create_default_context(cafile=cafile)
        return httpx.AsyncHTTPTransport(verify=verify, proxy=proxy, trust_env=False)

    def client(self, *, headers: Mapping[str, str] | None = None) -> httpx.AsyncClient:
        policy = self.policy
        guarded = GuardedTransport(self._inner(), policy, self.trace)
        self.transports.append(guarded)
        return httpx.AsyncClient(
            transport=guarded,
            timeout=httpx.Timeout(policy.timeout, connect=policy.connect_timeout),
            follow_redirects=True,
            max_redirects=policy.max_redirects,
            trust_env=False,
            headers={"user-agent": "wifdoctor", **(headers or {})},
        )


def describe_failure(exc: BaseException, what: str) -> str:
    """One sentence for a failed request, with no traceback and no secret."""
    if isinstance(exc, RefusedRequest | ResponseTooLarge):
        return f"{what}: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return f"{what}: no answer in time (timed out)."
    if isinstance(exc, httpx.TooManyRedirects):
        return f"{what}: too many redirects."
    if isinstance(exc, httpx.ConnectError):
        detail = str(exc).split("\n")[0][:160]
        return f"{what}: cannot connect ({detail or 'connection failed'})."
    if isinstance(exc, httpx.HTTPError):
        return f"{what}: the connection failed ({type(exc).__name__})."
    return f"{what}: {type(exc).__name__}."


class FetchFailed(Exception):
    """A request that gave no usable answer: ``message`` says why, in one sentence."""

    def __init__(self, message: str, *, status: int | None = None, kind: str = "failed") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.kind = kind  # unreachable | timeout | refused | too-large | status | not-json


@dataclass(frozen=True)
class JsonAnswer:
    status: int
    body: object
    headers: Mapping[str, str]


async def request_json(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    what: str,
    *,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    ok: tuple[int, ...] = (200,),
    json_body: object | None = None,
) -> JsonAnswer:
    """Send one request and read a JSON answer; every failure is a FetchFailed with its reason.

    A status outside ``ok`` with a JSON body is still an answer (the caller reads the error).
    ``json_body`` is sent as JSON (a Resource Graph query); ``data`` as a form.
    """
    try:
        response = await client.request(method, url, data=data, headers=headers, json=json_body)
    except httpx.TimeoutException as exc:
        raise FetchFailed(describe_failure(exc, what), kind="timeout") from None
    except ResponseTooLarge as exc:
        raise FetchFailed(describe_failure(exc, what), kind="too-large") from None
    except RefusedRequest as exc:
        raise FetchFailed(describe_failure(exc, what), kind="refused") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(describe_failure(exc, what), kind="unreachable") from None
    headers_seen = {k.lower(): v for k, v in response.headers.items()}
    try:
        body = response.json()
    except ValueError:
        if response.status_code not in ok:
            raise FetchFailed(
                f"{what}: HTTP {response.status_code} {response.reason_phrase}, and the body is "
                "not JSON (truncated?).",
                status=response.status_code,
                kind="status",
            ) from None
        kind = "not JSON" if response.content else "empty"
        raise FetchFailed(
            f"{what}: the answer is {kind} (truncated or not a JSON document).",
            status=response.status_code,
            kind="not-json",
        ) from None
    except RecursionError:
        raise FetchFailed(f"{what}: the JSON is nested too deeply.", kind="not-json") from None
    return JsonAnswer(response.status_code, body, headers_seen)
