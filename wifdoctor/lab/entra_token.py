"""Entra's token endpoint for ``client_credentials`` with a ``client_assertion``, and its metadata.

An independent oracle (see entra_rules): it reads the form, finds the client, checks the
assertion's shape, times and issuer kind, fetches the issuer's discovery and JWKS through the
lab's own routing, verifies the signature, matches the credentials, applies the tenant's
policies (enterprise claim, Conditional Access) and answers as Entra does.
"""

from __future__ import annotations

import hmac
import ipaddress
import time
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wifdoctor.knowledge.clouds import CLOUDS, TOKEN_EXCHANGE_APP_ID, cloud_for_authority_host
from wifdoctor.lab import entra_checks, entra_device, entra_rules
from wifdoctor.lab.entra_errors import EntraError, capolids_claims, error_body, message_for
from wifdoctor.lab.state import Credential, Identity, LabState

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_MATCH_CODES = frozenset({700211, 700212, 700213, 7002138, 7002131})
ACCESS_TOKEN_SECONDS = 3599
MAX_FORM_BYTES = 1 << 20


def _host(request: Request) -> str:
    return (request.headers.get("host") or "").split(":", 1)[0].lower()


def _tenant_ok(state: LabState, tenant: str) -> bool:
    return tenant.lower() in (state.tenant_id.lower(), state.tenant_domain.lower())


async def token(lab: Lab, request: Request) -> Response:
    state = lab.state
    raw = await request.body()
    if len(raw) > MAX_FORM_BYTES:
        return JSONResponse({"error": "invalid_request"}, status_code=413)
    form = dict(parse_qsl(raw.decode("utf-8", "replace")))
    tenant = request.path_params["tenant"]
    if "client_secret" in form:
        return _operator_sign_in(lab, request, tenant, form)
    if form.get("grant_type") == entra_device.DEVICE_GRANT:
        return entra_device.redeem(lab, form)
    identity = state.identity_by_client_id(form.get("client_id", ""))
    outcome = await _decide(lab, request, tenant, form, identity)
    host = _host(request)
    error_host = host if cloud_for_authority_host(host) else "login.microsoftonline.com"
    if isinstance(outcome, EntraError):
        status, body, headers = error_body(
            outcome, legacy=state.entra_mode == "legacy", now=state.clock(), error_host=error_host
        )
        _sign_in(state, request, identity, form, body["correlation_id"], outcome)
        return JSONResponse(body, status_code=status, headers=headers)
    assert identity is not None
    answer = _access_token(lab, identity, form.get("scope", ""), outcome)
    _sign_in(state, request, identity, form, str(uuid.uuid4()), outcome)
    return JSONResponse(answer, headers={"x-ms-request-id": str(uuid.uuid4())})


