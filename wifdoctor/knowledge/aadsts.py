"""The AADSTS catalogue: what each Entra error code means for workload identity federation.

Every code of the reference's error catalogue (entra-errors-and-fic-rules.md, section A) has an
entry: its message template, meaning, likely causes, remedy, links, and how well it is sourced.

How the finding mapping is used: ``AadstsEntry.finding_ids`` lists the findings of
spec/findings.md a code can amount to, the most likely first. The first ID is the primary one: it
is what wifdoctor reports when the error text is all it has. The rest are the candidates the checks
try to confirm with more evidence (a token, the federated credentials, discovery, the sign-in log):
for 700211 the primary is ``issuer-mismatch``, and comparing the token's issuer with the
credentials may narrow it to ``issuer-trailing-slash``. Codes outside the federation path (section
A.11, on-behalf-of codes) and request-shape codes no finding covers map to no finding; their entry
alone explains them.

Looking up a code:

* A known code is returned as is (``exact=True``).
* An unknown code of seven or more digits falls back to its longest known prefix of at least six
  digits (``exact=False``): Entra extends codes by appending digits (700213 -> 7002131, 7002137,
  7002138), so 7002139 is explained as a kind of 700213.
* An unknown code of six digits or fewer is not guessed at: ``lookup`` returns None. The fallback
  never goes below six digits (7000299 must not become 70002).
* Six-digit prefixes of the form 7000NN are never used as parents. Entra's seven-digit 7000NNN
  codes are not children of the six-digit codes that happen to share their digits (7000222, an
  expired client secret, and 7000226, a missing credential policy, are unrelated to 700022, a
  scope error), so an unknown 7000NNN code is reported as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from wifdoctor.knowledge import (
    aadsts_entries_client,
    aadsts_entries_entra,
    aadsts_entries_matching,
    aadsts_entries_policy,
    aadsts_entries_request,
    aadsts_entries_token,
)
from wifdoctor.knowledge.aadsts_base import ERROR_LOOKUP_URL, AadstsEntry, Confidence

__all__ = [
    "ERROR_LOOKUP_URL",
    "AadstsEntry",
    "AadstsLookup",
    "Confidence",
    "all_entries",
    "entries_for_finding",
    "lookup",
]

# The shortest code a fallback may land on, and the prefix family that never acts as a parent.
_MIN_PARENT_DIGITS = 6
_NOT_A_PARENT_PREFIX = "7000"

_ENTRIES: tuple[AadstsEntry, ...] = (
    *aadsts_entries_matching.ENTRIES,
    *aadsts_entries_token.ENTRIES,
    *aadsts_entries_entra.ENTRIES,
    *aadsts_entries_policy.ENTRIES,
    *aadsts_entries_client.ENTRIES,
    *aadsts_entries_request.ENTRIES,
)

_BY_CODE: dict[int, AadstsEntry] = {e.code: e for e in _ENTRIES}


@dataclass(frozen=True)
class AadstsLookup:
    """The answer to :func:`lookup`: the entry found and whether it is the code asked for."""

    entry: AadstsEntry
    exact: bool  # False when the entry is a parent code the requested code fell back to
    requested: int  # the code asked for


def _parent(code: int) -> AadstsEntry | None:
    digits = str(code)
    for length in range(len(digits) - 1, _MIN_PARENT_DIGITS - 1, -1):
        prefix = digits[:length]
        if length == _MIN_PARENT_DIGITS and prefix.startswith(_NOT_A_PARENT_PREFIX):
            continue
        parent = _BY_CODE.get(int(prefix))
        if parent is not None:
            return parent
    return None


def lookup(code: int) -> AadstsLookup | None:
    """The catalogue entry for ``code``, or for its parent code; None when unknown."""
    if isinstance(code, bool) or code <= 0:
        return None
    found = _BY_CODE.get(code)
    if found is not None:
        return AadstsLookup(entry=found, exact=True, requested=code)
    if len(str(code)) <= _MIN_PARENT_DIGITS:
        return None
    parent = _parent(code)
    if parent is None:
        return None
    return AadstsLookup(entry=parent, exact=False, requested=code)


def all_entries() -> tuple[AadstsEntry, ...]:
    """Every entry, ordered by code."""
    return tuple(sorted(_ENTRIES, key=lambda e: e.code))


def entries_for_finding(finding_id: str) -> tuple[AadstsEntry, ...]:
    """The entries that can amount to ``finding_id``, those where it is primary first."""
    hits = [e for e in _ENTRIES if finding_id in e.finding_ids]
    return tuple(sorted(hits, key=lambda e: (e.finding_ids.index(finding_id), e.code)))


# Entra's answers that mean "no federated credential matched what was presented" (reference A.1),
# and the one for an identity that has none at all.
NO_MATCH_CODES = frozenset({70021, 700211, 700212, 7002121, 700213, 7002131, 7002137, 7002138})
NO_CREDENTIALS_CODE = 70025
