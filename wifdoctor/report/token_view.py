"""The token as people read it: claims with explanations, times relative to the clock.

Shared by the text, Markdown and JSON renderers and by the TUI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.times import duration, from_epoch, iso
from wifdoctor.core.token import Token
from wifdoctor.knowledge.platforms import explain_claim
from wifdoctor.knowledge.platforms.base import PlatformId

TIME_CLAIMS = ("iat", "nbf", "exp")


@dataclass(frozen=True)
class ClaimRow:
    name: str
    value: str
    explanation: str


def describe_time(name: str, moment: datetime, now: datetime) -> str:
    """ "expires in 4 min", "expired 12 min ago", "issued 3 min ago", "valid from ..." """
    delta = (moment - now).total_seconds()
    span = duration(delta)
    future = delta > 0
    if name == "exp":
        return f"expires in {span}" if future else f"expired {span} ago"
    if name == "nbf":
        return f"valid in {span}" if future else f"valid since {span} ago"
    return f"issued in {span} (in the future)" if future else f"issued {span} ago"


def token_times(token: Token, now: datetime) -> dict[str, dict[str, str]]:
    times: dict[str, dict[str, str]] = {}
    for name in TIME_CLAIMS:
        value = token.numeric_claim(name)
        moment = from_epoch(value) if value is not None else None
        if moment is not None:
            times[name] = {"at": iso(moment), "relative": describe_time(name, moment, now)}
    return times


def format_value(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def claim_rows(token: Token, platform: PlatformId | None, now: datetime) -> list[ClaimRow]:
    times = token_times(token, now)
    rows: list[ClaimRow] = []
    for name, value in token.claims.items():
        text = format_value(value)
        if name in times:
            text = f"{text} ({times[name]['at']}, {times[name]['relative']})"
        rows.append(ClaimRow(name, text, explain_claim(name, value, platform) or ""))
    return rows


def quoted_rows(evidence: ErrorEvidence) -> list[ClaimRow]:
    """The assertion's issuer, subject and audience as Entra quoted them in the error text."""
    quoted = (
        ("issuer", evidence.issuer),
        ("subject", evidence.subject),
        ("audience", evidence.audience),
    )
    return [
        ClaimRow(name, value, "as quoted in the error text")
        for name, value in quoted
        if value is not None
    ]


HEADER_EXPLANATIONS = {
    "alg": "signing algorithm; Entra documents only RS256",
    "kid": "id of the signing key; Entra looks it up in the issuer's JWKS",
    "typ": "token type",
    "x5t": "thumbprint of the signing certificate",
}


def header_rows(token: Token) -> list[ClaimRow]:
    return [
        ClaimRow(name, format_value(value), HEADER_EXPLANATIONS.get(name, ""))
        for name, value in token.header.items()
    ]