async def _decide(
    lab: Lab, request: Request, tenant: str, form: dict[str, str], identity: Identity | None
) -> EntraError | Credential:
    """Entra's checks in the order the reference's codes imply: the request and the client, the
    assertion's shape, Entra-issued assertions and times, then the credentials by issuer (70025,
    700211: Entra fetches only issuers some credential names), the issuer's keys and the
    signature, the tenant's enterprise-claim policy, audience and subject, Conditional Access."""
    state = lab.state
    if tenant.lower() in ("common", "consumers"):
        return EntraError(9001023, {})
    if not _tenant_ok(state, tenant):
        return EntraError(90002, {"tenant": tenant})
    for name in ("grant_type", "client_id", "scope"):
        if not form.get(name):
            return EntraError(900144, {"name": name})
    if not form.get("client_assertion"):
        return EntraError(7000218, {})
    if form.get("client_assertion_type") != ASSERTION_TYPE:
        return EntraError(900144, {"name": "client_assertion_type"})
    if not form["scope"].endswith("/.default"):
        return EntraError(1002012, {"scope": form["scope"]})
    if identity is None:
        return EntraError(700016, {"appId": form["client_id"], "tenantName": state.tenant_domain})
    if not identity.sp_enabled:
        return EntraError(
            7000112, {"appId": identity.client_id, "displayName": identity.display_name}
        )
    decoded = entra_checks.decode_unverified(form["client_assertion"])
    if decoded is None:
        return EntraError(50027, {})
    header, claims = decoded
    problem = entra_checks.entra_issued(claims, state.fic_issued_tokens) or entra_checks.times(
        claims, state.clock()
    )
    if problem is not None:
        return problem
    credentials = state.visible_credentials(identity)
    first = entra_rules.match(claims, credentials)
    if first.code in (70025, 700211):
        return _legacy(state, first.code, claims)
    problem = await entra_checks.signature(
        form["client_assertion"], header, claims["iss"], lab.fetch_json
    )
    if problem is not None:
        return problem
    enterprise = state.required_enterprise
    if (
        enterprise is not None
        and "githubusercontent.com" in claims["iss"]
        and claims.get("enterprise") != enterprise
    ):
        return EntraError(7002381, {"enterprise": enterprise})
    if first.code is not None:
        return _legacy(state, first.code, claims)
    assert first.credential is not None
    blocking = _conditional_access(state, identity, request)
    if blocking:
        return EntraError(
            53003, {}, {"suberror": "message_only", "claims": capolids_claims(blocking)}
        )
    return first.credential


def _operator_sign_in(lab: Lab, request: Request, tenant: str, form: dict[str, str]) -> Response:
    """The operator's sign-in with its app's secret (what ClientSecretCredential sends): an
    access token carrying the scenario's operator permissions as roles."""
    state = lab.state
    error: EntraError | None = None
    if not _tenant_ok(state, tenant):
        error = EntraError(90002, {"tenant": tenant})
    elif form.get("client_id") != state.operator_client_id:
        error = EntraError(
            700016, {"appId": form.get("client_id", ""), "tenantName": state.tenant_domain}
        )
    elif not hmac.compare_digest(form.get("client_secret", ""), state.operator_secret):
        error = EntraError(7000215, {})
    if error is not None:
        status, body, headers = error_body(error, legacy=False, now=state.clock())
        return JSONResponse(body, status_code=status, headers=headers)
    resource = _resource(form.get("scope", ""))
    token = lab.operator_token(resource, roles=sorted(state.operator_permissions))
    answer = {
        "token_type": "Bearer",
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": token,
    }
    return JSONResponse(answer)


def _legacy(state: LabState, code: int, claims: dict[str, Any]) -> EntraError:
    values = {"iss": str(claims.get("iss", "")), "sub": str(claims.get("sub", ""))}
    audiences = entra_rules.token_audiences(claims)
    values["aud"] = audiences[0] if audiences else ""
    if state.entra_mode == "legacy" and code in _MATCH_CODES:
        return EntraError(70021, values)
    return EntraError(code, values)


def _client_ip(state: LabState, request: Request) -> str:
    if request.client is not None:
        try:
            if not ipaddress.ip_address(request.client.host).is_loopback:
                return request.client.host
        except ValueError:
            pass
    return state.client_ip


def _conditional_access(state: LabState, identity: Identity, request: Request) -> list[str]:
    """The enabled policies that block this service principal from this address (reference
    C.3: workload identity policies target single-tenant SPs, never managed identities)."""
    if identity.kind != "app":
        return []
    address = ipaddress.ip_address(_client_ip(state, request))
    blocking: list[str] = []
    for policy in state.policies:
        if policy.state != "enabled":
            continue
        included = identity.sp_id in policy.include_service_principals or (
            "ServicePrincipalsInMyTenant" in policy.include_service_principals
        )
        if not included or identity.sp_id in policy.exclude_service_principals:
            continue
        excluded_here = False
        for location in state.locations:
            wanted = location.id in policy.exclude_locations or (
                "AllTrusted" in policy.exclude_locations and location.trusted
            )
            if wanted and any(
                address in ipaddress.ip_network(cidr, strict=False) for cidr in location.cidrs
            ):
                excluded_here = True
        if not excluded_here:
            blocking.append(policy.id)
    return blocking


