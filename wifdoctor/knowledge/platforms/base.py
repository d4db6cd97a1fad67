"""The shape every platform module fills in: recognition, subject parsing, claim explanations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

# Platform IDs of the JSON contract (docs/cli.md): token.platform is one of these.
PlatformId = Literal[
    "github-actions",
    "azure-devops",
    "kubernetes",
    "gitlab",
    "terraform-cloud",
    "bitbucket",
    "circleci",
    "buildkite",
    "google",
    "aws",
    "spiffe",
    "jenkins",
    "entra-managed-identity",
    "unknown",
]


@dataclass(frozen=True)
class Recognition:
    """Which platform issued a token, and how sure we are."""

    platform: PlatformId
    display_name: str
    # A finer label where it matters: "ghec-enterprise-issuer", "ghes", "aks", "vstoken-issuer", ...
    variant: str | None = None
    # "issuer" when the iss pattern alone decided; "claims" when distinctive claims decided.
    basis: Literal["issuer", "claims", "subject"] = "issuer"
    # Facts worth telling the user about this variant (one line each).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubjectPart:
    """One named piece of a subject, e.g. ("repository", "contoso/api", "the repository ...")."""

    name: str
    value: str
    explanation: str


@dataclass(frozen=True)
class ParsedSubject:
    """A subject split into named parts.

    ``shape`` names the format (stable, used by the rules that compare two subjects):
    e.g. "github-default", "github-immutable", "github-custom", "ado-service-connection",
    "ado-entra-service-connection", "ado-pipeline", "kubernetes-service-account", "gitlab-default",
    "gitlab-custom", "terraform-workspace-run", ...
    ``parts`` are in the order they appear in the subject.
    """

    platform: PlatformId
    shape: str
    parts: tuple[SubjectPart, ...]
    notes: tuple[str, ...] = ()

    def get(self, name: str) -> str | None:
        for part in self.parts:
            if part.name == name:
                return part.value
        return None

    def as_dict(self) -> dict[str, str]:
        return {part.name: part.value for part in self.parts}


Claims = Mapping[str, object]


@dataclass(frozen=True)
class Platform:
    """Everything wifdoctor knows about one workload platform's tokens."""

    id: PlatformId
    display_name: str
    # Returns a Recognition when iss (and, where needed, claims) belong to this platform.
    recognize: Callable[[str, Claims], Recognition | None]
    # Splits a subject of this platform into parts; None when it is not one of its shapes.
    parse_subject: Callable[[str], ParsedSubject | None]
    # One-line explanations of this platform's own claims (standard claims are explained centrally).
    claim_explanations: Mapping[str, str] = field(default_factory=dict)
    # The usual token lifetime, as said to a user ("5 minutes", "1 hour (configurable)").
    usual_lifetime: str | None = None
    usual_lifetime_seconds: int | None = None
    # The audience the platform puts in `aud` when nobody asks for one ("https://github.com/<owner>").
    default_audience: str | None = None
    # Where the user reads more.
    docs: tuple[str, ...] = ()
