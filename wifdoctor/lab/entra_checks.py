"""The token endpoint's checks on the assertion itself: shape, Entra issuers, times, signature.

Each check answers an ``EntraError`` or None. Rules from entra-errors-and-fic-rules.md: A.2 and
B.3 (times: ``exp``/``nbf`` give 700024; a missing ``iat`` or ``exp - iat`` over 1.01:00:00 gives
70023; malformed JWTs 50027), A.3 (discovery and JWKS fetched from ``{iss}/.well-known/
openid-configuration``; failures give 90061; only the first 100 keys count; a ``kid`` not
published gives 7000272), A.4 (Entra-issued assertions: 700222, delegated 700229, chained 700231).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt

from wifdoctor.knowledge.clouds import is_entra_issuer
from wifdoctor.lab.entra_errors import EntraError

MAX_LIFETIME_SECONDS = 25 * 3600  # 1.01:00:00
NBF_SKEW_SECONDS = 300
MAX_JWKS_KEYS = 100
Fetch = Callable[[str], Awaitable[Any]]


class FetchFailed(Exception):
    """Discovery or JWKS could not be fetched or read."""


def decode_unverified(assertion: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(header, claims) of a well-formed JWT, or None (Entra: 50027)."""
    parts = assertion.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        return None
    try:
        decoded = [json.loads(_b64(part)) for part in parts[:2]]
    except (ValueError, UnicodeDecodeError):
        return None
    header, claims = decoded
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    if not isinstance(claims.get("iss"), str) or not isinstance(claims.get("sub"), str):
        return None
    return header, claims


def _b64(part: str) -> bytes:
    if not all(c.isalnum() or c in "-_" for c in part):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def entra_issued(claims: dict[str, Any], fic_issued: set[str]) -> EntraError | None:
    """Entra-issued assertions: only app-only managed identity tokens, or Azure DevOps' Entra
    generation (subjects of the /eid1/ form), may be presented; never one got through a FIC."""
    issuer = claims["iss"]
    if not is_entra_issuer(issuer):
        return None
    if claims.get("uti") in fic_issued:
        return EntraError(700231, {})
    if "scp" in claims:
        return EntraError(700229, {})
    if "xms_mirid" in claims or str(claims.get("sub", "")).startswith("/eid1/"):
        return None
    return EntraError(700222, {})


def _iso(seconds: float | None) -> str:
    if seconds is None:
        seconds = 0
    whole = int(seconds)
    fraction = round((seconds - whole) * 10_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + f".{fraction:07d}Z"


def times(claims: dict[str, Any], now: float) -> EntraError | None:
    iat = claims.get("iat")
    exp = claims.get("exp")
    nbf = claims.get("nbf")
    numbers = [v for v in (iat, exp, nbf) if v is not None]
    if any(not isinstance(v, int | float) or isinstance(v, bool) for v in numbers):
        return EntraError(50027, {})
    if exp is None:
        return EntraError(50027, {})
    if iat is None or exp - iat > MAX_LIFETIME_SECONDS:
        return EntraError(70023, {"iat": str(int(iat or 0)), "exp": str(int(exp))})
    if now >= exp or (nbf is not None and now + NBF_SKEW_SECONDS < nbf):
        values = {"now": _iso(now), "nbf": _iso(nbf), "exp": _iso(exp)}
        return EntraError(700024, values)
    return None


async def signature(
    assertion: str, header: dict[str, Any], issuer: str, fetch: Fetch
) -> EntraError | None:
    """Fetch discovery and JWKS for ``issuer`` and verify the assertion's signature."""
    discovery_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        discovery = await fetch(discovery_url)
        if not isinstance(discovery, dict) or discovery.get("issuer") != issuer:
            raise FetchFailed("discovery names another issuer")
        jwks_uri = discovery.get("jwks_uri")
        if not isinstance(jwks_uri, str):
            raise FetchFailed("no jwks_uri")
        jwks = await fetch(jwks_uri)
        keys = jwks.get("keys") if isinstance(jwks, dict) else None
        if not isinstance(keys, list):
            raise FetchFailed("no keys")
    except FetchFailed:
        return EntraError(90061, {})
    kid = header.get("kid")
    usable = [k for k in keys[:MAX_JWKS_KEYS] if isinstance(k, dict)]
    key = next((k for k in usable if kid is not None and k.get("kid") == kid), None)
    if key is None:
        return EntraError(7000272, {"kid": str(kid or ""), "issuer": issuer})
    if header.get("alg") != "RS256":
        return EntraError(50027, {})
    try:
        public = jwt.PyJWK.from_dict(key).key
        jwt.decode(
            assertion,
            public,
            algorithms=["RS256"],
            options={
                "verify_aud": False,
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_iss": False,
            },
        )
    except jwt.PyJWTError:
        return EntraError(50027, {})
    return None
