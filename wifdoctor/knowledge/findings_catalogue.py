"""The stable finding IDs of spec/findings.md, with their default severity, title and docs.

An ID, once shipped, never changes meaning; new ones may be added, none removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

LEARN = "https://learn.microsoft.com"
WIF_DOC = f"{LEARN}/entra/workload-id/workload-identity-federation"
CONSIDERATIONS_DOC = f"{LEARN}/entra/workload-id/workload-identity-federation-considerations"
CREATE_TRUST_DOC = f"{LEARN}/entra/workload-id/workload-identity-federation-create-trust"
FLEXIBLE_DOC = (
    f"{LEARN}/entra/workload-id/workload-identities-flexible-federated-identity-credentials"
)
IMMUTABLE_DOC = f"{LEARN}/entra/workload-id/workload-identities-github-immutable-subjects"
MI_AS_FIC_DOC = (
    f"{LEARN}/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity"
)
BREAKING_CHANGES_DOC = f"{LEARN}/entra/identity-platform/reference-breaking-changes#august-2024"
ERROR_CODES_DOC = f"{LEARN}/entra/identity-platform/reference-error-codes"
ADO_TROUBLESHOOT_DOC = f"{LEARN}/azure/devops/pipelines/release/troubleshoot-workload-identity"
GITHUB_OIDC_DOC = "https://docs.github.com/actions/reference/security/oidc"
GITHUB_AZURE_DOC = "https://docs.github.com/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-azure"
AKS_WI_DOC = f"{LEARN}/azure/aks/workload-identity-overview"
AWI_TROUBLESHOOT_DOC = "https://azure.github.io/azure-workload-identity/docs/troubleshooting.html"
CA_WORKLOAD_DOC = f"{LEARN}/entra/identity/conditional-access/workload-identity"
GRAPH_FIC_DOC = f"{LEARN}/graph/api/resources/federatedidentitycredential"
CERT_CREDENTIALS_DOC = f"{LEARN}/entra/identity-platform/certificate-credentials"
AZURE_LOGIN_DOC = "https://github.com/Azure/login#readme"


@dataclass(frozen=True)
class FindingSpec:
    id: str
    severity: Severity
    title: str
    docs: tuple[str, ...]


def _spec(id: str, severity: Severity, title: str, *docs: str) -> FindingSpec:
    return FindingSpec(id=id, severity=severity, title=title, docs=docs)


_SPECS: tuple[FindingSpec, ...] = (
    # Getting the token
    _spec(
        "token-permission-missing", "error", "The job may not request an ID token", GITHUB_AZURE_DOC
    ),
    _spec(
        "token-request-failed",
        "error",
        "The platform's token endpoint failed",
        ADO_TROUBLESHOOT_DOC,
    ),
    _spec(
        "token-request-wrong-method",
        "error",
        "The Azure DevOps OIDC endpoint was called the GitHub way",
        ADO_TROUBLESHOOT_DOC,
    ),
    _spec(
        "token-empty-or-malformed",
        "error",
        "The assertion is not a well-formed JWT",
        ERROR_CODES_DOC,
    ),
    _spec("token-wrong-kind", "error", "This is a token, but not the workload's ID token", WIF_DOC),
    _spec(
        "client-settings-missing",
        "error",
        "Client ID, tenant ID or the SDK's environment variables are missing",
        f"{LEARN}/python/api/azure-identity/azure.identity.workloadidentitycredential",
    ),
    _spec(
        "workload-identity-not-injected",
        "error",
        "The workload identity webhook did not set up this pod",
        AKS_WI_DOC,
        AWI_TROUBLESHOOT_DOC,
    ),
    _spec(
        "token-scope-task-only",
        "warning",
        "The ID token exists only inside the task that requested it",
        ADO_TROUBLESHOOT_DOC,
    ),
    # The token itself
    _spec("token-expired", "error", "The token had expired when it was exchanged", ERROR_CODES_DOC),
    _spec("token-not-yet-valid", "error", "The token is not valid yet", ERROR_CODES_DOC),
    _spec(
        "token-lifetime-too-long",
        "error",
        "The token lives longer than Entra accepts (or has no iat)",
        CONSIDERATIONS_DOC,
    ),
    _spec("clock-skew", "warning", "Clocks disagree by more than a minute", ERROR_CODES_DOC),
    _spec(
        "token-refresh-missing",
        "error",
        "A stale assertion was reused instead of fetching a fresh one",
        AZURE_LOGIN_DOC,
    ),
    _spec("signature-invalid", "error", "The signature does not verify", WIF_DOC),
    _spec(
        "signing-key-not-published",
        "error",
        "The signing key is not in the issuer's published keys",
        WIF_DOC,
    ),
    _spec(
        "algorithm-unsupported", "warning", "The token is not signed with RS256", CONSIDERATIONS_DOC
    ),
    # Issuer
    _spec(
        "issuer-trailing-slash",
        "error",
        "Issuer differs only by a trailing slash",
        CREATE_TRUST_DOC,
    ),
    _spec(
        "issuer-case-mismatch", "error", "Issuer differs only in letter case", BREAKING_CHANGES_DOC
    ),
    _spec(
        "issuer-whitespace", "error", "Issuer has leading or trailing whitespace", CREATE_TRUST_DOC
    ),
    _spec(
        "issuer-mismatch",
        "error",
        "No federated credential has the token's issuer",
        CREATE_TRUST_DOC,
    ),
    _spec(
        "issuer-unreachable",
        "error",
        "Entra could not fetch the issuer's discovery document or keys",
        CONSIDERATIONS_DOC,
    ),
    _spec("issuer-not-public", "error", "The issuer is not reachable from the internet", WIF_DOC),
    _spec(
        "issuer-github-enterprise",
        "error",
        "GitHub enterprise issuer and plain issuer are mixed up",
        GITHUB_OIDC_DOC,
    ),
    _spec(
        "issuer-azure-devops-migration",
        "error",
        "Azure DevOps issuer generations are mixed up",
        ADO_TROUBLESHOOT_DOC,
    ),
    # Subject
    _spec(
        "subject-case-mismatch",
        "error",
        "Subject differs only in letter case",
        BREAKING_CHANGES_DOC,
    ),
    _spec(
        "subject-entity-mismatch",
        "error",
        "The credential expects another kind of GitHub subject",
        GITHUB_OIDC_DOC,
    ),
    _spec(
        "subject-ref-not-covered",
        "error",
        "No federated credential covers this branch or tag",
        FLEXIBLE_DOC,
    ),
    _spec(
        "subject-format-typo", "error", "The credential's subject has a known typo", GITHUB_OIDC_DOC
    ),
    _spec(
        "subject-custom-template",
        "error",
        "A customised GitHub subject template changes the subject's shape",
        GITHUB_OIDC_DOC,
    ),
    _spec(
        "subject-immutable-ids",
        "error",
        "GitHub immutable-ID subject on one side, name form on the other",
        IMMUTABLE_DOC,
    ),
    _spec("subject-renamed", "error", "Same subject shape, different names (a rename?)", WIF_DOC),
    _spec(
        "subject-controller-account",
        "warning",
        "The token belongs to a controller's service account",
        AKS_WI_DOC,
    ),
    _spec("subject-mismatch", "error", "No federated credential has the token's subject", WIF_DOC),
    _spec(
        "flexible-expression-no-match",
        "error",
        "A claims-matching expression exists but does not match",
        FLEXIBLE_DOC,
    ),
    _spec(
        "flexible-expression-unsupported",
        "error",
        "The claims-matching expression uses something flexible credentials do not support",
        FLEXIBLE_DOC,
    ),
    # Audience
    _spec(
        "audience-mismatch",
        "error",
        "The token's audience does not contain the credential's audience",
        CREATE_TRUST_DOC,
    ),
    # Identity and tenant
    _spec(
        "client-id-not-found",
        "error",
        "The client ID is not an application in this tenant",
        ERROR_CODES_DOC,
    ),
    _spec(
        "no-federated-credentials", "error", "The identity has no federated credentials", WIF_DOC
    ),
    _spec(
        "credential-on-other-identity",
        "error",
        "The matching credential is on another identity",
        WIF_DOC,
    ),
    _spec(
        "identity-type-unsupported",
        "error",
        "This kind of identity or assertion cannot use federation this way",
        MI_AS_FIC_DOC,
    ),
    _spec(
        "conditional-access-blocked",
        "error",
        "Conditional Access blocked the token",
        CA_WORKLOAD_DOC,
    ),
    _spec(
        "tenant-policy-restriction",
        "error",
        "A tenant-level restriction blocks this federation",
        ADO_TROUBLESHOOT_DOC,
    ),
    _spec(
        "authorization-missing",
        "error",
        "Signed in, but the identity has no access to the target",
        f"{LEARN}/azure/role-based-access-control/role-assignments-cli",
    ),
    _spec(
        "client-secret-expected",
        "error",
        "The tool still expects a client secret",
        ADO_TROUBLESHOOT_DOC,
    ),
    # Federated credential hygiene
    _spec(
        "credential-limit-reached",
        "warning",
        "20 federated credentials on one identity",
        CONSIDERATIONS_DOC,
    ),
    _spec(
        "credential-duplicate",
        "warning",
        "Two credentials with the same issuer and subject",
        GRAPH_FIC_DOC,
    ),
    _spec(
        "credential-invalid-field",
        "error",
        "A credential field Entra will reject or never match",
        GRAPH_FIC_DOC,
    ),
    _spec(
        "credential-concurrent-writes",
        "error",
        "Parallel credential writes on one managed identity",
        CONSIDERATIONS_DOC,
    ),
    _spec(
        "credential-too-broad",
        "warning",
        "A credential trusts more than likely intended",
        FLEXIBLE_DOC,
    ),
    _spec(
        "credential-propagation",
        "warning",
        "The configuration matches; the credential may not have propagated yet",
        CONSIDERATIONS_DOC,
    ),
    _spec(
        "configuration-matches",
        "info",
        "Issuer, subject and audience match a federated credential exactly",
        WIF_DOC,
    ),
    _spec(
        "platform-incident",
        "warning",
        "This looks like a service-side problem, not configuration",
        "https://azure.status.microsoft/",
    ),
)

FINDINGS: dict[str, FindingSpec] = {spec.id: spec for spec in _SPECS}


# Titles that fit a platform better than the general one (a Terraform run phase is not "a
# branch or tag").
PLATFORM_TITLES: dict[tuple[str, str], str] = {
    ("subject-ref-not-covered", "terraform-cloud"): "No federated credential covers this run phase",
    ("subject-ref-not-covered", "gitlab"): "No federated credential covers this ref",
    ("subject-renamed", "kubernetes"): "The namespace or service account differs from the "
    "credential's (renamed?)",
}


def title_for(finding_id: str, platform: str | None) -> str:
    """The finding's title, in the platform's own terms where they differ."""
    if platform is not None and (finding_id, platform) in PLATFORM_TITLES:
        return PLATFORM_TITLES[(finding_id, platform)]
    return spec_for(finding_id).title


def spec_for(finding_id: str) -> FindingSpec:
    """The catalogue entry of ``finding_id``; a KeyError here is a programming error."""
    return FINDINGS[finding_id]
