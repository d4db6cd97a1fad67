"""RSA signing keys for the lab's issuers and its Entra, generated in this process and never stored.

Generating a 2048-bit key takes tens of milliseconds, so keys come from a process-wide pool on
first use: building a lab costs nothing, and a test session that builds many labs pays once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

_POOL: list[rsa.RSAPrivateKey] = []
_LOCK = threading.Lock()


def pooled_key(index: int) -> rsa.RSAPrivateKey:
    """The index-th key of the pool (made on first use)."""
    with _LOCK:
        while len(_POOL) <= index:
            _POOL.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        return _POOL[index]


_PREWARMED = threading.Event()


def prewarm(count: int) -> None:
    """Make the pool's first ``count`` keys in a background thread, once per process, so the
    first token minted after building a lab rarely waits for key generation."""
    if _PREWARMED.is_set():
        return
    _PREWARMED.set()

    def fill() -> None:
        for index in range(count):
            pooled_key(index)

    threading.Thread(target=fill, daemon=True, name="wifdoctor-lab-keys").start()


@dataclass
class SigningKey:
    kid: str
    pool_index: int

    @property
    def private(self) -> rsa.RSAPrivateKey:
        return pooled_key(self.pool_index)

    def jwk(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256", "kty": "RSA"})
        return public

    def sign(self, claims: dict[str, Any], *, with_kid: bool = True, typ: str = "JWT") -> str:
        headers: dict[str, Any] = {"typ": typ}
        if with_kid:
            headers["kid"] = self.kid
        return jwt.encode(claims, self.private, algorithm="RS256", headers=headers)


def filler_jwks(count: int, start: int = 0) -> list[dict[str, Any]]:
    """``count`` extra public keys (reusing one pool key under other kids), for the >100 fault."""
    base = SigningKey("filler", 0).jwk()
    return [{**base, "kid": f"filler-{start + i:03d}"} for i in range(count)]
