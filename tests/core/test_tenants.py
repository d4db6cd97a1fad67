"""The tenants the app offers: ARM's list as it is shaped, and the tenant GUIDs a paste names."""

from __future__ import annotations

from typing import Any

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.tenants import from_arm, hints, merged, tenant_problem
from wifdoctor.core.token import Token

GUID = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def token(claims: dict[str, Any]) -> Token:
    return Token(header={}, claims=claims, signature_bytes=256)


def test_arms_list_is_read_and_malformed_items_left_out() -> None:
    body = {
        "value": [
            {"tenantId": GUID, "displayName": "Contoso", "defaultDomain": "contoso.com"},
            {"displayName": "no id"},
            "not an object",
            {"tenantId": 7},
        ]
    }
    (only,) = from_arm(body)
    assert (only.tenant_id, only.name, only.domain, only.source) == (
        GUID,
        "Contoso",
        "contoso.com",
        "arm",
    )
    assert from_arm({"value": "nope"}) == [] and from_arm(None) == []
    assert len(from_arm({"value": [{"tenantId": f"t{i}"} for i in range(10_000)]})) == 200


def test_an_azure_devops_entra_issuer_and_an_error_name_their_tenant() -> None:
    ado = token(
        {"iss": f"https://login.microsoftonline.com/{GUID.upper()}/v2.0", "sub": "sc://o/p/c"}
    )
    (found,) = hints(ado, None)
    assert found.tenant_id == GUID and found.source == "token"
    error = ErrorEvidence(tenant="contoso.onmicrosoft.com")
    assert [c.tenant_id for c in hints(None, error)] == ["contoso.onmicrosoft.com"]
    assert hints(token({"iss": "https://token.actions.githubusercontent.com"}), None) == []


def test_one_entry_per_tenant_arms_first() -> None:
    arm = from_arm({"value": [{"tenantId": GUID, "displayName": "Contoso"}]})
    pasted = hints(token({"tid": GUID}), None)
    assert [c.name for c in merged(arm, pasted)] == ["Contoso"]


def test_a_typed_tenant_is_checked_before_azure_identity_sees_it() -> None:
    assert tenant_problem("contoso.onmicrosoft.com") is None and tenant_problem(GUID) is None
    assert tenant_problem("") is not None
    assert tenant_problem("contoso tenant") is not None and tenant_problem("a/b") is not None