def _resource(scope: str) -> str:
    resource = scope.removesuffix("/.default")
    if resource == "api://AzureADTokenExchange":
        return TOKEN_EXCHANGE_APP_ID
    return resource


def _access_token(
    lab: Lab, identity: Identity, scope: str, credential: Credential
) -> dict[str, Any]:
    state = lab.state
    now = int(state.clock())
    uti = uuid.uuid4().hex[:22]
    audience = _resource(scope)
    # Tokens for the token exchange app are v2.0: MI-as-FIC credentials name the v2.0 issuer.
    version = "v2.0" if audience == TOKEN_EXCHANGE_APP_ID else "v1"
    claims: dict[str, Any] = {
        "aud": audience,
        "iss": state.entra_issuer(version),
        "iat": now,
        "nbf": now,
        "exp": now + ACCESS_TOKEN_SECONDS + 1,
        "aio": "k2RgYNjHZ1q4lab",
        "appid": identity.client_id,
        "appidacr": "2",
        "idp": state.entra_issuer("v1"),
        "idtyp": "app",
        "oid": identity.sp_id,
        "rh": "0.lab.",
        "sub": identity.sp_id,
        "tid": state.tenant_id,
        "uti": uti,
        "ver": "2.0" if version == "v2.0" else "1.0",
        "xms_tcdt": 1600000000,
    }
    if identity.kind == "uami":
        claims["xms_mirid"] = identity.arm_id
    state.fic_issued_tokens.add(uti)
    token = state.entra_keys[-1].sign(claims)
    return {
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "ext_expires_in": ACCESS_TOKEN_SECONDS,
        "access_token": token,
    }


def _sign_in(
    state: LabState,
    request: Request,
    identity: Identity | None,
    form: dict[str, str],
    correlation_id: str,
    outcome: EntraError | Credential,
) -> None:
    """The beta sign-in log entry of this exchange (reference C.4's fields)."""
    error = outcome if isinstance(outcome, EntraError) else None
    code = error.code if error else 0
    credential = None if error else outcome
    policies = []
    if error is not None and error.code == 53003:
        names = {p.id: p.display_name for p in state.policies}
        blocking = _conditional_access(state, identity, request) if identity else []
        policies = [
            {
                "id": pid,
                "displayName": names.get(pid),
                "result": "failure",
                "enforcedGrantControls": ["Block"],
            }
            for pid in blocking
        ]
    state.sign_ins.append(
        {
            "id": str(uuid.uuid4()),
            "createdDateTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(state.clock())),
            "appId": form.get("client_id"),
            "appDisplayName": identity.display_name if identity else None,
            "servicePrincipalId": identity.sp_id if identity else None,
            "ipAddress": _client_ip(state, request),
            "correlationId": correlation_id,
            "clientCredentialType": "federatedIdentityCredential",
            "federatedCredentialId": credential.id if isinstance(credential, Credential) else None,
            "signInEventTypes": [
                "managedIdentity" if identity and identity.kind == "uami" else "servicePrincipal"
            ],
            "status": {
                "errorCode": code,
                "failureReason": message_for(error.code, error.values) if error else None,
            },
            "conditionalAccessStatus": "failure" if code == 53003 else "notApplied",
            "appliedConditionalAccessPolicies": policies,
            "resourceDisplayName": _resource(form.get("scope", "")),
        }
    )


def openid_configuration(lab: Lab, request: Request) -> Response:
    tenant = request.path_params["tenant"]
    host = _host(request)
    base = f"https://{host}/{tenant}"
    issuer_tenant = lab.state.tenant_id if _tenant_ok(lab.state, tenant) else tenant
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
