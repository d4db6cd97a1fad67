"""The lab's world: one tenant, its identities and credentials, issuers, policies and faults.

Plain objects, no framework: ``httpx.ASGITransport`` runs no lifespan, so nothing here may depend
on server start-up. Handlers read and change this state; tests inspect it.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from wifdoctor.lab.keys import SigningKey

Clock = Callable[[], float]
IdentityKind = Literal["app", "uami"]
LOG_LIMIT = 5000


@dataclass
class Credential:
    """One federated identity credential (FIC), as Graph or ARM stores it."""

    name: str
    issuer: str
    subject: str | None
    audiences: list[str]
    expression: str | None = None
    language_version: int = 1
    description: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: float = 0.0  # lab clock seconds; propagation hides young credentials


@dataclass
class Identity:
    """An app registration (with its service principal) or a user-assigned managed identity."""

    kind: IdentityKind
    display_name: str
    client_id: str  # appId / the UAMI's clientId
    object_id: str  # the application object / the UAMI resource's principal id for UAMIs
    sp_id: str  # the service principal's object id (for a UAMI: its principal id)
    credentials: list[Credential] = field(default_factory=list)
    sp_enabled: bool = True
    sign_in_audience: str = "AzureADMyOrg"
    # UAMIs only: where the resource lives in ARM.
    subscription_id: str | None = None
    resource_group: str | None = None
    location: str | None = None

    @property
    def arm_id(self) -> str | None:
        if self.kind != "uami":
            return None
        return (
            f"/subscriptions/{self.subscription_id}/resourcegroups/{self.resource_group}"
            f"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{self.display_name}"
        )


@dataclass
class IssuerFaults:
    unreachable: bool = False  # discovery and JWKS answer as an unreachable host would
    wrong_issuer: str | None = None  # discovery's "issuer" field says this instead
    kid_missing: bool = False  # the signing key is not in the JWKS
    extra_keys: int = 0  # filler keys listed before the real one (over 100: Entra ignores it)
    non_json: bool = False  # discovery answers HTML
    slow_ms: int = 0


@dataclass
class Issuer:
    """A workload OIDC issuer served at its exact URL."""

    name: str
    platform: str  # github-actions, azure-devops, kubernetes, gitlab, terraform-cloud
    url: str  # the exact `iss`, trailing slash and all
    keys: list[SigningKey]
    jwks_path: str = "/.well-known/jwks"  # appended to the issuer URL without its trailing slash
    faults: IssuerFaults = field(default_factory=IssuerFaults)

    @property
    def base(self) -> str:
        return self.url.rstrip("/")

    @property
    def discovery_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    @property
    def jwks_url(self) -> str:
        return f"{self.base}{self.jwks_path}"

    @property
    def signing_key(self) -> SigningKey:
        return self.keys[-1]


@dataclass
class NamedLocation:
    id: str
    display_name: str
    cidrs: list[str]
    trusted: bool = True


@dataclass
class CaPolicy:
    id: str
    display_name: str
    state: str  # enabled | disabled | enabledForReportingButNotEnforced
    include_service_principals: list[str]
    exclude_service_principals: list[str] = field(default_factory=list)
    include_locations: list[str] = field(default_factory=lambda: ["All"])
    exclude_locations: list[str] = field(default_factory=list)


@dataclass
class RouteFault:
    """What one route does instead of (or before) answering, from the scenario."""

    latency_ms: int = 0
    status: int | None = None  # 429, 500, 503 ... answered instead of the real response
    retry_after: int | None = None  # seconds, for 429/503; None sends no Retry-After
    quota_resets_after: str | None = None  # hh:mm:ss: Resource Graph's own wait header, on a 429
    times: int | None = None  # how many requests the fault applies to (None: all)
    timeout: bool = False  # never answer in time (sleeps for timeout_seconds)
    truncate: bool = False  # cut the JSON body in half
    not_found_after_create: int = 0  # GETs answered 404 after a create


@dataclass
class RoleAssignment:
    principal_id: str
    role: str
    scope: str


@dataclass
class LabState:
    tenant_id: str
    tenant_domain: str
    cloud: str = "public"
    tenant_name: str = "Lab tenant"
    # Other tenants the operator's account belongs to (ARM lists them); the lab's Entra serves
    # only its own: {"tenantId", "displayName", "defaultDomain"}.
    other_tenants: list[dict[str, str]] = field(default_factory=list)
    identities: list[Identity] = field(default_factory=list)
    issuers: list[Issuer] = field(default_factory=list)
    entra_keys: list[SigningKey] = field(default_factory=list)
    policies: list[CaPolicy] = field(default_factory=list)
    locations: list[NamedLocation] = field(default_factory=list)
    subscriptions: list[dict[str, str]] = field(default_factory=list)
    role_assignments: list[RoleAssignment] = field(default_factory=list)
    operator_permissions: set[str] = field(default_factory=set)
    # The operator's own app (what wifdoctor signs in as in the lab): client ID and secret.
    operator_client_id: str = "0f0e0d0c-0b0a-4909-8807-060504030201"
    operator_secret: str = field(default_factory=lambda: uuid.uuid4().hex)
    device_codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    device_code_pending_polls: int = 0  # polls answered authorization_pending before approval
    entra_mode: Literal["current", "legacy"] = "current"
    required_enterprise: str | None = None  # tenant policy: GitHub tokens need this enterprise
    propagation_seconds: float = 0.0
    client_ip: str = "203.0.113.7"  # the caller's address as Entra would see it
    fic_only_regions: tuple[str, ...] = ()  # regions where UAMI FIC writes answer 405
    faults: dict[str, RouteFault] = field(default_factory=dict)
    latency_ms: int = 0  # added to every request
    graph_page_size: int = 100
    arm_page_size: int = 100  # ARM lists and Resource Graph pages (Resource Graph: up to 1000)
    not_found_after_create: int = 0  # GETs of a just-created credential answered 404
    pending_not_found: dict[str, int] = field(default_factory=dict)
    id_token_permission: bool = True  # GitHub: the job has id-token: write
    clock: Clock = time.time
    timeout_seconds: float = 30.0
    # What happened: the latest requests (method, host, path, status) and the sign-in log,
    # bounded so a long `lab serve` does not grow without end.
    requests: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=LOG_LIMIT))
    sign_ins: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=LOG_LIMIT))
    fic_issued_tokens: set[str] = field(default_factory=set)  # uti of tokens got through a FIC
    fault_counts: dict[str, int] = field(default_factory=dict)
    arm_writes_in_flight: set[str] = field(default_factory=set)
    last_ca_request: float = -1.0

    def tenant_known(self, tenant: str) -> bool:
        """``tenant`` (from a URL path) names this tenant, by ID or domain."""
        return tenant.lower() in (self.tenant_id.lower(), self.tenant_domain.lower())

    def identity_by_client_id(self, client_id: str) -> Identity | None:
        return next((i for i in self.identities if i.client_id == client_id), None)

    def entra_issuer(self, version: str = "v2.0") -> str:
        from wifdoctor.knowledge.clouds import CLOUDS

        host = CLOUDS[self.cloud].authority_host
        if version == "v1":
            return f"https://sts.windows.net/{self.tenant_id}/"
        return f"https://{host}/{self.tenant_id}/v2.0"

    def visible_credentials(self, identity: Identity) -> list[Credential]:
        """The credentials the token endpoint sees: young ones have not propagated yet."""
        now = self.clock()
        return [c for c in identity.credentials if now - c.created_at >= self.propagation_seconds]
