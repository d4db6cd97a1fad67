"""When no credential on the identity matches: does one on another identity match exactly?

Runs after the identity, the match and the search (live_search). The job's own identity may be
an app or a managed identity, and so may the one holding the credential: each is named as what
it is. When the client ID names no identity, the search still says which one holds the
credential.
"""

from __future__ import annotations

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.live_identity import IdentityFound
from wifdoctor.checks.live_search import SearchResult
from wifdoctor.checks.plan import StepOutcome
from wifdoctor.core.findings import make_finding
from wifdoctor.core.live import IdentityInfo
from wifdoctor.core.matching import match_all


def describe(identity: IdentityInfo) -> str:
    kind = "application" if identity.kind == "application" else "managed identity"
    return f"the {kind} '{identity.display_name or '(no name)'}' (client ID {identity.client_id})"


def _used(ctx: WalkContext, found: IdentityFound | None, holder: IdentityInfo) -> str:
    """The identity the job signs in as, in words; a client ID that is in fact the holder's
    object ID is said to be so (Azure/azure-cli#24756: which ID goes where is confusing)."""
    if found is not None:
        return describe(found.info)
    live = ctx.request.live
    client_id = live.client_id if live is not None else "?"
    if client_id and client_id in (holder.object_id, holder.service_principal_id):
        which = "object ID" if client_id == holder.object_id else "service principal's object ID"
        return f"the client ID {client_id}, which is that identity's {which}, not its client ID"
    return f"the client ID {client_id}"


async def elsewhere(ctx: WalkContext) -> StepOutcome:
    # Runs even when the identity could not be read: a client ID that names no identity is
    # exactly when the credential on another one is worth finding.
    found = ctx.value("identity", IdentityFound)
    if ctx.assertion is None:
        return StepOutcome("skipped", "No token to look for.")
    if any(m.matches is True for m in ctx.matches):
        return StepOutcome(
            "pass", "A credential on this identity matches; no need to look elsewhere."
        )
    searched = ctx.value("search", SearchResult)
    if searched is None:
        return StepOutcome(
            "incomplete",
            "Other identities were not searched: the search gave no result (see its step).",
        )
    for other in searched.candidates:
        matched = [m for m in match_all(ctx.assertion, list(other.credentials)) if m.matches]
        if not matched:
            continue
        credential = matched[0].credential
        holder = other.identity
        where = describe(holder)
        used = _used(ctx, found, holder)
        use = f"let the job use the client ID {holder.client_id} (AZURE_CLIENT_ID / client-id)"
        if found is None:  # the job's client ID was not read: the other way cannot be advised
            fix = f"{use[:1].upper()}{use[1:]}: the Client ID, not an object ID."
        else:
            add_to = "managed identity" if found.info.kind == "managed-identity" else "application"
            fix = f"Either {use}, or add the same credential to the {add_to} the job uses."
        finding = make_finding(
            "credential-on-other-identity",
            f"The credential '{credential.label}' on {where} matches this token exactly, but the "
            f"job signs in as {used}.",
            (fix,),
            {
                "credential": credential.label,
                "on_client_id": holder.client_id,
                "on_identity": holder.display_name or "",
                "on_kind": holder.kind,
                "on_resource": holder.resource_id or "",
                "used_client_id": found.info.client_id if found else _client_id(ctx),
            },
        )
        return StepOutcome(
            "fail",
            f"A matching credential is on {where}.",
            findings=(finding,),
        )
    notes = " ".join([*searched.problems, *searched.limits])
    if searched.problems:
        return StepOutcome(
            "incomplete",
            "No other identity searched holds a matching credential, but the search is not "
            f"complete ({searched.covered()}): {notes}",
        )
    summary = f"No other identity holds a matching credential ({searched.covered()})."
    return StepOutcome("pass", f"{summary} {notes}".strip())


def _client_id(ctx: WalkContext) -> str:
    live = ctx.request.live
    return (live.client_id if live is not None else None) or ""
