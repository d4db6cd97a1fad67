"""The values the setup engine produces: credentials to create, why each value, what to watch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from wifdoctor.core.credentials import FederatedCredential

SetupPlatform = Literal[
    "github-actions", "azure-devops", "kubernetes", "gitlab", "terraform-cloud", "other"
]
SETUP_PLATFORMS: tuple[SetupPlatform, ...] = (
    "github-actions",
    "azure-devops",
    "kubernetes",
    "gitlab",
    "terraform-cloud",
    "other",
)
PLATFORM_ALIASES: dict[str, SetupPlatform] = {
    "github": "github-actions",
    "ado": "azure-devops",
    "k8s": "kubernetes",
    "aks": "kubernetes",
    "terraform": "terraform-cloud",
    "tfc": "terraform-cloud",
}
Severity = Literal["error", "warning", "info"]
TargetKind = Literal["application", "managed-identity"]


class SetupInputError(ValueError):
    """Inputs that cannot make a credential: one (field, message) per problem."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class Why:
    field: str  # "issuer", "subject", "audience", "expression", "name"
    value: str
    reason: str


@dataclass(frozen=True)
class SetupWarning:
    # "too-broad", "credential-limit", "duplicate", "other-subject-form", "already-exists", ...
    id: str
    severity: Severity
    message: str
    # A subject worth creating as well (the other GitHub subject form), when there is one.
    alternative_subject: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "alternative_subject": self.alternative_subject,
        }


@dataclass(frozen=True)
class ProposedCredential:
    name: str
    issuer: str
    subject: str | None
    audience: str
    expression: str | None = None
    description: str | None = None
    whys: tuple[Why, ...] = ()
    # The existing credential this one updates in place (an update-credential remedy), by name.
    replaces: str | None = None

    @property
    def audiences(self) -> tuple[str, ...]:
        return (self.audience,)

    def as_fic(self) -> FederatedCredential:
        return FederatedCredential(
            name=self.name,
            issuer=self.issuer,
            subject=self.subject,
            audiences=self.audiences,
            description=self.description,
            expression=self.expression,
            language_version=1 if self.expression is not None else None,
            source="setup",
        )

    def as_dict(self) -> dict[str, Any]:
        """The credential as the JSON contract names it (and as Graph takes it)."""
        body: dict[str, Any] = {
            "name": self.name,
            "issuer": self.issuer,
            "subject": self.subject,
            "audiences": list(self.audiences),
        }
        if self.expression is not None:
            body["claimsMatchingExpression"] = {"value": self.expression, "languageVersion": 1}
        if self.description:
            body["description"] = self.description
        return body


@dataclass(frozen=True)
class Target:
    """The identity that will trust the workload."""

    kind: TargetKind | None = None
    client_id: str | None = None
    resource_id: str | None = None  # a user-assigned managed identity's ARM resource ID
    cloud: str = "public"

    @property
    def mi_parts(self) -> tuple[str, str, str] | None:
        """(subscription, resource group, identity name) of a managed identity's resource ID."""
        from wifdoctor.core.setup.validate import parse_identity_id

        return parse_identity_id(self.resource_id) if self.resource_id else None


@dataclass(frozen=True)
class Proposal:
    platform: SetupPlatform
    credentials: tuple[ProposedCredential, ...]
    target: Target
    warnings: tuple[SetupWarning, ...] = ()
    # The platform inputs as understood (repo, namespace, ...), for the workload-side snippets.
    inputs: dict[str, str] = field(default_factory=dict)
    from_token: bool = False

    @property
    def credential(self) -> ProposedCredential:
        return self.credentials[0]

    def with_warnings(self, extra: tuple[SetupWarning, ...]) -> Proposal:
        return Proposal(
            self.platform,
            self.credentials,
            self.target,
            self.warnings + extra,
            self.inputs,
            self.from_token,
        )
