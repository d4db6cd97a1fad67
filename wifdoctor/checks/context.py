"""What one walk knows: the request, and what the steps found so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from wifdoctor.core.conclude import Facts
from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.live import HttpCall, IdentityInfo, LiveRequest
from wifdoctor.core.matching import Assertion, CredentialMatch
from wifdoctor.core.times import Clock, system_clock
from wifdoctor.core.token import Token
from wifdoctor.knowledge.platforms.base import ParsedSubject, Recognition

if TYPE_CHECKING:  # the clients load only for live walks
    from wifdoctor.clients.environment import WalkEnvironment

T = TypeVar("T")


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
    live: LiveRequest | None = None  # the live walk's options; None for offline commands

    @property
    def credentials_expected(self) -> bool:
        """Credentials to compare with are given, or will be read from the tenant."""
        return self.credentials is not None or bool(self.live and self.live.client_id)

    @property
    def input_kind(self) -> str:
        kinds = []
        if self.token_text is not None:
            kinds.append("token")
        if self.evidence is not None:
            kinds.append("error-text")
        if self.credentials is not None:
            kinds.append("credentials")
        if self.live is not None and self.live.client_id:
            kinds.append("client-id")
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
    # Live walks: the injected clients, the identity and credentials read from the tenant, and
    # Entra's answer to a real exchange (set by the identity and exchange steps).
    env: WalkEnvironment | None = None
    identity: IdentityInfo | None = None
    live_credentials: tuple[FederatedCredential, ...] | None = None
    live_evidence: ErrorEvidence | None = None
    values: dict[str, object] = field(default_factory=dict)  # typed results, by step id
    emit: Callable[[str, str], None] | None = None  # (step id, progress text), set by the runner

    @classmethod
    def start(cls, request: WalkRequest, env: WalkEnvironment | None = None) -> WalkContext:
        return cls(request=request, now=request.clock(), env=env)

    @property
    def credentials(self) -> tuple[FederatedCredential, ...] | None:
        """The credentials to match: the file given, else those read from the tenant."""
        if self.request.credentials is not None:
            return self.request.credentials
        return self.live_credentials

    @property
    def evidence(self) -> ErrorEvidence | None:
        """Entra's answer: the pasted one, else the live exchange's."""
        return self.request.evidence or self.live_evidence

    def value(self, step_id: str, kind: type[T]) -> T | None:
        found = self.values.get(step_id)
        return found if isinstance(found, kind) else None

    def progress(self, step_id: str, text: str) -> None:
        if self.emit is not None:
            self.emit(step_id, text)

    def trace(self) -> tuple[HttpCall, ...]:
        return tuple(self.env.trace.calls) if self.env is not None else ()

    def facts(self) -> Facts:
        return Facts(
            evidence=self.evidence,
            assertion=self.assertion,
            credentials_given=self.credentials is not None,
            matches=tuple(self.matches),
            cloud=self.request.cloud,
        )
