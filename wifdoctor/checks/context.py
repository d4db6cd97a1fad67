"""What one walk knows: the request, and what the steps found so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from wifdoctor.core.conclude import Facts
from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.matching import Assertion, CredentialMatch
from wifdoctor.core.times import Clock, system_clock
from wifdoctor.core.token import Token
from wifdoctor.knowledge.platforms.base import ParsedSubject, Recognition


@dataclass(frozen=True)
class WalkRequest:
    """The inputs of one diagnosis. ``credentials`` is None when none were given (not empty)."""

    command: str
    token_text: str | None = None
    evidence: ErrorEvidence | None = None
    credentials: tuple[FederatedCredential, ...] | None = None
    cloud: str = "public"
    clock: Clock = system_clock
    at: datetime | None = None  # when the failing exchange happened, if the user said (--at)

    @property
    def input_kind(self) -> str:
        kinds = []
        if self.token_text is not None:
            kinds.append("token")
        if self.evidence is not None:
            kinds.append("error-text")
        if self.credentials is not None:
            kinds.append("credentials")
        return "+".join(kinds) or "none"


@dataclass
class WalkContext:
    """Shared by the steps of one walk. Each step writes only its own fields."""

    request: WalkRequest
    now: datetime
    token: Token | None = None
    recognition: Recognition | None = None
    subject: ParsedSubject | None = None
    assertion: Assertion | None = None
    matches: list[CredentialMatch] = field(default_factory=list)

    @classmethod
    def start(cls, request: WalkRequest) -> WalkContext:
        return cls(request=request, now=request.clock())

    def facts(self) -> Facts:
        return Facts(
            evidence=self.request.evidence,
            assertion=self.assertion,
            credentials_given=self.request.credentials is not None,
            matches=tuple(self.matches),
            cloud=self.request.cloud,
        )
