"""Entra's token endpoint for ``client_credentials`` with a ``client_assertion`` (and the
operator's own sign-ins: a client secret, a device code).

An independent oracle (see entra_rules): it reads the form, finds the client, checks the
assertion's shape, times and issuer kind, fetches the issuer's discovery and JWKS through the
lab's own routing, verifies the signature, matches the credentials, applies the tenant's
policies (enterprise claim, Conditional Access) and answers as Entra does.
"""

from __future__ import annotations

import hmac
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID, cloud_for_authority_host
from wifdoctor.lab import entra_checks, entra_device, entra_policy, entra_rules
from wifdoctor.lab.entra_errors import EntraError, capolids_claims, error_body
from wifdoctor.lab.state import Credential, Identity, LabState

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_MATCH_CODES = frozenset({700211, 700212, 700213, 7002138, 7002131})
ACCESS_TOKEN_SECONDS = 3599
MAX_FORM_BYTES = 1 << 20


def _host(request: Request) -> str:
    return (request.headers.get("host") or "").split(":", 1)[0].lower()


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
        entra_policy.record_sign_in(state, request, identity, form, body["correlation_id"], outcome)
        return JSONResponse(body, status_code=status, headers=headers)
    assert identity is not None
    answer = _access_token(lab, identity, form.get("scope", ""), outcome)
    entra_policy.record_sign_in(state, request, identity, form, str(uuid.uuid4()), outcome)
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
    if not state.tenant_known(tenant):
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
    blocking = entra_policy.conditional_access(state, identity, request)
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
    if not state.tenant_known(tenant):
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
    resource = entra_policy.resource_of(form.get("scope", ""))
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


def _access_token(
    lab: Lab, identity: Identity, scope: str, credential: Credential
) -> dict[str, Any]:
    state = lab.state
    now = int(state.clock())
    uti = uuid.uuid4().hex[:22]
    audience = entra_policy.resource_of(scope)
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
