"""Shared helpers of the lab tests: exchanges against the lab's Entra, credential JSON."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from wifdoctor.lab.scenario import build_lab
from wifdoctor.lab.server import Lab
from wifdoctor.lab.state import Credential

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class Clock:
    """A lab clock tests move by hand."""

    def __init__(self, now: float | None = None) -> None:
        self.now = time.time() if now is None else now

    def __call__(self) -> float:
        return self.now


def lab_for(name: str, clock: Clock | None = None) -> Lab:
    return build_lab(name, clock=clock or Clock())


async def exchange(
    lab: Lab,
    assertion: str,
    *,
    client_id: str | None = None,
    host: str = "login.microsoftonline.com",
    tenant: str | None = None,
    scope: str = GRAPH_SCOPE,
    client_ip: str | None = None,
) -> httpx.Response:
    scenario = lab.scenario
    form = {
        "client_id": client_id or scenario.client_id,
        "grant_type": "client_credentials",
        "scope": scope,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
    }
    async with httpx.AsyncClient(transport=lab.transport(client_ip)) as client:
        return await client.post(
            f"https://{host}/{tenant or scenario.tenant_id}/oauth2/v2.0/token", data=form
        )


def code_of(response: httpx.Response) -> int | None:
    if response.status_code == 200:
        return None
    codes: list[int] = response.json()["error_codes"]
    return codes[0]


def credentials_json(credentials: list[Credential]) -> str:
    """The credentials as Graph (beta) lists them: what a user would save to a file."""
    value: list[dict[str, Any]] = []
    for credential in credentials:
        item: dict[str, Any] = {
            "name": credential.name,
            "issuer": credential.issuer,
            "subject": credential.subject,
            "audiences": credential.audiences,
        }
        if credential.expression is not None:
            item["claimsMatchingExpression"] = {
                "value": credential.expression,
                "languageVersion": 1,
            }
        value.append(item)
    return json.dumps({"value": value})
