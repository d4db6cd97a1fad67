"""The tenants an operator may mean: from ARM's tenant list, and from what was pasted (a token's
``tid``, an Entra issuer's tenant GUID such as Azure DevOps'
``login.microsoftonline.com/{tid}/v2.0``, the tenant an AADSTS error quotes). Pure: the app asks
ARM, this only shapes and checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.token import Token

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# azure-identity's validate_tenant_id: letters, digits, "-" and "." only.
TENANT_TEXT = re.compile(r"[A-Za-z0-9.-]{1,256}")
MAX_TENANTS = 200


@dataclass(frozen=True)
class TenantChoice:
    tenant_id: str
    name: str = ""
    domain: str = ""
    source: str = "arm"  # arm | token | error


def from_arm(body: Any) -> list[TenantChoice]:
    """ARM's ``GET /tenants`` answer (``value`` items with ``tenantId``, ``displayName``,
    ``defaultDomain``), bounded; anything malformed is left out."""
    value = body.get("value") if isinstance(body, dict) else None
    found: list[TenantChoice] = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("tenantId"), str):
            continue
        name, domain = item.get("displayName"), item.get("defaultDomain")
        found.append(
            TenantChoice(
                item["tenantId"][:64],
                name[:120] if isinstance(name, str) else "",
                domain[:120] if isinstance(domain, str) else "",
            )
        )
        if len(found) >= MAX_TENANTS:
            break
    return found


def hints(token: Token | None, evidence: ErrorEvidence | None) -> list[TenantChoice]:
    """Tenant GUIDs the pasted token or error names."""
    found: list[TenantChoice] = []
    if token is not None:
        for value in (token.claims.get("tid"), token.issuer):
            match = GUID.search(value) if isinstance(value, str) else None
            if match:
                found.append(TenantChoice(match[0].lower(), source="token"))
    if evidence is not None and evidence.tenant and TENANT_TEXT.fullmatch(evidence.tenant):
        found.append(TenantChoice(evidence.tenant, source="error"))
    return found


def merged(*groups: list[TenantChoice]) -> list[TenantChoice]:
    """One entry per tenant, the first (ARM's, with its name) kept."""
    seen: set[str] = set()
    result: list[TenantChoice] = []
    for group in groups:
        for choice in group:
            key = choice.tenant_id.lower()
            if key not in seen:
                seen.add(key)
                result.append(choice)
    return result


def tenant_problem(text: str) -> str | None:
    """Why ``text`` cannot be a tenant ID or domain, or None."""
    if not text:
        return "Type a tenant ID (a GUID) or a domain such as contoso.onmicrosoft.com."
    if not TENANT_TEXT.fullmatch(text):
        return "A tenant ID or domain has only letters, digits, '-' and '.'."
    return None
