"""Sign demo tokens with a key generated in this process, never stored.

The demo needs real JWTs to show the product working; they are minted here, at run time, from
the examples' claims. Nothing offline checks their signatures.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

DEMO_KID = "wifdoctor-demo-key"


@lru_cache(maxsize=1)
def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def mint(claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    headers = {"kid": DEMO_KID, **(header or {})}
    return jwt.encode(claims, _key(), algorithm="RS256", headers=headers)
