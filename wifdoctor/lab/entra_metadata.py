"""Entra's metadata: the tenant's OpenID configuration, its keys, and instance discovery (what
MSAL reads before a token request; anchors B.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wifdoctor.knowledge.clouds import CLOUDS, cloud_for_authority_host

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab


def _host(request: Request) -> str:
    return (request.headers.get("host") or "").split(":", 1)[0].lower()


def openid_configuration(lab: Lab, request: Request) -> Response:
    tenant = request.path_params["tenant"]
    host = _host(request)
    base = f"https://{host}/{tenant}"
    issuer_tenant = lab.state.tenant_id if lab.state.tenant_known(tenant) else tenant
    return JSONResponse(
        {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
            "jwks_uri": f"https://{host}/{tenant}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "issuer": f"https://{host}/{issuer_tenant}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com",
        }
    )


def keys(lab: Lab, request: Request) -> Response:
    del request
    return JSONResponse({"keys": [key.jwk() for key in lab.state.entra_keys]})


def instance_discovery(lab: Lab, request: Request) -> Response:
    host = _host(request)
    cloud = cloud_for_authority_host(host) or CLOUDS[lab.state.cloud]
    return JSONResponse(
        {
            "tenant_discovery_endpoint": (
                f"https://{host}/{lab.state.tenant_id}/v2.0/.well-known/openid-configuration"
            ),
            "api-version": "1.1",
            "metadata": [
                {
                    "preferred_network": cloud.authority_host,
                    "preferred_cache": cloud.authority_host,
                    "aliases": list(cloud.authority_hosts),
                }
            ],
        }
    )
