"""Tokens minted by the lab's issuers, as each platform would mint them, decoded for the tests."""

from __future__ import annotations

from typing import Any

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.matching import assertion_from_claims, match_credential
from wifdoctor.core.token import parse_token
from wifdoctor.lab.issuers import make_issuer, mint
from wifdoctor.lab.scenario import build_lab

AKS_ISSUER = (
    "https://westeurope.oic.prod-aks.azure.com/5f0c2d1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f/"
    "4d6f8b1a-3c5e-4a7b-9d1f-2e4a6c8e0b3d/"
)
TENANT = "5f0c2d1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f"
ISSUERS = {
    "github-actions": "https://token.actions.githubusercontent.com",
    "azure-devops": "https://vstoken.dev.azure.com/5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59",
    "azure-devops-entra": f"https://login.microsoftonline.com/{TENANT}/v2.0",
    "kubernetes": AKS_ISSUER,
    "gitlab": "https://gitlab.com",
    "terraform-cloud": "https://app.terraform.io",
}


def lab_claims(
    platform: str, context: dict[str, Any], overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The claims of a token the lab mints for ``platform`` with this context."""
    lab = build_lab("healthy")
    issuer_platform = "azure-devops" if platform == "azure-devops-entra" else platform
    issuer = make_issuer("t", issuer_platform, ISSUERS[platform], 0)
    if platform == "azure-devops-entra":
        context = {**context, "generation": "azure-devops-entra"}
    token = mint(lab.state, issuer, context, overrides=overrides)
    return parse_token(token).claims


def matches(claims: dict[str, Any], credential: FederatedCredential) -> bool | None:
    return match_credential(assertion_from_claims(claims), credential).matches
