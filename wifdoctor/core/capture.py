"""What ``wifdoctor capture`` found inside a job: where it ran, how it got the token, what failed.

Plain data (no I/O): the capture module fills it, the walk adds it as its first step, the
report shows it. ``token`` is the raw token: never printed, only handed to the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wifdoctor.core.findings import Finding


@dataclass(frozen=True)
class TokenRequest:
    """One request to the platform's token endpoint, as the report shows it.

    ``body`` is the answer's text when it was not a token (an error), cut short and masked.
    """

    method: str
    host: str
    path: str
    status: int | None
    body: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Capture:
    platform: str | None  # a platform ID of spec/cli.md, None when not detected
    where: str  # "GitHub Actions", "Kubernetes (workload identity)", "a token file"
    source: str | None  # where the token came from, in words; None when none was obtained
    token: str | None = field(default=None, repr=False)
    findings: tuple[Finding, ...] = ()
    requests: tuple[TokenRequest, ...] = ()
    notes: tuple[str, ...] = ()
    # The variables that matter for this platform: name -> value, secrets already masked.
    variables: dict[str, str] = field(default_factory=dict)
    # Values that must never appear in any output (request tokens, the token itself).
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def obtained(self) -> bool:
        return self.token is not None
