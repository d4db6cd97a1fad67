"""What the live walk adds to a Diagnosis: the identity it found and the HTTP trace.

Plain data (no I/O): the clients fill it, the renderers show it, redaction passes over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

IdentityKind = Literal["application", "managed-identity"]


@dataclass(frozen=True)
class HttpCall:
    """One request of the walk as the trace shows it: never a body, a query or a header value."""

    method: str
    host: str
    path: str
    status: int | None  # None when no answer came (refused, timed out, connection failed)
    started_ms: float
    duration_ms: float
    date: str | None = None  # the server's Date header, for the clock check
    error: str | None = None


@dataclass(frozen=True)
class IdentityInfo:
    """The identity behind the client ID, as Graph or ARM describe it."""

    kind: IdentityKind
    client_id: str
    display_name: str | None = None
    object_id: str | None = None  # the application object / the managed identity's principal
    service_principal_id: str | None = None
    resource_id: str | None = None  # a managed identity's ARM resource ID
    source: str = "graph"  # graph | arm
    enabled: bool | None = None


@dataclass(frozen=True)
class LiveRequest:
    """What the operator asked the live walk to do."""

    client_id: str | None = None
    tenant: str | None = None
    exchange: bool = False  # really try the token exchange (never without being asked)
    offer_exchange: bool = False  # plan the exchange and ask first (the app's modal)
    policy: bool = False  # read Conditional Access even without a 53003
    sign_in: str = "cli"  # cli | device-code | environment | managed-identity | lab
    lab: str | None = None  # the lab scenario, when the walk runs against the lab
    secrets: tuple[str, ...] = field(default=(), repr=False)  # values to redact everywhere


@dataclass(frozen=True)
class Question:
    """Something the walk asks the person: the CLI answers from its flags, the app in a modal."""

    id: str  # "confirm-exchange", "device-code"
    prompt: str
    default: bool = False
