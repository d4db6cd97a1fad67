"""Apply a proposal: show the exact request, ask, write, read back.

- idempotent: an identical credential already there is a no-op;
- refused before any write when Entra would refuse (a 21st credential, a duplicate);
- writes to one managed identity never overlap (a lock per identity; a 409 from someone else's
  concurrent write is retried after a pause);
- a 404 on the read-back right after a create is eventual consistency: read again;
- a 403 is explained with the permission or role the operator lacks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.setup.model import Proposal, ProposedCredential
from wifdoctor.core.setup.review import blocking, identical, review
from wifdoctor.knowledge.fic_rules import PROPAGATION_NOTE, READ_AFTER_WRITE_NOTE
from wifdoctor.provision.stores import CredentialStore, Request, StoreError

Confirm = Callable[[Request], Awaitable[bool]]
Sleep = Callable[[float], Awaitable[None]]
Outcome = Literal["created", "updated", "unchanged", "refused", "declined", "failed"]

READ_BACK_TRIES = 24  # about 4 minutes at 10 s (anchors E.6: retry NotFound for ~4 min)
READ_BACK_DELAY = 10.0
CONFLICT_TRIES = 5
_CONCURRENT = "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity"
_LOCKS: dict[str, asyncio.Lock] = {}

_FORBIDDEN = {
    "Graph": (
        "The signed-in account may not change this app registration's credentials: it needs "
        "Application.ReadWrite.All, or to be an owner of the app with "
        "Application.ReadWrite.OwnedBy (or a role such as Application Administrator)."
    ),
    "ARM": (
        "The signed-in account may not write this managed identity's credentials: it needs "
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write "
        "on the identity (for example the Managed Identity Contributor role)."
    ),
}


@dataclass(frozen=True)
class Step:
    credential: ProposedCredential
    outcome: Outcome
    message: str
    request: Request | None = None
    read_back_misses: int = 0


@dataclass
class ApplyReport:
    steps: list[Step] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why nothing was written (Entra's rules)
    incomplete: list[str] = field(default_factory=list)  # could not read or reach the identity
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.refused
            and not self.incomplete
            and all(step.outcome in ("created", "updated", "unchanged") for step in self.steps)
        )

    @property
    def changed(self) -> bool:
        return any(step.outcome in ("created", "updated") for step in self.steps)


def explain(error: StoreError, service: str) -> str:
    if error.status == 403:
        return f"{service} answered 403 ({error.code or 'Forbidden'}). {_FORBIDDEN[service]}"
    if error.status == 401:
        return f"{service} answered 401: the sign-in is missing or expired; sign in again."
    if error.code == _CONCURRENT:
        return (
            f"{service} refused a concurrent write to this managed identity (409); another tool "
            "is writing its credentials at the same time."
        )
    if error.status is None:
        return f"{service}: {error.message}"
    status = f" {error.status}" if error.status else ""
    code = f" {error.code}" if error.code else ""
    return f"{service} answered{status}{code}: {error.message}"


def _lock(key: str) -> asyncio.Lock:
    lock = _LOCKS.get(key)
    if lock is None:
        lock = _LOCKS[key] = asyncio.Lock()
    return lock


async def _write(store: CredentialStore, credential: ProposedCredential, sleep: Sleep) -> None:
    for attempt in range(CONFLICT_TRIES):
        try:
            await store.write(credential)
            return
        except StoreError as exc:
            if exc.code != _CONCURRENT or attempt == CONFLICT_TRIES - 1:
                raise
            await sleep(2.0 * (attempt + 1))


async def _read_back(
    store: CredentialStore, credential: ProposedCredential, sleep: Sleep, delay: float
) -> int:
    """How many 404s the read-back met before it saw the credential; -1 if it never did."""
    for attempt in range(READ_BACK_TRIES):
        found = await store.read(credential.name)
        if found is not None:
            return attempt
        await sleep(delay)
    return -1


async def apply(
    proposal: Proposal,
    store: CredentialStore,
    confirm: Confirm,
    *,
    sleep: Sleep = asyncio.sleep,
    read_back_delay: float = READ_BACK_DELAY,
) -> ApplyReport:
    """Create (or update) the proposal's credentials in ``store``, one confirmed request each."""
    report = ApplyReport()
    lock = _lock(store.key) if store.serialized else None
    if lock is not None:
        await lock.acquire()
    try:
        try:
            existing = await store.list()
        except StoreError as exc:
            report.incomplete.append(explain(exc, store.service))
            return report
        reviewed = review(proposal, existing)
        errors = blocking(reviewed)
        if errors:
            report.refused.extend(warning.message for warning in errors)
            return report
        by_name = {fic.name: fic for fic in existing if fic.name}
        for credential in reviewed.credentials:
            report.steps.append(
                await _one(store, credential, by_name, confirm, sleep, read_back_delay)
            )
    finally:
        if lock is not None:
            lock.release()
    if report.changed:
        report.notes.append(PROPAGATION_NOTE)
    return report


async def _one(
    store: CredentialStore,
    credential: ProposedCredential,
    by_name: dict[str, FederatedCredential],
    confirm: Confirm,
    sleep: Sleep,
    read_back_delay: float,
) -> Step:
    current = by_name.get(credential.name)
    if current is not None and identical(credential, current):
        return Step(credential, "unchanged", f"{credential.name} already matches: nothing to do.")
    updating = current is not None
    request = store.write_request(credential)
    if not await confirm(request):
        return Step(credential, "declined", "Not applied: you declined.", request)
    try:
        await _write(store, credential, sleep)
        misses = await _read_back(store, credential, sleep, read_back_delay)
    except StoreError as exc:
        return Step(credential, "failed", explain(exc, store.service), request)
    outcome: Outcome = "updated" if updating else "created"
    if misses < 0:
        return Step(
            credential,
            "failed",
            f"{store.service} accepted {credential.name} but never showed it on reading back. "
            + READ_AFTER_WRITE_NOTE,
            request,
        )
    message = f"{credential.name} {outcome}."
    if misses:
        message += f" ({store.service} answered 404 {misses} time(s) right after; that is normal.)"
    return Step(credential, outcome, message, request, misses)
