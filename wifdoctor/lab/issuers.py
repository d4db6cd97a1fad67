"""The workload OIDC issuers: discovery and JWKS at each issuer's exact URL, minting, faults.

Shapes (reference platform-tokens.md, entra-errors B.9): GitHub at
``https://token.actions.githubusercontent.com`` (enterprise: ``/<slug>``), Azure DevOps at
``https://vstoken.dev.azure.com/<org-id>``, AKS at
``https://<region>.oic.prod-aks.azure.com/<tenant>/<id>/`` (trailing slash), GitLab at
``https://gitlab.com`` (keys at ``/oauth/discovery/keys``), HCP Terraform at
``https://app.terraform.io``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from wifdoctor.lab import claims as platform_claims
from wifdoctor.lab.keys import SigningKey, filler_jwks
from wifdoctor.lab.state import Issuer, IssuerFaults

if TYPE_CHECKING:
    from wifdoctor.lab.state import LabState

# jwks_uri paths as the platforms publish them (appended to the issuer without its slash).
JWKS_PATHS: dict[str, str] = {
    "github-actions": "/.well-known/jwks",
    "azure-devops": "/.well-known/jwks",
    "kubernetes": "/openid/v1/jwks",
    "gitlab": "/oauth/discovery/keys",
    "terraform-cloud": "/.well-known/jwks",
}


class IssuerUnreachable(httpx.ConnectError):
    """Raised inside the app for an unreachable issuer: in process it reaches the caller as the
    connection error a dead host gives; served over a socket it becomes a 502."""


def make_issuer(
    name: str, platform: str, url: str, pool_index: int, faults: IssuerFaults | None = None
) -> Issuer:
    return Issuer(
        name=name,
        platform=platform,
        url=url,
        keys=[SigningKey(f"{name}-key-1", pool_index)],
        jwks_path=JWKS_PATHS.get(platform, "/.well-known/jwks"),
        faults=faults or IssuerFaults(),
    )


def rotate(issuer: Issuer, pool_index: int, *, keep_old: bool = True) -> SigningKey:
    """A new signing key; the old one stays published unless ``keep_old`` is false."""
    key = SigningKey(f"{issuer.name}-key-{len(issuer.keys) + 1}", pool_index)
    issuer.keys = [*issuer.keys, key] if keep_old else [key]
    return key


def discovery_document(issuer: Issuer) -> dict[str, Any]:
    return {
        "issuer": issuer.faults.wrong_issuer or issuer.url,
        "jwks_uri": issuer.jwks_url,
        "subject_types_supported": ["public", "pairwise"],
        "response_types_supported": ["id_token"],
        "claims_supported": ["sub", "aud", "exp", "iat", "iss", "jti", "nbf"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid"],
    }


def jwks_document(issuer: Issuer) -> dict[str, Any]:
    keys = [key.jwk() for key in issuer.keys]
    if issuer.faults.kid_missing:
        keys = keys[:-1]
    return {"keys": [*filler_jwks(issuer.faults.extra_keys), *keys]}


async def serve_issuer(state: LabState, request: Request) -> Response:
    host = (request.headers.get("host") or "").split(":", 1)[0].lower()
    url = f"https://{host}{request.url.path}"
    for issuer in state.issuers:
        if url not in (issuer.discovery_url, issuer.jwks_url):
            continue
        faults = issuer.faults
        if faults.unreachable:
            raise IssuerUnreachable(f"cannot connect to {host}")
        if faults.slow_ms:
            await asyncio.sleep(faults.slow_ms / 1000)
        if faults.non_json:
            return HTMLResponse("<html><body><h1>Welcome to nginx!</h1></body></html>")
        if url == issuer.discovery_url:
            return JSONResponse(discovery_document(issuer))
        return JSONResponse(jwks_document(issuer))
    return HTMLResponse("<h1>404 Not Found</h1>", status_code=404)


def mint(
    state: LabState,
    issuer: Issuer,
    context: dict[str, Any],
    *,
    overrides: dict[str, Any] | None = None,
    issued_ago: int = 0,
    lifetime: int | None = None,
    with_kid: bool = True,
    drop: tuple[str, ...] = (),
) -> str:
    """An ID token as the issuer's platform would mint it now (by the lab clock)."""
    builder = platform_claims.BUILDERS[context.get("generation", issuer.platform)]
    body = builder(context)
    now = int(state.clock()) - issued_ago
    span = lifetime if lifetime is not None else platform_claims.LIFETIMES[issuer.platform]
    body.update({"iss": issuer.url, "nbf": now - 5, "iat": now, "exp": now + span})
    body.update(overrides or {})
    for key in drop:
        body.pop(key, None)
    return issuer.signing_key.sign(body, with_kid=with_kid)
