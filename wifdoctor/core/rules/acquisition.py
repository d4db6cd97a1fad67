"""Findings from the messages of token acquisition and the consuming SDKs and tools.

The error text parser recognises these messages as Signals (``knowledge/messages.py``); here each
becomes a finding that quotes the user's own line and says what to change.
"""

from __future__ import annotations

from collections.abc import Iterable

from wifdoctor.core.evidence import Signal
from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.rules.advice import ADO_OIDC_COPY, GITHUB_PERMISSIONS_COPY, default_fix
from wifdoctor.knowledge.messages import MESSAGE_PATTERNS

_MEANINGS = {pattern.id: pattern.meaning for pattern in MESSAGE_PATTERNS}
_COPIES: dict[str, tuple[Copyable, ...]] = {
    "token-permission-missing": (GITHUB_PERMISSIONS_COPY,),
    "token-request-wrong-method": (ADO_OIDC_COPY,),
}


def signal_findings(signals: Iterable[Signal]) -> list[Finding]:
    findings: list[Finding] = []
    for signal in signals:
        meaning = _MEANINGS.get(signal.id, "")
        detail = "; ".join(f"{key}: {value}" for key, value in signal.detail.items())
        explanation = f'The log says: "{signal.excerpt}". {meaning}'.strip()
        if detail:
            explanation += f" ({detail})"
        evidence = {"message": signal.excerpt, **signal.detail}
        findings.append(
            make_finding(
                signal.finding_id,
                explanation,
                default_fix(signal.finding_id),
                evidence,
                copy=_COPIES.get(signal.finding_id, ()),
            )
        )
    return findings
