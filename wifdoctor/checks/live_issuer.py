"""The issuer, as Entra sees it: discovery, then the JWKS and the token's signature.

discovery: ``{iss}/.well-known/openid-configuration`` over https, JSON, size capped, ``issuer``
equal to ``iss`` byte for byte, ``jwks_uri`` present. A private or in-cluster issuer is refused
before any request (Entra could not fetch it either). signature: the JWKS fetched once, ``kid``
present, the key count (Entra ignores a JWKS of more than 100 keys), the signature verified with
pyjwt from that JWKS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import StepOutcome
from wifdoctor.clients.http import FetchFailed, request_json
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.rules.assertion import private_issuer_reason

MAX_JWKS_KEYS = 100  # Entra ignores the JWKS beyond this (AADSTS7000272)


@dataclass(frozen=True)
class IssuerMetadata:
    issuer: str
    discovery_url: str
    jwks_uri: str


def _unreachable(issuer: str, why: str, url: str) -> Finding:
    return make_finding(
        "issuer-unreachable",
        f"{why} Entra fetches the same document to verify the token, so it fails the same way "
        "(AADSTS90061 / 50166).",
        (
            f"Make {url} answer over public https with the issuer's OIDC discovery JSON.",
            "If the platform had an incident, retry once it is resolved.",
        ),
        {"issuer": issuer, "url": url},
    )


# No answer at all: this machine's network may be the cause rather than the issuer, so the step
# is incomplete and concludes nothing (Entra's own answer, with --exchange, says whether it
# could fetch the issuer: AADSTS90061).
NO_ANSWER = frozenset({"unreachable", "timeout"})


def _no_answer(message: str, evidence: dict[str, str]) -> StepOutcome:
    return StepOutcome(
        "incomplete",
        f"{message} Not reachable from this machine (check its network, HTTPS_PROXY); "
        "--exchange shows whether Entra can reach it.",
        evidence,
    )


async def discovery(ctx: WalkContext) -> StepOutcome:
    token = ctx.token
    if token is None or not token.issuer:
        return StepOutcome("skipped", "No token issuer to look up.")
    issuer = token.issuer
    reason = private_issuer_reason(issuer.strip())
    if reason is not None:
        return StepOutcome(
            "skipped",
            f"Not fetched: the issuer {issuer} {reason}; Entra cannot reach it either.",
            {"issuer": issuer},
        )
    assert ctx.env is not None
    url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
    ctx.progress("discovery", f"GET {url}")
    try:
        answer = await request_json(ctx.env.client(), "GET", url, "The discovery document")
    except FetchFailed as exc:
        if exc.kind in NO_ANSWER:
            return _no_answer(exc.message, {"url": url})
        finding = _unreachable(issuer, exc.message, url)
        return StepOutcome("fail", exc.message, {"url": url}, (finding,))
    if answer.status != 200 or not isinstance(answer.body, dict):
        why = f"The discovery URL answered HTTP {answer.status} instead of the document."
        return StepOutcome("fail", why, {"url": url}, (_unreachable(issuer, why, url),))
    document: dict[str, Any] = answer.body
    said = document.get("issuer")
    if said != issuer:
        why = (
            f"The discovery document names the issuer {said!r}, not the token's {issuer!r} "
            "(they must be equal byte for byte)."
        )
        return StepOutcome(
            "fail",
            why,
            {"url": url, "document_issuer": str(said)},
            (_unreachable(issuer, why, url),),
        )
    jwks_uri = document.get("jwks_uri")
    if not isinstance(jwks_uri, str) or not jwks_uri.startswith("https://"):
        why = "The discovery document has no https jwks_uri."
        return StepOutcome("fail", why, {"url": url}, (_unreachable(issuer, why, url),))
    return StepOutcome(
        "pass",
        f"Discovery answers for {issuer}; keys at {jwks_uri}.",
        {"url": url, "jwks_uri": jwks_uri},
        value=IssuerMetadata(issuer, url, jwks_uri),
    )


def _key_finding(kid: str | None, count: int, jwks_uri: str, why: str) -> Finding:
    return make_finding(
        "signing-key-not-published",
        why + " Entra answers AADSTS7000272 when it cannot find the signing key.",
        (
            "Publish the signing key in the issuer's JWKS (after a key rotation, keep the old "
            "key published until tokens signed with it have expired).",
        ),
        {"kid": kid, "keys": str(count), "jwks_uri": jwks_uri},
    )


async def signature(ctx: WalkContext) -> StepOutcome:
    metadata = ctx.value("discovery", IssuerMetadata)
    token = ctx.token
    assert metadata is not None and token is not None and ctx.env is not None
    uri = metadata.jwks_uri
    ctx.progress("signature", f"GET {uri}")
    try:
        answer = await request_json(ctx.env.client(), "GET", uri, "The issuer's keys (JWKS)")
    except FetchFailed as exc:
        if exc.kind in NO_ANSWER:
            return _no_answer(exc.message, {"jwks_uri": uri})
        finding = _unreachable(token.issuer or "", exc.message, uri)
        return StepOutcome("fail", exc.message, {"jwks_uri": uri}, (finding,))
    keys = answer.body.get("keys") if isinstance(answer.body, dict) else None
    if answer.status != 200 or not isinstance(keys, list):
        why = f"The JWKS URL answered HTTP {answer.status} instead of a list of keys."
        return StepOutcome(
            "fail", why, {"jwks_uri": uri}, (_unreachable(token.issuer or "", why, uri),)
        )
    kid = token.header.get("kid")
    kid = kid if isinstance(kid, str) else None
    count = len(keys)
    evidence = {"jwks_uri": uri, "keys": str(count), "kid": kid or "(none)"}
    if count > MAX_JWKS_KEYS:
        why = f"The JWKS lists {count} keys; Entra reads at most {MAX_JWKS_KEYS}."
        return StepOutcome("fail", why, evidence, (_key_finding(kid, count, uri, why),))
    candidates = [k for k in keys if isinstance(k, dict) and (kid is None or k.get("kid") == kid)]
    if not candidates:
        why = f"The token's key ID {kid!r} is not among the {count} keys the issuer publishes."
        return StepOutcome("fail", why, evidence, (_key_finding(kid, count, uri, why),))
    verdict = _verify(token.raw, candidates, token.algorithm)
    if verdict is not None:
        finding = make_finding(
            "signature-invalid",
            f"The signature does not verify with the issuer's published key: {verdict}",
            ("Use the token exactly as the platform issued it (no edits, no re-encoding).",),
            evidence,
        )
        return StepOutcome(
            "fail", f"The signature does not verify ({verdict}).", evidence, (finding,)
        )
    return StepOutcome(
        "pass",
        f"The signature verifies with key {kid or '(no kid)'} ({count} published).",
        evidence,
    )


def _verify(raw: str, keys: list[dict[str, Any]], algorithm: str | None) -> str | None:
    """None when one of ``keys`` verifies ``raw``; else why not."""
    import jwt

    reason = "no usable key"
    for jwk in keys:
        try:
            key = jwt.PyJWK(jwk, algorithm=algorithm)
        except (jwt.PyJWKError, jwt.InvalidKeyError) as exc:
            reason = f"the key cannot be used ({type(exc).__name__})"
            continue
        try:
            jwt.decode(
                raw,
                key.key,
                algorithms=[algorithm or key.algorithm_name],
                options={
                    "verify_signature": True,
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                },
            )
        except jwt.InvalidSignatureError:
            reason = "the signature is not the key's"
            continue
        except jwt.PyJWTError as exc:
            reason = f"{type(exc).__name__}"
            continue
        return None
    return reason
