"""What pasted error or log text tells us: codes, the assertion's values, times, ids, signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from wifdoctor.knowledge.clock_messages import Direction


@dataclass(frozen=True)
class Signal:
    """A recognised message in the text that is not an AADSTS code.

    Examples: a missing ``ACTIONS_ID_TOKEN_REQUEST_URL`` (no ``id-token: write``), a 405 from the
    Azure DevOps OIDC endpoint, ``WorkloadIdentityCredential`` being unavailable, a Graph error
    code such as ``InvalidFederatedIdentityCredentialValue``.
    """

    id: str  # stable kebab-case id of the message kind, e.g. "github-id-token-request-url-missing"
    finding_id: str  # the finding it points to (docs/findings.md)
    excerpt: str  # the matched text, trimmed to one line of at most ~200 characters
    # Values pulled out of the message, e.g. {"variables": "AZURE_TENANT_ID, AZURE_CLIENT_ID"}.
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LocalClockCheck:
    """A client's own check of a token Entra issued against this machine's clock (MSAL's "The ID
    token is not yet valid ... Current epoch = ..."): Entra stamped the token, so when it looks
    out of time, this machine's clock is off (``knowledge/clock_messages.py``)."""

    direction: Direction  # "behind" (the token looked not yet valid) or "ahead" (already expired)
    excerpt: str  # the message line, trimmed
    local_now: datetime | None = None  # what this machine's clock said ("Current epoch")
    issued_at: datetime | None = None  # the quoted token's iat
    not_before: datetime | None = None  # its nbf (only when comparable with local_now)
    expires_at: datetime | None = None  # its exp
    # The times are the machine's wall clock without a zone (MSAL >= 1.27 prints them so): their
    # differences are right, the instants themselves are not UTC.
    wall_clock: bool = False
    logged_only: bool = False  # MSAL >= 1.27 only logs it; the sign-in itself went on


@dataclass(frozen=True)
class ErrorEvidence:
    """Everything extracted from error or log text. Fields that were not found are None / empty."""

    error_codes: tuple[int, ...] = ()  # AADSTS codes in order of first appearance, no duplicates
    oauth_error: str | None = None  # "invalid_client", "invalid_request", ...
    issuer: str | None = None  # the presented assertion's issuer as quoted by Entra or azure/login
    subject: str | None = None
    audience: str | None = None
    expected_subject: str | None = None  # AADSTS7002137 tells the subject it expected
    job_workflow_ref: str | None = None  # from azure/login's "Federated token details"
    current_time: datetime | None = None  # AADSTS700024 "Current time"
    valid_from: datetime | None = None  # AADSTS700024 "assertion valid from"
    expires_at: datetime | None = None  # AADSTS700024 "expiry time of assertion" / 70023 expires on
    issued_at: datetime | None = None  # AADSTS70023 "Token issued at"
    max_lifetime: str | None = None  # AADSTS70023 "less than or equal to 1.01:00:00"
    key_id: str | None = None  # AADSTS7000272 "certificate with identifier ..."
    client_id: str | None = None  # AADSTS700016 "Application with identifier '...'"
    tenant: str | None = None  # AADSTS700016 directory / AADSTS90002 tenant
    trace_id: str | None = None
    correlation_id: str | None = None
    timestamp: datetime | None = None  # Entra's "Timestamp:" (UTC)
    http_statuses: tuple[int, ...] = ()
    graph_error_codes: tuple[
        str, ...
    ] = ()  # Graph / ARM error codes ("Request_ResourceNotFound", ...)
    signals: tuple[Signal, ...] = ()
    tool_versions: dict[str, str] = field(default_factory=dict)  # {"azure-cli": "2.59.0", ...}
    # Platforms the text itself points at ("kubernetes" for kubectl output, pod logs...).
    platform_hints: tuple[str, ...] = ()
    # The log's own line timestamps (GitHub Actions, Azure DevOps, GitLab): first and last.
    log_times: tuple[datetime, ...] = ()
    # Whether azure/login's "Federated token details" block was seen (it fills the fields above).
    federated_token_details: bool = False
    # Whether the values all came from a token's decoded claims pasted as JSON (jwt.ms, jq).
    decoded_claims: bool = False
    # Lines (trimmed) that carried the evidence, for showing the user where it came from.
    source_lines: tuple[str, ...] = ()
    # A client's check of an Entra-issued token against this machine's clock (MSAL).
    local_clock: LocalClockCheck | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.error_codes
            or self.issuer
            or self.subject
            or self.audience
            or self.signals
            or self.graph_error_codes
            or self.expected_subject
            or self.local_clock
        )
