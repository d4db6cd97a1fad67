"""The match step's conclusions when no credential matches: issuer, then audience, then subject,
the order in which Entra checks them."""

from __future__ import annotations

from collections.abc import Sequence

from wifdoctor.core.findings import Finding
from wifdoctor.core.matching import Assertion, CredentialMatch
from wifdoctor.core.rules.audience_match import audience_findings
from wifdoctor.core.rules.issuer_match import issuer_findings
from wifdoctor.core.rules.subject_match import subject_findings
from wifdoctor.knowledge.platforms import recognize
from wifdoctor.knowledge.platforms.base import PlatformId

_NEAR = ("equal", "whitespace", "trailing-slash", "case")


def mismatch_findings(
    assertion: Assertion, matches: Sequence[CredentialMatch], platform: PlatformId | None
) -> list[Finding]:
    if not matches or any(m.matches is True for m in matches):
        return []
    if not assertion.complete and any(m.consistent for m in matches):
        return []
    findings = issuer_findings(assertion, matches)
    if any(f.id == "issuer-azure-devops-migration" for f in findings):
        return findings  # the subject changes with the issuer generation: one story, one fix
    candidates = _candidates(assertion, matches)
    findings += audience_findings(assertion, candidates)
    findings += subject_findings(assertion, candidates, platform)
    return findings


def _candidates(assertion: Assertion, matches: Sequence[CredentialMatch]) -> list[CredentialMatch]:
    """Credentials worth comparing on audience and subject: same issuer, else nearly the same,
    else the same platform; all of them when the issuer is not known."""
    if assertion.issuer is None:
        return list(matches)
    exact = [m for m in matches if _issuer_relation(m) == "equal"]
    if exact:
        return exact
    near = [m for m in matches if _issuer_relation(m) in _NEAR]
    if near:
        return near
    token_platform = recognize(assertion.issuer, {}).platform
    if token_platform == "unknown":
        return []
    return [
        m
        for m in matches
        if m.credential.issuer and recognize(m.credential.issuer, {}).platform == token_platform
    ]


def _issuer_relation(match: CredentialMatch) -> str:
    comparison = match.field("issuer")
    return comparison.relation if comparison else "unknown"
