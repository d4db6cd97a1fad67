"""A finding: what wifdoctor concludes, in the user's own values, with the fix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from wifdoctor.knowledge.findings_catalogue import Severity, spec_for

if TYPE_CHECKING:
    from wifdoctor.core.remedy import Remedy

SEVERITY_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Copyable:
    """A value the user can copy with one key: a corrected field value or a command."""

    label: str  # "Corrected subject", "az command"
    text: str


@dataclass(frozen=True)
class Finding:
    id: str
    severity: Severity
    title: str
    explanation: str
    fix: tuple[str, ...]
    evidence: Mapping[str, str] = field(default_factory=dict)
    docs: tuple[str, ...] = ()
    copy: tuple[Copyable, ...] = ()
    step: str | None = None  # the step that concluded it
    remedy: Remedy | None = None  # the one credential change that fixes it (spec/cli.md)

    def with_step(self, step: str) -> Finding:
        return self if self.step else replace(self, step=step)


def make_finding(
    finding_id: str,
    explanation: str,
    fix: Iterable[str],
    evidence: Mapping[str, str | None] | None = None,
    *,
    severity: Severity | None = None,
    title: str | None = None,
    docs: Iterable[str] = (),
    copy: Iterable[Copyable] = (),
) -> Finding:
    """Build a finding; title, default severity and base docs come from the catalogue."""
    spec = spec_for(finding_id)
    links = list(spec.docs)
    links.extend(link for link in docs if link not in links)
    return Finding(
        id=finding_id,
        severity=severity or spec.severity,
        title=title or spec.title,
        explanation=explanation,
        fix=tuple(fix),
        evidence={key: value for key, value in (evidence or {}).items() if value is not None},
        docs=tuple(links),
        copy=tuple(copy),
    )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; stable otherwise."""
    return sorted(findings, key=lambda finding: SEVERITY_ORDER[finding.severity])
