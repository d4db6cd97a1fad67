"""The device code flow for the operator's interactive sign-in (what ``DeviceCodeCredential`` and
``az login --use-device-code`` do): the lab's user approves at once, or after a set number of
polls answered ``authorization_pending``.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wifdoctor.lab.entra_errors import EntraError, error_body

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
OPERATOR_OID = "0f0e0d0c-0b0a-4909-8807-060504030201"


async def devicecode(lab: Lab, request: Request) -> Response:
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
    device_code = secrets.token_urlsafe(32)
    user_code = secrets.token_hex(4).upper()
    lab.state.device_codes[device_code] = {
        "client_id": form.get("client_id", ""),
        "scope": form.get("scope", ""),
        "pending": lab.state.device_code_pending_polls,
    }
    return JSONResponse(
        {
            "user_code": user_code,
            "device_code": device_code,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": 900,
            "interval": 1,
            "message": "To sign in, use a web browser to open the page "
            f"https://microsoft.com/devicelogin and enter the code {user_code} to authenticate.",
        }
    )


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _error(lab: Lab, code: int, oauth_error: str) -> Response:
    _, body, headers = error_body(EntraError(code, {}), legacy=False, now=lab.state.clock())
    body["error"] = oauth_error
    return JSONResponse(body, status_code=400, headers=headers)


def redeem(lab: Lab, form: dict[str, str]) -> Response:
    state = lab.state
    grant = state.device_codes.get(form.get("device_code", ""))
    if grant is None:
        return _error(lab, 70000, "invalid_grant")
    if grant["pending"] > 0:
        grant["pending"] -= 1
        return _error(lab, 70016, "authorization_pending")
    del state.device_codes[form["device_code"]]
    scopes = [s for s in grant["scope"].split() if s not in ("openid", "profile", "offline_access")]
    resource = scopes[0].removesuffix("/.default") if scopes else "https://graph.microsoft.com"
    now = int(state.clock())
    id_token = state.entra_keys[-1].sign(
        {
            "aud": grant["client_id"],
            "iss": state.entra_issuer(),
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "name": "Lab Operator",
            "oid": OPERATOR_OID,
            "preferred_username": f"operator@{state.tenant_domain}",
            "sub": uuid.uuid5(uuid.NAMESPACE_URL, grant["client_id"]).hex,
            "tid": state.tenant_id,
            "ver": "2.0",
        }
    )
    return JSONResponse(
        {
            "token_type": "Bearer",
            "scope": grant["scope"],
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": lab.operator_token(resource),
            "refresh_token": secrets.token_urlsafe(48),
            "id_token": id_token,
            "client_info": _b64({"uid": OPERATOR_OID, "utid": state.tenant_id}),
        }
    )
