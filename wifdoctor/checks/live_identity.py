"""The identity behind the client ID and its real credentials, read from the tenant.

Two Graph requests go out together once the operator is signed in: the application by
``appId`` with its credentials expanded (beta: ``claimsMatchingExpression`` is beta-only, and
v1.0 breaks on flexible credentials, Azure/azure-workload-identity#373) and the service principal
by ``appId``. A user-assigned managed identity has no application: its service principal names
the ARM resource, whose credentials come from ARM. No chain is deeper than two requests. The
other identities holding a credential for the token's subject are searched by their own step
(live_search), so this one never waits for that search.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import StepOutcome
from wifdoctor.clients.arm import ArmFailed
from wifdoctor.clients.graph import GraphFailed, odata_quote, warm_up
from wifdoctor.clients.operator import SignInFailed
from wifdoctor.core.credentials import FederatedCredential, load_credentials
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.core.findings import make_finding
from wifdoctor.core.live import IdentityInfo

READ_PERMISSION = "Application.Read.All"


@dataclass(frozen=True)
class IdentityFound:
    info: IdentityInfo
    credentials: tuple[FederatedCredential, ...]


def credentials_of(items: Any) -> tuple[FederatedCredential, ...]:
    if not isinstance(items, list):
        return ()
    try:
        return tuple(load_credentials(json.dumps({"value": items})))
    except WifdoctorError:
        return ()


def needs_permission(exc: GraphFailed, permission: str) -> str:
    if exc.status == 403:
        return (
            f"{exc.message} Reading this needs the Graph permission {permission} (or the "
            "Directory Readers role) for the account you signed in with."
        )
    return exc.message


def app_info(app: dict[str, Any], sp: dict[str, Any] | None) -> IdentityInfo:
    return IdentityInfo(
        kind="application",
        client_id=str(app.get("appId") or ""),
        display_name=app.get("displayName"),
        object_id=app.get("id"),
        service_principal_id=sp.get("id") if sp else None,
        enabled=sp.get("accountEnabled") if sp else None,
    )


def _resource_id(sp: dict[str, Any]) -> str | None:
    names = sp.get("alternativeNames")
    if not isinstance(names, list):
        return None
    return next(
        (n for n in names if isinstance(n, str) and n.lower().startswith("/subscriptions/")), None
    )


async def identity(ctx: WalkContext) -> StepOutcome:
    live = ctx.request.live
    env = ctx.env
    if live is None or not live.client_id or env is None:
        return StepOutcome("skipped", "No --client-id given: the tenant was not read.")
    client_id = live.client_id
    operator = env.operator
    # Said at once: the imports below can take a second on a cold start, and the user should
    # see what the step is about while they run.
    ctx.progress(
        "identity", f"Reading {client_id} with {operator.description if operator else '?'}"
    )
    await asyncio.to_thread(warm_up)  # msgraph's imports, in a thread (often done already)
    try:
        graph = env.graph()
    except SignInFailed as exc:
        return StepOutcome("incomplete", str(exc))
    key = odata_quote(client_id)
    requests = [
        graph.get(
            "beta",
            f"applications(appId='{key}')?$expand=federatedIdentityCredentials",
            what="The application",
        ),
        graph.get("v1.0", f"servicePrincipals(appId='{key}')", what="The service principal"),
    ]
    answers = await asyncio.gather(*requests, return_exceptions=True)
    app, sp = answers[0], answers[1]
    for answer in answers:
        if isinstance(answer, BaseException) and not isinstance(answer, GraphFailed):
            raise answer
    if isinstance(app, GraphFailed) and app.code == "SignInFailed":
        return StepOutcome("incomplete", app.message)
    sp_json = sp if isinstance(sp, dict) else None
    assert isinstance(app, dict | GraphFailed)
    if isinstance(app, dict):
        info = app_info(app, sp_json)
        found = credentials_of(app.get("federatedIdentityCredentials"))
    elif app.status == 404 and sp_json and sp_json.get("servicePrincipalType") == "ManagedIdentity":
        outcome = await _managed_identity(ctx, client_id, sp_json)
        if isinstance(outcome, StepOutcome):
            return outcome
        info, found = outcome
    elif app.status == 404 and isinstance(sp, GraphFailed) and sp.status == 404:
        tenant = live.tenant or "the tenant"
        finding = make_finding(
            "client-id-not-found",
            f"No application or managed identity in {tenant} has the client ID {client_id}: "
            "Graph answered 404 for both the application and the service principal. Entra "
            "answers AADSTS700016 for it.",
            (
                "Use the Application (client) ID of the app registration, or the Client ID of the "
                "managed identity (not its object or principal ID), in this tenant.",
            ),
            {"client_id": client_id, "tenant": live.tenant},
        )
        return StepOutcome(
            "fail", f"No identity has the client ID {client_id}.", findings=(finding,)
        )
    else:
        failed = app if isinstance(app, GraphFailed) else sp
        assert isinstance(failed, GraphFailed)
        return StepOutcome(
            "incomplete", needs_permission(failed, READ_PERMISSION), {"client_id": client_id}
        )
    ctx.identity = info
    ctx.live_credentials = found
    kind = "application" if info.kind == "application" else "managed identity"
    evidence = {
        "kind": kind,
        "name": info.display_name or "(no name)",
        "object_id": info.object_id or "(unknown)",
        "credentials": str(len(found)),
    }
    return StepOutcome(
        "pass",
        f"The {kind} '{info.display_name}' has {len(found)} federated credential(s).",
        evidence,
        value=IdentityFound(info, found),
    )


async def _managed_identity(
    ctx: WalkContext, client_id: str, sp: dict[str, Any]
) -> tuple[IdentityInfo, tuple[FederatedCredential, ...]] | StepOutcome:
    assert ctx.env is not None
    resource = _resource_id(sp)
    if resource is None:
        return StepOutcome(
            "incomplete",
            "The client ID is a managed identity, but its service principal does not name the "
            "ARM resource; pass its credentials with --credentials (az identity "
            "federated-credential list).",
        )
    ctx.progress("identity", f"Reading the managed identity's credentials from ARM ({resource})")
    try:
        items = await ctx.env.arm().managed_identity_credentials(resource)
    except ArmFailed as exc:
        extra = ""
        if exc.status == 403:
            extra = " Reading it needs the Reader role (or Managed Identity Operator) on it."
        return StepOutcome("incomplete", exc.message + extra, {"resource": resource})
    info = IdentityInfo(
        kind="managed-identity",
        client_id=client_id,
        display_name=sp.get("displayName"),
        object_id=sp.get("id"),
        service_principal_id=sp.get("id"),
        resource_id=resource,
        source="arm",
        enabled=sp.get("accountEnabled"),
    )
    return info, credentials_of(items)
