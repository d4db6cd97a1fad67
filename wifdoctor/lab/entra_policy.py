"""What the lab's Entra applies after a credential matched, and what it records.

Conditional Access for workload identities (reference entra-errors C.3, A.9): enabled policies
that include the service principal (or ``ServicePrincipalsInMyTenant``) block it unless the
caller's address is in an excluded named location; managed identities are never covered. Every
exchange becomes a beta sign-in log entry with the fields of reference C.4.
"""

from __future__ import annotations

import ipaddress
import time
import uuid

from starlette.requests import Request

from wifdoctor.lab.entra_errors import EntraError, message_for
from wifdoctor.lab.state import Credential, Identity, LabState


def resource_of(scope: str) -> str:
    from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID

    resource = scope.removesuffix("/.default")
    if resource == "api://AzureADTokenExchange":
        return TOKEN_EXCHANGE_APP_ID
    return resource


def client_ip(state: LabState, request: Request) -> str:
    if request.client is not None:
        try:
            if not ipaddress.ip_address(request.client.host).is_loopback:
                return request.client.host
        except ValueError:
            pass
    return state.client_ip


def conditional_access(state: LabState, identity: Identity, request: Request) -> list[str]:
    """The enabled policies that block this service principal from this address (reference
    C.3: workload identity policies target single-tenant SPs, never managed identities)."""
    if identity.kind != "app":
        return []
    address = ipaddress.ip_address(client_ip(state, request))
    blocking: list[str] = []
    for policy in state.policies:
        if policy.state != "enabled":
            continue
        included = identity.sp_id in policy.include_service_principals or (
            "ServicePrincipalsInMyTenant" in policy.include_service_principals
        )
        if not included or identity.sp_id in policy.exclude_service_principals:
            continue
        excluded_here = False
        for location in state.locations:
            wanted = location.id in policy.exclude_locations or (
                "AllTrusted" in policy.exclude_locations and location.trusted
            )
            if wanted and any(
                address in ipaddress.ip_network(cidr, strict=False) for cidr in location.cidrs
            ):
                excluded_here = True
        if not excluded_here:
            blocking.append(policy.id)
    return blocking


def record_sign_in(
    state: LabState,
    request: Request,
    identity: Identity | None,
    form: dict[str, str],
    correlation_id: str,
    outcome: EntraError | Credential,
) -> None:
    """The beta sign-in log entry of this exchange (reference C.4's fields)."""
    error = outcome if isinstance(outcome, EntraError) else None
    code = error.code if error else 0
    credential = None if error else outcome
    policies = []
    if error is not None and error.code == 53003:
        names = {p.id: p.display_name for p in state.policies}
        blocking = conditional_access(state, identity, request) if identity else []
        policies = [
            {
                "id": pid,
                "displayName": names.get(pid),
                "result": "failure",
                "enforcedGrantControls": ["Block"],
            }
            for pid in blocking
        ]
    state.sign_ins.append(
        {
            "id": str(uuid.uuid4()),
            "createdDateTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(state.clock())),
            "appId": form.get("client_id"),
            "appDisplayName": identity.display_name if identity else None,
            "servicePrincipalId": identity.sp_id if identity else None,
            "ipAddress": client_ip(state, request),
            "correlationId": correlation_id,
            "clientCredentialType": "federatedIdentityCredential",
            "federatedCredentialId": credential.id if isinstance(credential, Credential) else None,
            "signInEventTypes": [
                "managedIdentity" if identity and identity.kind == "uami" else "servicePrincipal"
            ],
            "status": {
                "errorCode": code,
                "failureReason": message_for(error.code, error.values) if error else None,
            },
            "conditionalAccessStatus": "failure" if code == 53003 else "notApplied",
            "appliedConditionalAccessPolicies": policies,
            "resourceDisplayName": resource_of(form.get("scope", "")),
        }
    )
