"""Other identities holding a credential for the token's subject (``credential-on-other-identity``).

The ``search`` step starts with the identity step, on its own chain, so no other step's result
waits for it; only ``elsewhere`` (the conclusion) does. Two searches run together:

- Graph, applications: ``$filter=federatedIdentityCredentials/any(f:f/subject eq '…')`` with
  the credentials expanded (beta, for ``claimsMatchingExpression``) and ``$count`` (an advanced
  query: ``ConsistencyLevel: eventual``), as field scripts do it (geekzter/azure-identity-scripts
  ``Find-ApplicationsByFederation``). Pages are followed by ``@odata.nextLink``, at most
  ``MAX_PAGES`` pages and ``MAX_APPLICATIONS`` applications. Only credentials with that exact
  subject are found: a flexible credential (a claims matching expression) on another app is not.
- ARM, user-assigned managed identities: their credentials live in ARM, out of reach of that
  filter. One Azure Resource Graph query lists the identities of every subscription the operator
  can read (``$skipToken`` pages, at most ``MAX_IDENTITIES``), and each one's credentials are
  listed as its page arrives, ``MAX_PARALLEL`` at a time. Resource Graph is one request where
  listing per subscription costs the subscription list plus one per subscription, so this chain
  is two requests deep (the identities, then their credentials), like discovery -> keys.

Throttling is the transport's business: 429/503 are retried honouring ``Retry-After``
(clients/http.py); a longer wait ends that part of the search with Graph's or ARM's reason. A
part that cannot be read (403, a timeout, a truncated answer) becomes a note, and what the other
part found still counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass
from typing import Any

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.live_identity import (
    READ_PERMISSION,
    app_info,
    credentials_of,
    needs_permission,
)
from wifdoctor.checks.plan import StepOutcome
from wifdoctor.clients.arm import ArmClient, ArmFailed
from wifdoctor.clients.graph import GraphClient, GraphFailed, odata_quote, warm_up
from wifdoctor.clients.operator import SignInFailed
from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.diagnosis import StepStatus
from wifdoctor.core.live import IdentityInfo

PAGE_TOP = 100  # applications asked for per page ($top)
MAX_PAGES = 5
MAX_APPLICATIONS = 200
IDENTITY_PAGE_TOP = 100  # managed identities per Resource Graph page
MAX_IDENTITY_PAGES = 3
MAX_IDENTITIES = 200
MAX_PARALLEL = 8  # credential lists of managed identities in flight at once
ARM_READ_ROLE = "Reader"
IDENTITIES_QUERY = (
    "resources | where type =~ 'microsoft.managedidentity/userassignedidentities' "
    "| project id, name, properties"
)
_RESOURCE_ID = re.compile(
    r"/subscriptions/[^/?#]+/resourcegroups/[^/?#]+/providers/"
    r"microsoft\.managedidentity/userassignedidentities/[^/?#]+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """Another identity and its credentials, to match the token against."""

    identity: IdentityInfo
    credentials: tuple[FederatedCredential, ...]


@dataclass(frozen=True)
class Part:
    """What one of the two searches read: what it covered, what stopped it, what it found."""

    searched: str
    candidates: tuple[Candidate, ...] = ()
    problem: str | None = None  # could not be (fully) read: the reason
    limit: str | None = None  # stopped at a bound: which one


@dataclass(frozen=True)
class SearchResult:
    parts: tuple[Part, ...]

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(c for part in self.parts for c in part.candidates)

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(p.problem for p in self.parts if p.problem)

    @property
    def limits(self) -> tuple[str, ...]:
        return tuple(p.limit for p in self.parts if p.limit)

    def covered(self) -> str:
        return "; ".join(part.searched for part in self.parts)


async def search(ctx: WalkContext) -> StepOutcome:
    live = ctx.request.live
    env = ctx.env
    subject = ctx.token.subject if ctx.token else None
    if live is None or not live.client_id or env is None:
        return StepOutcome("skipped", "No --client-id given: the tenant was not read.")
    if not subject:
        return StepOutcome("skipped", "The token has no subject to search other identities for.")
    await asyncio.to_thread(warm_up)
    try:
        graph = env.graph()
    except SignInFailed as exc:
        return StepOutcome("incomplete", str(exc))
    ctx.progress("search", "Searching applications and managed identities for this subject")
    applications = _applications(ctx, graph, subject, live.client_id)
    identities = _managed_identities(ctx, graph, env.arm(), live.client_id)
    result = SearchResult(tuple(await asyncio.gather(applications, identities)))
    found = len(result.candidates)
    evidence = {"searched": result.covered(), "to_compare": str(found)}
    notes = [*result.problems, *result.limits]
    if notes:
        evidence["notes"] = " ".join(notes)
    status: StepStatus = "incomplete" if result.problems else "pass"
    # Candidates: apps with a credential for the subject, managed identities with credentials.
    holding = f"{found} other identit{'y has' if found == 1 else 'ies have'} credentials to "
    holding += f"compare with the token ({result.covered()})."
    if result.problems:
        summary = f"The search is not complete. {' '.join(notes)} So far: {holding}"
    else:
        summary = " ".join([holding, *result.limits])
    return StepOutcome(status, summary, evidence, value=result)


async def _applications(ctx: WalkContext, graph: GraphClient, subject: str, own: str) -> Part:
    url: str | None = (
        f"{graph.graph_url}/beta/applications?$filter=federatedIdentityCredentials/any(f:f/subject"
        f" eq '{odata_quote(subject)}')&$expand=federatedIdentityCredentials&$count=true"
        f"&$top={PAGE_TOP}"
    )
    seen: list[dict[str, Any]] = []
    pages = 0
    total: int | None = None
    what = "Applications with a credential for this subject"
    while url is not None and pages < MAX_PAGES and len(seen) < MAX_APPLICATIONS:
        try:
            body = await graph.get_url(url, eventual=True, what=what)
        except GraphFailed as exc:
            problem = needs_permission(exc, READ_PERMISSION) + _throttled(exc.status)
            if seen:
                problem = f"{problem} (after {len(seen)} applications on {pages} page(s))"
            return _app_part(seen, own, pages, total, problem=problem)
        pages += 1
        count = body.get("@odata.count")
        if total is None and isinstance(count, int) and not isinstance(count, bool):
            total = count
        value = body.get("value")
        if isinstance(value, list):
            seen.extend(a for a in value[: MAX_APPLICATIONS - len(seen)] if isinstance(a, dict))
        link = body.get("@odata.nextLink")
        url = link if isinstance(link, str) and link else None
        if url is not None:
            ctx.progress("search", f"Applications: {len(seen)} read, on to page {pages + 1}")
    limit = None
    if url is not None:
        of = f" of {total}" if total is not None and total > len(seen) else ""
        limit = (
            f"Searched only the first {len(seen)}{of} applications with a credential for this "
            f"subject ({pages} page(s); the search stops at {MAX_APPLICATIONS} applications or "
            f"{MAX_PAGES} pages)."
        )
    return _app_part(seen, own, pages, total, limit=limit)


def _app_part(
    seen: list[dict[str, Any]],
    own: str,
    pages: int,
    total: int | None,
    *,
    problem: str | None = None,
    limit: str | None = None,
) -> Part:
    found = []
    for app in seen:
        if app.get("appId") == own:
            continue
        credentials = credentials_of(app.get("federatedIdentityCredentials"))
        if credentials:
            found.append(Candidate(app_info(app, None), credentials))
    searched = f"{len(seen)} application(s) with this subject"
    if problem is not None and not seen:
        searched = "applications not searched"
    return Part(searched, tuple(found), problem, limit)


async def _managed_identities(
    ctx: WalkContext, graph: GraphClient, arm: ArmClient, own: str
) -> Part:
    # The Graph token first: the sign-in is one at a time, and the identity step needs that one.
    with contextlib.suppress(SignInFailed):  # the ARM sign-in below says it in its own words
        await graph.operator.token(f"{graph.graph_url}/.default")
    rows: list[dict[str, Any]] = []
    results: list[asyncio.Task[tuple[Candidate | None, str | None]]] = []
    gate = asyncio.Semaphore(MAX_PARALLEL)
    skip: str | None = None
    pages = 0
    total: int | None = None
    problem: str | None = None
    async with asyncio.TaskGroup() as group:
        while pages < MAX_IDENTITY_PAGES and len(rows) < MAX_IDENTITIES:
            try:
                body = await arm.resource_graph(
                    IDENTITIES_QUERY,
                    top=IDENTITY_PAGE_TOP,
                    skip_token=skip,
                    what="Managed identities (Resource Graph)",
                )
            except ArmFailed as exc:
                problem = _arm_problem(exc)
                break
            pages += 1
            count = body.get("totalRecords")
            if total is None and isinstance(count, int) and not isinstance(count, bool):
                total = count
            data = body.get("data")
            for row in data if isinstance(data, list) else []:
                if len(rows) >= MAX_IDENTITIES:
                    break
                if not isinstance(row, dict):
                    continue
                rows.append(row)
                results.append(group.create_task(_credentials_of(arm, gate, row, own)))
            token = body.get("$skipToken")
            skip = token if isinstance(token, str) and token else None
            if skip is None:
                break
            ctx.progress("search", f"Managed identities: {len(rows)} listed, on to the next page")
    found = []
    failures = []
    for task in results:
        candidate, failed = task.result()
        if candidate is not None:
            found.append(candidate)
        if failed is not None:
            failures.append(failed)
    if failures and problem is None:
        problem = (
            f"The credentials of {len(failures)} of {len(rows)} managed identities could not be "
            f"read: {failures[0]}"
        )
    limit = None
    if skip is not None:
        of = f" of {total}" if total is not None and total > len(rows) else ""
        limit = (
            f"Searched only the first {len(rows)}{of} managed identities ({pages} page(s); the "
            f"search stops at {MAX_IDENTITIES} identities or {MAX_IDENTITY_PAGES} pages)."
        )
    searched = f"{len(rows)} managed identit{'y' if len(rows) == 1 else 'ies'} you can read"
    if problem is not None and not rows:
        searched = "managed identities not searched"
    return Part(searched, tuple(found), problem, limit)


def _arm_problem(exc: ArmFailed) -> str:
    if exc.status == 403:
        return (
            f"{exc.message} Listing managed identities needs the {ARM_READ_ROLE} role on their "
            "subscriptions (or resource groups) for the account you signed in with."
        )
    return exc.message + _throttled(exc.status)


def _throttled(status: int | None) -> str:
    if status != 429:
        return ""
    return (
        " The service is throttling these reads and asked for a longer wait than wifdoctor "
        "makes (a few seconds); run the walk again in a minute."
    )


async def _credentials_of(
    arm: ArmClient, gate: asyncio.Semaphore, row: dict[str, Any], own: str
) -> tuple[Candidate | None, str | None]:
    """One managed identity's credentials; (None, reason) when they cannot be read."""
    props = row.get("properties")
    props = props if isinstance(props, dict) else {}
    client_id = str(props.get("clientId") or "")
    resource = str(row.get("id") or "")
    if not client_id or client_id == own or not _RESOURCE_ID.fullmatch(resource):
        return None, None
    async with gate:
        try:
            items = await arm.managed_identity_credentials(
                resource, what=f"The credentials of the managed identity '{row.get('name')}'"
            )
        except ArmFailed as exc:
            return None, exc.message
    credentials = credentials_of(items)
    if not credentials:
        return None, None
    name = row.get("name")
    info = IdentityInfo(
        kind="managed-identity",
        client_id=client_id,
        display_name=name if isinstance(name, str) else None,
        object_id=str(props.get("principalId") or "") or None,
        service_principal_id=str(props.get("principalId") or "") or None,
        resource_id=resource,
        source="arm",
    )
    return Candidate(info, credentials), None
