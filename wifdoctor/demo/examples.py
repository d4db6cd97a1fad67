"""The demo's examples as data: each a failure people meet, with its token, credentials and log.

Claims and error texts are built relative to the demo's clock, so the tokens are fresh when the
demo runs and the snapshots stay the same under a frozen clock.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

GH = "https://token.actions.githubusercontent.com"
AKS = (
    "https://westeurope.oic.prod-aks.azure.com/3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d/"
    "8f2e6c1a-9b3d-4e7f-a0c5-d2b4e6f8a1c3/"
)
TENANT = "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
AUD = "api://AzureADTokenExchange"
TRACE = (
    "Trace ID: 8eea681d-a1eb-487d-9be7-d61225177f00 Correlation ID: "
    "d0f0de73-8a5d-4de0-99b6-83e71da1f7a4"
)


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    claims: Callable[[int], dict[str, Any]] | None  # epoch now -> claims
    credentials: tuple[dict[str, Any], ...]
    error: Callable[[datetime], str] | None


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")


def _fic(name: str, issuer: str, subject: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "issuer": issuer,
        "subject": subject,
        "audiences": [AUD],
        "description": None,
        "id": f"00000000-0000-0000-0000-{zlib.crc32(name.encode()):012d}",
        **extra,
    }


def _github(now: int, **overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "jti": "7c1f5e0a-2b1d-4c3e-9f20-8a6b5d4c3e21",
        "sub": "repo:contoso/payments-api:ref:refs/heads/main",
        "aud": AUD,
        "ref": "refs/heads/main",
        "sha": "d6e3a1f0c9b84e7a2f5d1c3b9e8a7f6d5c4b3a21",
        "repository": "contoso/payments-api",
        "repository_owner": "contoso",
        "repository_owner_id": "1234567",
        "repository_id": "7654321",
        "run_id": "12837465529",
        "run_number": "42",
        "run_attempt": "1",
        "actor": "octocat",
        "event_name": "push",
        "ref_type": "branch",
        "workflow_ref": "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
        "job_workflow_ref": "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
        "runner_environment": "github-hosted",
        "iss": GH,
        "nbf": now - 600,
        "iat": now - 60,
        "exp": now + 240,
    }
    claims.update(overrides)
    return claims


def _no_match(subject: str) -> Callable[[datetime], str]:
    return lambda now: (
        f"{now - timedelta(seconds=30):%Y-%m-%dT%H:%M:%S}.1234567Z ##[error]AADSTS700213: No "
        "matching federated identity record found for presented assertion subject "
        f"'{subject}'. Check your federated identity credential Subject, Audience and Issuer "
        "against the presented assertion. https://learn.microsoft.com/entra/workload-id/"
        f"workload-identity-federation {TRACE} Timestamp: {_stamp(now - timedelta(seconds=30))}"
    )


def _expired(now: datetime) -> str:
    expired = now - timedelta(minutes=55)
    return (
        "ERROR: AADSTS700024: Client assertion is not within its valid time range. Current time: "
        f"{now:%Y-%m-%dT%H:%M:%S}.0000000Z, assertion valid from "
        f"{expired - timedelta(minutes=15):%Y-%m-%dT%H:%M:%S}.0000000Z, expiry time of assertion "
        f"{expired:%Y-%m-%dT%H:%M:%S}.0000000Z. Review the documentation at "
        f"https://learn.microsoft.com/entra/identity-platform/certificate-credentials . {TRACE} "
        f"Timestamp: {_stamp(now)}\nazure-cli 2.59.0"
    )


def _aks(now: int) -> dict[str, Any]:
    return {
        "aud": [AUD],
        "iss": AKS,
        "sub": "system:serviceaccount:payments:payments-api",
        "kubernetes.io": {
            "namespace": "payments",
            "pod": {"name": "payments-api-7d9c8b6f5-x2k4p", "uid": "9a8b7c6d"},
            "serviceaccount": {"name": "payments-api", "uid": "1f2e3d4c"},
        },
        "iat": now - 600,
        "nbf": now - 600,
        "exp": now + 3000,
        "jti": "c2b8f6d1-3e4a-4b5c-9d7e-1f2a3b4c5d6e",
    }


ENV_SUBJECT = "repo:contoso/payments-api:environment:Production"
EXAMPLES: tuple[Example, ...] = (
    Example(
        "github-environment",
        "GitHub: the job uses an environment, the credential expects a branch",
        "A deploy job gained `environment: Production`; its token's subject now names the "
        "environment, and the credential made for refs/heads/main no longer matches.",
        lambda now: _github(now, sub=ENV_SUBJECT, environment="Production"),
        (
            _fic("github-main", GH, "repo:contoso/payments-api:ref:refs/heads/main"),
            _fic("github-pull-requests", GH, "repo:contoso/payments-api:pull_request"),
        ),
        _no_match(ENV_SUBJECT),
    ),
    Example(
        "case-sensitive",
        "GitHub: the organisation's name differs in case",
        "The credential was typed in lower case; GitHub writes Contoso. Entra has matched "
        "case-sensitively since 2024.",
        lambda now: _github(
            now,
            sub="repo:Contoso/payments-api:ref:refs/heads/main",
            repository="Contoso/payments-api",
            repository_owner="Contoso",
        ),
        (_fic("github-main", GH, "repo:contoso/payments-api:ref:refs/heads/main"),),
        lambda now: (
            "AADSTS7002138: No matching federated identity record found for presented assertion "
            "subject 'repo:Contoso/payments-api:ref:refs/heads/main'. The subject matches with "
            "case-insensitive comparison, but not with case-sensitive comparison. "
            f"{TRACE} Timestamp: {_stamp(now)}"
        ),
    ),
    Example(
        "aks-trailing-slash",
        "AKS: the credential's issuer lost its trailing slash",
        "The AKS OIDC issuer ends with '/'; the credential was created without it.",
        _aks,
        (_fic("aks-payments", AKS.rstrip("/"), "system:serviceaccount:payments:payments-api"),),
        lambda now: (
            "AADSTS700211: No matching federated identity record found for presented assertion "
            f"issuer '{AKS}'. Please check your federated identity credential Subject, Audience "
            f"and Issuer against the presented assertion. {TRACE} Timestamp: {_stamp(now)}"
        ),
    ),
    Example(
        "expired-long-job",
        "GitHub + Azure CLI: a long job reused its five-minute assertion",
        "az login kept the job's first token; an hour later it refreshed with it and Entra "
        "refused the expired assertion.",
        None,
        (),
        _expired,
    ),
    Example(
        "default-audience",
        "GitHub: the token was requested without an audience",
        "A hand-written curl asked for a token without &audience=, so aud is GitHub's default.",
        lambda now: _github(now, aud="https://github.com/contoso"),
        (_fic("github-main", GH, "repo:contoso/payments-api:ref:refs/heads/main"),),
        lambda now: (
            "AADSTS700212: No matching federated identity record found for presented assertion "
            "audience 'https://github.com/contoso'. Check your federated identity credential "
            f"Subject, Audience and Issuer against the presented assertion. {TRACE} "
            f"Timestamp: {_stamp(now)}"
        ),
    ),
    Example(
        "flexible-workflow",
        "GitHub: a flexible credential pins a reusable workflow the job does not use",
        "The expression requires the central deploy workflow; this job runs its own.",
        lambda now: _github(
            now,
            ref="refs/heads/release/2.4",
            sub="repo:contoso/payments-api:ref:refs/heads/release/2.4",
        ),
        (
            _fic(
                "release-branches",
                GH,
                None,
                claimsMatchingExpression={
                    "value": "claims['sub'] matches "
                    "'repo:contoso/payments-api:ref:refs/heads/release/*'"
                    " and claims['job_workflow_ref'] eq "
                    "'contoso/platform/.github/workflows/deploy.yml@refs/heads/main'",
                    "languageVersion": 1,
                },
            ),
        ),
        lambda now: (
            "AADSTS7002131: No matching federated identity record found for presented assertion "
            "subject 'repo:contoso/payments-api:ref:refs/heads/release/2.4' or no federated "
            "identity credential expression matched. Please check your federated identity "
            f"credential Subject, Expression, Audience and Issuer. {TRACE} "
            f"Timestamp: {_stamp(now)}"
        ),
    ),
    Example(
        "ado-issuer-migration",
        "Azure DevOps: the connection moved to the Entra issuer, the credential did not",
        "The service connection was converted; its tokens now come from Entra with an /eid1/ "
        "subject, but the credential still has the vstoken issuer and sc:// subject.",
        lambda now: {
            "aud": "fb60f99c-7a34-4190-8149-302f77469936",
            "iss": f"https://login.microsoftonline.com/{TENANT}/v2.0",
            "sub": "/eid1/c/pub/t/HSpMO29ei0qcDR4vOktcbQ/a/rISbSSETf0KqFyZ8ppdXmA/sc/"
            "6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b/a7e2c9d4-1b3f-4d6a-8e5c-2f7b9a0c4d6e",
            "azp": "499b84ac-1321-427f-aa17-267ca6975798",
            "azpacr": "2",
            "idtyp": "app",
            "tid": TENANT,
            "ver": "2.0",
            "iat": now - 60,
            "nbf": now - 60,
            "exp": now + 3600,
        },
        (
            _fic(
                "ado-payments-prod",
                "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
                "sc://contoso/Payments/payments-prod-wif",
            ),
        ),
        None,
    ),
    Example(
        "missing-permission",
        "GitHub: the job may not request an ID token",
        "The workflow has a job-level permissions block without id-token: write.",
        None,
        (),
        lambda now: (
            f"{now:%Y-%m-%dT%H:%M:%S}.0000000Z ##[error]Error: Error message: Unable to get "
            "ACTIONS_ID_TOKEN_REQUEST_URL env variable\n"
            f"{now:%Y-%m-%dT%H:%M:%S}.0000000Z ##[error]Login failed with Error: Error message: "
            "Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable. Double check if the "
            "'auth-type' is correct."
        ),
    ),
    Example(
        "all-good",
        "Everything matches: a freshly created credential has not propagated",
        "The token and the credential agree exactly, yet Entra said no: the credential was "
        "created a minute ago.",
        lambda now: _github(now),
        (_fic("github-main", GH, "repo:contoso/payments-api:ref:refs/heads/main"),),
        _no_match("repo:contoso/payments-api:ref:refs/heads/main"),
    ),
)

DEFAULT_EXAMPLE = "github-environment"
# What `wifdoctor demo` walks live against the lab: the same story as the default example.
DEFAULT_SCENARIO = "subject-entity"
_BY_NAME = {example.name: example for example in EXAMPLES}


def example(name: str) -> Example | None:
    return _BY_NAME.get(name)


@dataclass(frozen=True)
class Materialised:
    """An example made concrete at a moment: a minted token, credentials JSON, error text."""

    example: Example
    token: str | None
    credentials_json: str | None
    error_text: str | None


def materialise(chosen: Example, now: datetime) -> Materialised:
    import json

    from wifdoctor.demo.minting import mint

    epoch = int(now.astimezone(UTC).timestamp())
    token = mint(chosen.claims(epoch)) if chosen.claims else None
    credentials = json.dumps(list(chosen.credentials)) if chosen.credentials else None
    error = chosen.error(now) if chosen.error else None
    return Materialised(chosen, token, credentials, error)
