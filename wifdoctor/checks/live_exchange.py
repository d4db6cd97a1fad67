"""The exchange itself (opt-in), what the identity may do after it, and Conditional Access.

exchange: only after a yes (``--exchange``, or the app's confirmation), only to the cloud's
authority host. Entra's answer is classified from its ``error_codes`` (never from ``error``:
53003 is ``invalid_grant``), with the same rules as a pasted error. The access token is decoded
for the user (claims only) and never shown.
access: with that token, the subscriptions the identity sees and its role assignments, so
"logged in but no subscriptions" becomes ``authorization-missing``.
policy: on AADSTS53003, the Conditional Access policies Entra named (``capolids``), the
condition that blocks, and the sign-in log entry by correlation ID; each degrades to "needs
permission X" when the operator cannot read it.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import StepOutcome
from wifdoctor.clients.arm import ROLE_ASSIGNMENTS_API_VERSION, SUBSCRIPTIONS_API_VERSION, ArmFailed
from wifdoctor.clients.entra import ExchangeAnswer
from wifdoctor.clients.entra import exchange as post_exchange
from wifdoctor.clients.graph import GraphFailed, odata_quote
from wifdoctor.clients.http import FetchFailed
from wifdoctor.core.diagnosis import StepStatus
from wifdoctor.core.errors import TokenError
from wifdoctor.core.findings import make_finding
from wifdoctor.core.live import Question
from wifdoctor.core.token import parse_token

CA_INTERVAL = 1.0  # Graph: 1 request/s per tenant for Conditional Access, no Retry-After


@dataclass(frozen=True)
class ExchangeDone:
    answer: ExchangeAnswer
    claims: dict[str, Any]  # the access token's claims (no signature), when one was issued


def _claims(access_token: str | None) -> dict[str, Any]:
    if not access_token:
        return {}
    try:
        return dict(parse_token(access_token).claims)
    except TokenError:
        return {}


async def exchange(ctx: WalkContext) -> StepOutcome:
    live, env, token = ctx.request.live, ctx.env, ctx.token
    if live is None or env is None:
        return StepOutcome("skipped", "Not a live walk.")
    if token is None:
        return StepOutcome("skipped", "No usable token to exchange.")
    if not live.client_id or not live.tenant:
        return StepOutcome("skipped", "The exchange needs --client-id and --tenant.")
    host = env.cloud.authority_host
    question = Question(
        "confirm-exchange",
        f"Send the token to {host} for the client ID {live.client_id} in {live.tenant}?",
        default=live.exchange,
    )
    if not await env.answer(question):
        return StepOutcome(
            "skipped", "Not tried: wifdoctor sends the token to Entra only when asked (--exchange)."
        )
    ctx.progress("exchange", f"POST https://{host}/{live.tenant}/oauth2/v2.0/token")
    try:
        answer = await post_exchange(
            env.client(),
            authority_host=host,
            tenant=live.tenant,
            client_id=live.client_id,
            assertion=token.raw,
            scope=f"{env.arm_url}/.default",
        )
    except FetchFailed as exc:
        return StepOutcome("incomplete", exc.message)
    claims = _claims(answer.access_token)
    done = ExchangeDone(answer, claims)
    if answer.ok:
        evidence: dict[str, str] = {
            k: str(claims[k]) for k in ("aud", "appid", "oid", "tid", "idtyp") if k in claims
        }
        evidence["access_token"] = "issued (not shown)"
        accepted = make_finding(
            "configuration-matches",
            f"Entra accepted the token for the client ID {live.client_id}: a federated "
            "credential on it matches the token's issuer, subject and audience, and the "
            "signature verified.",
            ("If a job still fails, compare its client ID, tenant and token with these.",),
            {"client_id": live.client_id, "tenant": live.tenant},
        )
        return StepOutcome(
            "pass",
            f"Entra issued an access token for {claims.get('aud', 'the resource')}.",
            evidence,
            (accepted,),
            value=done,
        )
    return _failed(ctx, answer, done)


def _failed(ctx: WalkContext, answer: ExchangeAnswer, done: ExchangeDone) -> StepOutcome:
    from wifdoctor.core.error_text import parse_error_text
    from wifdoctor.core.rules.error_codes import code_findings

    description = str(answer.body.get("error_description") or "")
    error = answer.body.get("error")
    if not description and isinstance(error, dict):  # not Entra's shape: a gateway, a throttle
        description = f"{error.get('code')}: {error.get('message')}"
    codes = " ".join(f"AADSTS{c}" for c in answer.error_codes if f"AADSTS{c}" not in description)
    evidence = parse_error_text(f"{description}\n{codes}".strip()[:20000])
    ctx.live_evidence = evidence
    issuer = ctx.token.issuer if ctx.token else None
    report = code_findings(evidence, token_issuer=issuer)
    step_evidence = {
        "http": str(answer.status),
        "error": str(error) if isinstance(error, str) else "",
        "codes": ", ".join(f"AADSTS{c}" for c in evidence.error_codes) or "(none)",
        "trace_id": evidence.trace_id,
        "correlation_id": evidence.correlation_id,
    }
    summary = f"Entra answered HTTP {answer.status}: " + (
        "; ".join(report.lines) or description[:200] or "no error description"
    )
    # No AADSTS code (a 429, a 5xx, a proxy's page): the exchange could not be judged.
    status: StepStatus = "fail" if evidence.error_codes else "incomplete"
    return StepOutcome(
        status,
        summary,
        {k: v for k, v in step_evidence.items() if v},
        tuple(report.findings),
        value=done,
    )


async def access(ctx: WalkContext) -> StepOutcome:
    done = ctx.value("exchange", ExchangeDone)
    assert done is not None and ctx.env is not None
    if not done.answer.ok:
        return StepOutcome("skipped", "The exchange did not succeed; there is no access to check.")
    arm = ctx.env.arm(bearer=done.answer.access_token)
    client_id = ctx.request.live.client_id if ctx.request.live else None
    try:
        body = await arm.get("/subscriptions", SUBSCRIPTIONS_API_VERSION, what="The subscriptions")
    except ArmFailed as exc:
        return StepOutcome("incomplete", exc.message)
    subscriptions = [s for s in body.get("value") or [] if isinstance(s, dict)]
    if not subscriptions:
        finding = make_finding(
            "authorization-missing",
            f"Entra issued the token, but the identity {client_id} sees no subscription: it has "
            "no role assignment on any (what azure/login and az login report as 'No "
            "subscriptions found').",
            (
                f"Grant it a role where the job works, e.g. az role assignment create --assignee "
                f"{client_id} --role Contributor --scope /subscriptions/<subscription-id>.",
            ),
            {"client_id": client_id, "subscriptions": "0"},
        )
        return StepOutcome("fail", "The identity sees no subscription.", findings=(finding,))
    first = subscriptions[0]
    sub_id = str(first.get("subscriptionId") or "")
    principal = str(done.claims.get("oid") or "")
    ctx.progress("access", f"Role assignments in {first.get('displayName') or sub_id}")
    roles: list[str] = []
    try:
        assignments = await arm.get(
            f"/subscriptions/{sub_id}/providers/Microsoft.Authorization/roleAssignments"
            f"?$filter=principalId eq '{odata_quote(principal)}'",
            ROLE_ASSIGNMENTS_API_VERSION,
            what="The role assignments",
        )
        for item in assignments.get("value") or []:
            props = item.get("properties") if isinstance(item, dict) else None
            if isinstance(props, dict):
                name = props.get("roleDefinitionName") or props.get("roleDefinitionId")
                roles.append(f"{name} on {props.get('scope')}")
    except ArmFailed as exc:
        roles.append(f"(not readable: {exc.message})")
    names = ", ".join(str(s.get("displayName") or s.get("subscriptionId")) for s in subscriptions)
    return StepOutcome(
        "pass",
        f"The identity sees {len(subscriptions)} subscription(s): {names}.",
        {"subscriptions": str(len(subscriptions)), "roles": "; ".join(roles) or "(none listed)"},
    )


def _policy_ids(answer: ExchangeAnswer) -> list[str]:
    try:
        claims = json.loads(str(answer.body.get("claims") or "{}"))
        values = claims["access_token"]["capolids"]["values"]
    except (ValueError, KeyError, TypeError):
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


async def policy(ctx: WalkContext) -> StepOutcome:
    done = ctx.value("exchange", ExchangeDone)  # None when only pasted text says 53003
    live = ctx.request.live
    assert ctx.env is not None and live is not None
    codes = ctx.evidence.error_codes if ctx.evidence else ()
    if 53003 not in codes and not live.policy:
        return StepOutcome(
            "skipped", "Entra did not answer AADSTS53003; Conditional Access not read."
        )
    graph = ctx.env.graph()
    correlation = ctx.live_evidence.correlation_id if ctx.live_evidence else None
    sign_in_query = (
        "auditLogs/signIns?$filter=signInEventTypes/any(t: t eq 'servicePrincipal') and "
        f"correlationId eq '{odata_quote(correlation or '')}'&$top=1"
    )
    sign_ins = asyncio.ensure_future(graph.get("beta", sign_in_query, what="The sign-in log"))
    notes: list[str] = []
    try:
        policies = await graph.get(
            "v1.0", "identity/conditionalAccess/policies", what="Conditional Access policies"
        )
        await asyncio.sleep(CA_INTERVAL)  # the second CA read would be throttled sooner
        locations = await graph.get(
            "v1.0", "identity/conditionalAccess/namedLocations", what="Named locations"
        )
    except GraphFailed as exc:
        policies, locations = {}, {}
        notes.append(_permission(exc, "Policy.Read.All"))
    try:
        entry = (await sign_ins).get("value") or []
    except GraphFailed as exc:
        entry = []
        notes.append(_permission(exc, "AuditLog.Read.All"))
    named = {
        str(loc.get("id")): loc for loc in locations.get("value") or [] if isinstance(loc, dict)
    }
    wanted = set(_policy_ids(done.answer)) if done is not None else set()
    blocking = [
        p
        for p in policies.get("value") or []
        if isinstance(p, dict) and (not wanted or p.get("id") in wanted)
    ]
    address = entry[0].get("ipAddress") if entry and isinstance(entry[0], dict) else None
    lines = [_describe(p, named, address) for p in blocking]
    evidence = {"policies": ", ".join(wanted) or "(not named)", "ip_address": address}
    if notes:
        evidence["not_read"] = " ".join(notes)
    if not lines:
        summary = "Conditional Access blocked the token; " + (
            " ".join(notes) or "no policy named by Entra was found."
        )
        return StepOutcome(
            "incomplete" if notes else "fail", summary, {k: v for k, v in evidence.items() if v}
        )
    finding = make_finding(
        "conditional-access-blocked",
        "Conditional Access for workload identities blocked the token: " + " ".join(lines),
        (
            "Run the job from an address the policy allows (a self-hosted runner in the named "
            "location), or exclude this service principal from the policy.",
        ),
        {k: v for k, v in evidence.items() if v},
    )
    summary = lines[0][:1].upper() + lines[0][1:]
    return StepOutcome("fail", summary, {k: v for k, v in evidence.items() if v}, (finding,))


def _permission(exc: GraphFailed, permission: str) -> str:
    if exc.status == 403:
        return f"{exc.message} (needs the Graph permission {permission})."
    return exc.message


def _describe(policy: dict[str, Any], named: dict[str, dict[str, Any]], address: str | None) -> str:
    name = policy.get("displayName") or policy.get("id")
    conditions = policy.get("conditions") or {}
    locations = conditions.get("locations") or {}
    allowed = []
    for location_id in locations.get("excludeLocations") or []:
        loc = named.get(str(location_id), {})
        ranges = [
            str(r.get("cidrAddress")) for r in loc.get("ipRanges") or [] if isinstance(r, dict)
        ]
        label = loc.get("displayName") or location_id
        allowed.append(f"'{label}'" + (f" ({', '.join(ranges)})" if ranges else ""))
    where = f" The request came from {address}." if address else ""
    if allowed:
        return (
            f"the policy '{name}' blocks workload identities outside {', '.join(allowed)}.{where}"
        )
    risk = conditions.get("servicePrincipalRiskLevels")
    if risk:
        return f"the policy '{name}' blocks service principals at risk {', '.join(risk)}.{where}"
    return f"the policy '{name}' blocks this service principal.{where}"
