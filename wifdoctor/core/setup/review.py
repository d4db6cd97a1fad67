"""The proposal checked against the identity's existing credentials: duplicates, the limit, names.

Entra refuses a second credential with the same issuer and subject, a 21st credential, and a name
already in use (knowledge.fic_rules); an identical credential means there is nothing to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.setup.model import Proposal, ProposedCredential, SetupWarning
from wifdoctor.core.setup.names import unique_name
from wifdoctor.knowledge.fic_rules import LIMIT_NOTE, MAX_CREDENTIALS_PER_IDENTITY


def same_trust(proposed: ProposedCredential, existing: FederatedCredential) -> bool:
    """Same issuer and the same subject (or expression): Entra treats them as one credential."""
    if proposed.issuer != existing.issuer:
        return False
    if proposed.expression is not None:
        return existing.expression == proposed.expression
    return existing.expression is None and existing.subject == proposed.subject


def identical(proposed: ProposedCredential, existing: FederatedCredential) -> bool:
    return same_trust(proposed, existing) and tuple(existing.audiences) == proposed.audiences


def find_same(
    proposed: ProposedCredential, existing: Sequence[FederatedCredential]
) -> FederatedCredential | None:
    return next((fic for fic in existing if same_trust(proposed, fic)), None)


def review(proposal: Proposal, existing: Sequence[FederatedCredential]) -> Proposal:
    """The proposal with warnings about ``existing``, and names that do not clash with theirs."""
    warnings: list[SetupWarning] = []
    taken = {fic.name for fic in existing if fic.name}
    credentials: list[ProposedCredential] = []
    to_create = 0
    for proposed in proposal.credentials:
        if proposed.replaces is not None:
            warnings.extend(_replacing(proposed, existing))
            credentials.append(proposed)
            continue
        same = find_same(proposed, existing)
        if same is not None and identical(proposed, same):
            warnings.append(
                SetupWarning(
                    "already-exists",
                    "info",
                    f"{same.label} already has this issuer, subject and audience: nothing to "
                    "create (applying is a no-op).",
                )
            )
            credentials.append(replace(proposed, name=same.name or proposed.name))
            continue
        if same is not None:
            warnings.append(
                SetupWarning(
                    "duplicate",
                    "error",
                    f"{same.label} has the same issuer and subject with audience "
                    f"{', '.join(same.audiences) or '(none)'}; Entra refuses a second credential "
                    "with the same issuer and subject: update that one instead.",
                )
            )
        to_create += 1
        name = unique_name(proposed.name, taken)
        if name != proposed.name:
            warnings.append(
                SetupWarning(
                    "name-taken",
                    "info",
                    f"A credential is already named {proposed.name}; this one is named {name}.",
                )
            )
        taken.add(name)
        credentials.append(replace(proposed, name=name))
    total = len(existing) + to_create
    if to_create and total > MAX_CREDENTIALS_PER_IDENTITY:
        warnings.append(
            SetupWarning(
                "credential-limit",
                "error",
                f"The identity has {len(existing)} credentials; {to_create} more would make "
                f"{total}. {LIMIT_NOTE} Remove unused ones, use a flexible expression, or use "
                "another identity.",
            )
        )
    elif to_create and total >= MAX_CREDENTIALS_PER_IDENTITY - 2:
        warnings.append(
            SetupWarning(
                "credential-limit",
                "warning",
                f"This makes {total} of the {MAX_CREDENTIALS_PER_IDENTITY} credentials an "
                "identity may hold.",
            )
        )
    for warning in proposal.warnings:
        alternative = warning.alternative_subject
        if alternative and any(fic.subject == alternative for fic in existing):
            warnings.append(
                SetupWarning(
                    "other-form-exists",
                    "info",
                    f"A credential for the other subject form ({alternative}) already exists.",
                )
            )
    reviewed = Proposal(
        proposal.platform,
        tuple(credentials),
        proposal.target,
        proposal.warnings,
        proposal.inputs,
        proposal.from_token,
    )
    return reviewed.with_warnings(tuple(warnings))


def _replacing(
    proposed: ProposedCredential, existing: Sequence[FederatedCredential]
) -> list[SetupWarning]:
    """An in-place update: the credential must exist, and no other may hold the new values."""
    if not any(fic.name == proposed.replaces for fic in existing):
        return [
            SetupWarning(
                "missing-credential",
                "error",
                f"There is no credential named {proposed.replaces} to update on this identity.",
            )
        ]
    others = [fic for fic in existing if fic.name != proposed.replaces]
    same = find_same(proposed, others)
    if same is not None:
        return [
            SetupWarning(
                "duplicate",
                "error",
                f"{same.label} already has this issuer and subject; Entra refuses two.",
            )
        ]
    return []


def blocking(proposal: Proposal) -> list[SetupWarning]:
    """The warnings that make applying pointless or refused (severity error)."""
    return [warning for warning in proposal.warnings if warning.severity == "error"]
