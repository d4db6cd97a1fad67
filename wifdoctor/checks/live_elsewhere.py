"""When no credential on the identity matches: does one on another identity match exactly?

Runs after the match and the search (live_search). The job's own identity may be an app or a
managed identity, and so may the one holding the credential: each is named as what it is.
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


async def elsewhere(ctx: WalkContext) -> StepOutcome:
    found = ctx.value("identity", IdentityFound)
    assert found is not None
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
        used = describe(found.info)
        add_to = "managed identity" if found.info.kind == "managed-identity" else "application"
        finding = make_finding(
            "credential-on-other-identity",
            f"The credential '{credential.label}' on {where} matches this token exactly, but the "
            f"job signs in as {used}.",
            (
                f"Either let the job use the client ID {holder.client_id} (AZURE_CLIENT_ID / "
                f"client-id), or add the same credential to the {add_to} the job uses.",
            ),
            {
                "credential": credential.label,
                "on_client_id": holder.client_id,
                "on_identity": holder.display_name or "",
                "on_kind": holder.kind,
                "on_resource": holder.resource_id or "",
                "used_client_id": found.info.client_id,
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
