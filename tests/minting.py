"""Mint test tokens with keys generated here, in the test run. Never paste real tokens in tests."""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

# 2026-01-01T00:00:00Z: the frozen "now" of most tests.
NOW = 1767225600


@lru_cache(maxsize=4)
def rsa_key(name: str = "default") -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@lru_cache(maxsize=2)
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def mint(
    claims: dict[str, Any],
    *,
    alg: str = "RS256",
    kid: str | None = "test-key-1",
    headers: dict[str, Any] | None = None,
) -> str:
    """A signed JWT with a key generated in this test run."""
    extra: dict[str, Any] = dict(headers or {})
    if kid is not None:
        extra["kid"] = kid
    key: Any = ec_key() if alg.startswith("ES") else rsa_key()
    return jwt.encode(claims, key, algorithm=alg, headers=extra)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unsigned(
    header: dict[str, Any] | str, payload: dict[str, Any] | str, signature: str = "sig"
) -> str:
    """A JWT-shaped string with arbitrary parts, for malformed-token tests."""

    def part(value: dict[str, Any] | str) -> str:
        raw = value if isinstance(value, str) else json.dumps(value)
        return b64(raw.encode())

    return f"{part(header)}.{part(payload)}.{signature}"


def github_claims(**overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "jti": "7c1f5e0a-2b1d-4c3e-9f20-8a6b5d4c3e21",
        "sub": "repo:contoso/payments-api:ref:refs/heads/main",
        "aud": "api://AzureADTokenExchange",
        "ref": "refs/heads/main",
        "sha": "d6e3a1f0c9b84e7a2f5d1c3b9e8a7f6d5c4b3a21",
        "repository": "contoso/payments-api",
        "repository_owner": "contoso",
        "repository_owner_id": "1234567",
        "repository_id": "7654321",
        "run_id": "12837465529",
        "run_number": "42",
        "run_attempt": "1",
        "repository_visibility": "private",
        "actor": "octocat",
        "actor_id": "9919",
        "workflow": "Deploy",
        "event_name": "push",
        "ref_type": "branch",
        "workflow_ref": "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
        "job_workflow_ref": "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
        "runner_environment": "github-hosted",
        "iss": "https://token.actions.githubusercontent.com",
        "nbf": NOW - 600,
        "iat": NOW - 60,
        "exp": NOW + 240,
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def aks_claims(**overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "aud": ["api://AzureADTokenExchange"],
        "iss": "https://westeurope.oic.prod-aks.azure.com/3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d/"
        "8f2e6c1a-9b3d-4e7f-a0c5-d2b4e6f8a1c3/",
        "sub": "system:serviceaccount:payments:payments-api",
        "kubernetes.io": {
            "namespace": "payments",
            "pod": {"name": "payments-api-7d9c8b6f5-x2k4p", "uid": "9a8b7c6d"},
            "serviceaccount": {"name": "payments-api", "uid": "1f2e3d4c"},
        },
        "iat": NOW - 600,
        "nbf": NOW - 600,
        "exp": NOW + 3000,
        "jti": "c2b8f6d1-3e4a-4b5c-9d7e-1f2a3b4c5d6e",
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def fic(
    name: str,
    issuer: str,
    subject: str | None,
    audience: str = "api://AzureADTokenExchange",
    **extra: Any,
) -> dict[str, Any]:
    """One credential in the shape of `az ad app federated-credential list`."""
    item: dict[str, Any] = {
        "name": name,
        "issuer": issuer,
        "subject": subject,
        "audiences": [audience],
        "description": None,
        "id": f"id-{name}",
    }
    item.update(extra)
    return item
