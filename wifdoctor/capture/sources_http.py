"""The platforms' token endpoints: GitHub Actions (GET) and Azure DevOps (POST).

Each failure becomes a finding with the real HTTP status and the answer's body (cut short and
masked); the request token goes only into the Authorization header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from wifdoctor.core.capture import TokenRequest
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.rules.advice import ADO_OIDC_COPY, GITHUB_PERMISSIONS_COPY, default_fix
from wifdoctor.knowledge import ci_environments as ci
from wifdoctor.report.redaction import Redactor

ClientFactory = Callable[[], httpx.AsyncClient]
BODY_CHARS = 500


@dataclass(frozen=True)
class Fetched:
    token: str | None
    request: TokenRequest
    findings: tuple[Finding, ...] = ()


async def _send(
    clients: ClientFactory,
    method: str,
    url: str,
    headers: Mapping[str, str],
    redactor: Redactor,
) -> tuple[TokenRequest, httpx.Response | None]:
    parsed = httpx.URL(url)
    try:
        async with clients() as client:
            response = await client.request(method, url, headers=dict(headers))
            await response.aread()
    except httpx.HTTPError as exc:
        detail = redactor.text(str(exc).split("\n")[0][:200]) or type(exc).__name__
        return TokenRequest(method, parsed.host, parsed.path, None, error=detail), None
    body = None
    if response.status_code != 200:
        body = redactor.text(response.text[:BODY_CHARS]) or "(empty body)"
    return TokenRequest(method, parsed.host, parsed.path, response.status_code, body), response


def _json_field(response: httpx.Response, key: str) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _failure(request: TokenRequest, what: str, explanation: str, finding_id: str) -> Finding:
    status = str(request.status) if request.status is not None else "no answer"
    if request.status is None:
        said = f"{what} did not answer ({(request.error or '').rstrip('.')})."
    else:
        said = f"{what} answered HTTP {status}: {(request.body or '').rstrip('.')}."
    return make_finding(
        finding_id,
        f"{said} {explanation}",
        default_fix(finding_id),
        {"status": status, "body": request.body, "error": request.error, "host": request.host},
        copy=(ADO_OIDC_COPY,) if finding_id == "token-request-wrong-method" else (),
    )


def _wrong_method(request: TokenRequest) -> Finding | None:
    if request.status == 405 and request.path.rstrip("/").endswith("/oidctoken"):
        return _failure(
            request,
            "The Azure DevOps OIDC endpoint",
            "It takes POST with serviceConnectionId; a GitHub-style GET gets 405.",
            "token-request-wrong-method",
        )
    return None


async def github_token(
    env: Mapping[str, str], audience: str, clients: ClientFactory, redactor: Redactor
) -> Fetched | Finding:
    """GET the ID token as actions/toolkit's getIDToken does (oidc-utils.ts)."""
    url = env[ci.GITHUB_REQUEST_URL]
    joiner = "&" if "?" in url else "?"
    full = f"{url}{joiner}audience={quote(audience, safe='')}"
    headers = {
        "Authorization": f"Bearer {env[ci.GITHUB_REQUEST_TOKEN]}",
        "Accept": "application/json",
    }
    request, response = await _send(clients, "GET", full, headers, redactor)
    if response is None or response.status_code != 200:
        wrong = _wrong_method(request)
        if wrong is not None:
            return Fetched(None, request, (wrong,))
        if request.status == 403:
            finding = _failure(
                request,
                "GitHub's token endpoint",
                "The job may not request an ID token: it lacks permissions: id-token: write.",
                "token-permission-missing",
            )
            finding = _with_copy(finding)
        else:
            finding = _failure(
                request,
                "GitHub's token endpoint",
                "The runner could not get an ID token (proxy, GHES, or an outage).",
                "token-request-failed",
            )
        return Fetched(None, request, (finding,))
    token = _json_field(response, "value")
    if token is None:
        return Fetched(None, request, (_no_field(request, "GitHub's token endpoint", "value"),))
    return Fetched(token, request)


def _with_copy(finding: Finding) -> Finding:
    from dataclasses import replace

    return replace(finding, copy=(GITHUB_PERMISSIONS_COPY,))


def _no_field(request: TokenRequest, what: str, key: str) -> Finding:
    return make_finding(
        "token-request-failed",
        f"{what} answered HTTP 200 without a '{key}' field in its JSON.",
        default_fix("token-request-failed"),
        {"status": "200", "host": request.host},
    )


async def ado_token(
    env: Mapping[str, str], service_connection: str, clients: ClientFactory, redactor: Redactor
) -> Fetched:
    """POST as AzurePipelinesCredential does (azure-identity 1.27.0, platform-tokens §16.1)."""
    base = env[ci.ADO_REQUEST_URI]
    joiner = "&" if "?" in base else "?"
    url = (
        f"{base}{joiner}api-version={ci.ADO_API_VERSION}"
        f"&serviceConnectionId={quote(service_connection, safe='')}"
    )
    headers = {
        "Authorization": f"Bearer {env[ci.ADO_ACCESS_TOKEN]}",
        "Content-Type": "application/json",
        "X-TFS-FedAuthRedirect": "Suppress",
    }
    request, response = await _send(clients, "POST", url, headers, redactor)
    if response is None or response.status_code != 200:
        return Fetched(None, request, (_ado_failure(request),))
    token = _json_field(response, "oidcToken")
    if token is None:
        return Fetched(None, request, (_no_field(request, "The OIDC endpoint", "oidcToken"),))
    return Fetched(token, request)


_ADO_STATUS = {
    401: "SYSTEM_ACCESSTOKEN is not this job's access token (not mapped from "
    "$(System.AccessToken), or from another job).",
    400: "The request lacks what the endpoint needs (a serviceConnectionId that is a GUID).",
    404: "No such service connection for this job: reference it in a task input of this job "
    "(azureSubscription:) and authorise it for the pipeline.",
}


def _ado_failure(request: TokenRequest) -> Finding:
    wrong = _wrong_method(request)
    if wrong is not None:
        return wrong
    explanation = _ADO_STATUS.get(request.status or 0, "The endpoint refused the request.")
    return _failure(request, "The Azure DevOps OIDC endpoint", explanation, "token-request-failed")


async def terraform_style_probe(
    env: Mapping[str, str], clients: ClientFactory, redactor: Redactor
) -> Fetched:
    """Ask SYSTEM_OIDCREQUESTURI the way the azurerm provider does without a service
    connection ID: GitHub's GET. The answer shows the user what the provider gets."""
    base = env[ci.ADO_REQUEST_URI]
    joiner = "&" if "?" in base else "?"
    url = f"{base}{joiner}audience={quote(ci.EXCHANGE_AUDIENCE, safe='')}"
    headers = {"Authorization": f"Bearer {env.get(ci.ADO_ACCESS_TOKEN, '')}"}
    request, _response = await _send(clients, "GET", url, headers, redactor)
    wrong = _wrong_method(request)
    return Fetched(None, request, (wrong,) if wrong is not None else ())
