"""Entra's matching of a presented assertion against an identity's FICs, as the lab implements it.

From the reference (entra-errors-and-fic-rules.md B.2, A.1): issuer, subject and audience are
compared exactly and case-sensitively (the August 2024 change); nothing is normalised (a trailing
slash or a space is a difference); the FIC's single audience must be one of the token's ``aud``
values; a flexible FIC replaces the subject comparison with its expression. The error codes
suggest issuer first (700211), then audience (700212), then subject (700213, 7002138 when only
case differs, 7002131 when the identity has flexible FICs for the issuer).

This module must not use wifdoctor.core: it is the second, independent implementation the property
test holds wifdoctor's matching against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID, is_entra_issuer
from wifdoctor.knowledge.flexible import flexible_issuer
from wifdoctor.lab import entra_expressions
from wifdoctor.lab.state import Credential


@dataclass(frozen=True)
class Verdict:
    """``code`` None: a credential matched (``credential``)."""

    code: int | None
    credential: Credential | None = None
    detail: str = ""


def token_audiences(claims: Mapping[str, object]) -> list[str]:
    aud = claims.get("aud")
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list):
        return [a for a in aud if isinstance(a, str)]
    return []


def audience_accepted(credential: Credential, claims: Mapping[str, object]) -> bool:
    if len(credential.audiences) != 1:
        return False
    wanted = credential.audiences[0]
    audiences = token_audiences(claims)
    if wanted in audiences:
        return True
    issuer = claims.get("iss")
    # Managed identity tokens carry the token exchange app's GUID as `aud` (reference B.7).
    return (
        wanted == "api://AzureADTokenExchange"
        and TOKEN_EXCHANGE_APP_ID in audiences
        and isinstance(issuer, str)
        and is_entra_issuer(issuer)
    )


def subject_accepted(credential: Credential, claims: Mapping[str, object]) -> bool:
    if credential.expression is not None:
        try:
            clauses = entra_expressions.parse(credential.expression)
        except entra_expressions.ExpressionSyntaxError:
            return False
        return entra_expressions.holds(clauses, claims)
    subject = claims.get("sub")
    return isinstance(subject, str) and subject == credential.subject


def match(claims: Mapping[str, object], credentials: Sequence[Credential]) -> Verdict:
    """The verdict on matching alone (no signature, times or policy)."""
    if not credentials:
        return Verdict(70025, detail="no federated identity credentials")
    issuer = claims.get("iss")
    same_issuer = [c for c in credentials if isinstance(issuer, str) and c.issuer == issuer]
    if not same_issuer:
        return Verdict(700211, detail="no credential has the assertion's issuer")
    for credential in same_issuer:
        if credential.expression is not None and flexible_issuer(credential.issuer) is None:
            continue  # Entra refuses expressions on issuers outside the allow-list (7002241)
        if audience_accepted(credential, claims) and subject_accepted(credential, claims):
            return Verdict(None, credential)
    blocked = [
        c for c in same_issuer if c.expression is not None and flexible_issuer(c.issuer) is None
    ]
    if blocked and len(blocked) == len(same_issuer):
        return Verdict(7002241, detail="expressions are not allowed for this issuer")
    with_audience = [c for c in same_issuer if audience_accepted(c, claims)]
    if not with_audience:
        return Verdict(700212, detail="no credential of the issuer has the assertion's audience")
    if any(c.expression is not None for c in with_audience):
        return Verdict(7002131, detail="neither a subject nor an expression matched")
    subject = claims.get("sub")
    if isinstance(subject, str) and any(
        c.subject is not None and c.subject.casefold() == subject.casefold() for c in with_audience
    ):
        return Verdict(7002138, detail="the subject matches only when case is ignored")
    return Verdict(700213, detail="no credential has the assertion's subject")
