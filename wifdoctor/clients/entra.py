"""The token exchange itself: the client-credentials POST with the workload's ID token.

Only to a known Entra authority host of the chosen cloud (the lab answers for the same names).
The answer is kept as Entra sent it, except the access token, which is never shown: the caller
gets its decoded claims (no signature) and a way to use it for the access check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from wifdoctor.clients.http import request_json

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass(frozen=True)
class ExchangeAnswer:
    status: int
    body: dict[str, Any] = field(repr=False)  # Entra's JSON; access_token removed
    access_token: str | None = field(default=None, repr=False)
    date: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.access_token is not None

    @property
    def error_codes(self) -> tuple[int, ...]:
        codes = self.body.get("error_codes")
        if not isinstance(codes, list):
            return ()
        return tuple(c for c in codes if isinstance(c, int))


async def exchange(
    client: httpx.AsyncClient,
    *,
    authority_host: str,
    tenant: str,
    client_id: str,
    assertion: str,
    scope: str,
) -> ExchangeAnswer:
    """POST the assertion; FetchFailed when no JSON answer came."""
    form = {
        "client_id": client_id,
        "grant_type": "client_credentials",
        "scope": scope,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
    }
    answer = await request_json(
        client,
        "POST",
        f"https://{authority_host}/{tenant}/oauth2/v2.0/token",
        "The token exchange",
        data=form,
    )
    body = dict(answer.body) if isinstance(answer.body, dict) else {}
    token = body.pop("access_token", None)
    return ExchangeAnswer(
        status=answer.status,
        body=body,
        access_token=token if isinstance(token, str) else None,
        date=answer.headers.get("date"),
    )
