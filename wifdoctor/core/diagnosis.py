"""The Diagnosis: one object that the CLI, the reports and the TUI all render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import Finding
from wifdoctor.core.live import HttpCall, IdentityInfo
from wifdoctor.core.matching import CredentialMatch
from wifdoctor.core.token import Token
from wifdoctor.knowledge.platforms.base import ParsedSubject, Recognition

StepStatus = Literal["pending", "running", "pass", "warn", "fail", "skipped", "incomplete"]


@dataclass(frozen=True)
class StepResult:
    id: str
    title: str
    status: StepStatus
    summary: str
    evidence: dict[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    started_ms: float = 0.0
    duration_ms: float = 0.0


@dataclass(frozen=True)
class Diagnosis:
    command: str
    input_kind: str  # "token", "error-text", "token+error-text", ...
    now: datetime
    cloud: str = "public"
    evidence: ErrorEvidence | None = None
    token: Token | None = None
    recognition: Recognition | None = None
    subject: ParsedSubject | None = None
    credentials: tuple[FederatedCredential, ...] = ()
    credentials_given: bool = False
    matches: tuple[CredentialMatch, ...] = ()
    steps: tuple[StepResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    walk_ms: float = 0.0
    identity: IdentityInfo | None = None  # found by the live walk
    trace: tuple[HttpCall, ...] = ()  # the live walk's requests (no bodies, no secrets)

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == "error" for finding in self.findings)

    @property
    def incomplete(self) -> bool:
        return any(step.status == "incomplete" for step in self.steps)

    @property
    def exit_code(self) -> int:
        """spec/cli.md: 1 when an error was found, 3 when a check could not complete, else 0."""
        if self.has_errors:
            return 1
        return 3 if self.incomplete else 0

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)
