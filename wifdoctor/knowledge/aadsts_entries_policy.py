"""AADSTS codes of flexible credentials (reference section A.5), tenant restrictions on federation
(A.6) and Conditional Access (A.9)."""

from __future__ import annotations

from wifdoctor.knowledge.aadsts_base import AadstsEntry, entry
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    CA_WORKLOAD_DOC,
    ERROR_CODES_DOC,
    FLEXIBLE_DOC,
    GITHUB_OIDC_DOC,
)

_ASK_ADMIN = "Ask the tenant's administrators which issuers and identity types federation allows."

FLEXIBLE: tuple[AadstsEntry, ...] = (
    entry(
        700233,
        name="FederatedIdentityCredentialInvalidExpression",
        title="The claims-matching expression does not parse",
        message="Federated Identity Credential expression parsing failed",
        meaning="The flexible credential's claimsMatchingExpression has a syntax error.",
        causes=(
            "Quotes wrong around the comparand (single quotes are required)",
            "A claim not written as claims['name']",
            "An unknown operator",
        ),
        remedy=(
            "Rewrite the expression as claims['<claim>'] <operator> '<value>', clauses joined "
            "with 'and', operators eq or matches.",
        ),
        finding_ids=("flexible-expression-unsupported", "credential-invalid-field"),
        docs=(FLEXIBLE_DOC,),
        confidence="secondary",
    ),
    entry(
        700234,
        name="FederatedIdentityCredentialExpressionEvaluationException",
        title="The claims-matching expression failed while being evaluated",
        message="Federated Identity Credential expression evaluation failed",
        meaning=(
            "The expression parsed, but comparing it with the token failed at run time, for "
            "example because the claim's type does not fit the comparand."
        ),
        causes=("A claim value whose type does not fit the comparison",),
        remedy=(
            "Compare only the string claims flexible credentials support (sub, and for GitHub "
            "job_workflow_ref).",
        ),
        finding_ids=("flexible-expression-unsupported", "flexible-expression-no-match"),
        docs=(FLEXIBLE_DOC,),
        confidence="secondary",
    ),
    entry(
        700235,
        title="This identity cannot use claims-matching expressions",
        message=(
            "The federated identity credentials flow does not support credentials matching via "
            "expression at this time"
        ),
        meaning=(
            "A flexible credential was used on an object type that does not support it (at first: "
            "managed identities). The symbolic name is known only in truncated form "
            "(FederatedIdentityFlexibleF...)."
        ),
        causes=("A claims-matching expression on a managed identity's federated credential",),
        remedy=(
            "Put the flexible credential on an app registration, or use exact-subject credentials.",
        ),
        finding_ids=("flexible-expression-unsupported", "identity-type-unsupported"),
        docs=(FLEXIBLE_DOC,),
        confidence="secondary",
    ),
    entry(
        700237,
        name="FederatedIdentityCredentialExpressionNotAllowed",
        title="The expression uses an operator or claim not allowed for this issuer",
        message="Federated Identity Credential expression not allowed",
        meaning="The expression uses an operator or a claim that is not allowed for the issuer.",
        causes=(
            "A claim other than sub (or GitHub's job_workflow_ref)",
            "An operator other than eq, matches and 'and'",
        ),
        remedy=("Use only the claims and operators documented for the issuer.",),
        finding_ids=("flexible-expression-unsupported",),
        docs=(FLEXIBLE_DOC,),
        confidence="secondary",
    ),
    entry(
        7002241,
        name="FederatedIdentityFflBlockedIssuer",
        title="This issuer may not use claims-matching expressions",
        message="Issuer '{issuer}' may not use credentials matching via expression.",
        meaning=(
            "Flexible credentials accept only some issuers (GitHub Actions, GitLab, Terraform "
            "Cloud); this one is not among them."
        ),
        causes=("A flexible credential for an issuer outside the supported list",),
        remedy=("Use exact-subject credentials for this issuer (one per subject).",),
        finding_ids=("flexible-expression-unsupported",),
        docs=(FLEXIBLE_DOC,),
        confidence="secondary",
    ),
)

TENANT: tuple[AadstsEntry, ...] = (
    entry(
        700223,
        title="Federation is constrained or disabled in this tenant",
        message=(
            "Workload identity federation is constrained or disabled on the Microsoft Entra tenant."
        ),
        # Two wordings are public. Azure DevOps's troubleshooting page describes the code as
        # federation constrained or disabled on the tenant (tenant-policy-restriction, the code's
        # default here). The one Entra text seen in the field, Azure/azure-workload-identity#1274,
        # is "Only AAD-issued tokens may be used for first-party application federated identity
        # flows": the client is a first-party app, and the message pattern
        # "first-party-app-external-token" (messages_field.py) concludes identity-type-unsupported.
        meaning=(
            "The tenant limits workload identity federation (Azure DevOps's description of this "
            "code; how tenants set this up is not public). When Entra's text says only "
            "AAD-issued tokens may be used for first-party application flows, the client ID is "
            "a Microsoft first-party application instead."
        ),
        causes=("A tenant-level restriction on workload identity federation",),
        remedy=(
            _ASK_ADMIN,
            "Azure DevOps suggests a managed identity for federation instead.",
        ),
        finding_ids=("tenant-policy-restriction",),
        docs=(ADO_TROUBLESHOOT_DOC,),
        confidence="verified",
    ),
    entry(
        700238,
        title="This issuer may not federate with this kind of identity in this tenant",
        message=(
            "Workload identity federation has been constrained on the Microsoft Entra tenant. The "
            "issuer ... isn't allowed to use workload identity federation with the workload "
            "identity type (App registration and/or Managed identity) you're using."
        ),
        meaning=(
            "The tenant allows federation only for some issuers and identity types, and this "
            "combination is not one. Also reported as the last blocker for a US Government to "
            "commercial cloud managed-identity trust."
        ),
        causes=(
            "The tenant restricts which issuers may federate with app registrations or managed "
            "identities",
        ),
        remedy=(_ASK_ADMIN, "The tenant's administrators must allow the issuer for that type."),
        finding_ids=("tenant-policy-restriction",),
        docs=(ADO_TROUBLESHOOT_DOC,),
        confidence="verified",
    ),
    entry(
        7002381,
        title="The tenant requires GitHub tokens from a particular enterprise",
        message="",
        meaning=(
            "Named in wifdoctor's finding catalogue: a tenant restriction that accepts GitHub "
            "Actions tokens only when they carry the expected enterprise claim. No Microsoft "
            "source was found for the code or its wording; treat it as a hint."
        ),
        causes=(
            "The repository is not in the GitHub enterprise the tenant allows, so the token has "
            "no (or another) enterprise claim",
        ),
        remedy=(
            "Decode the token and check its enterprise claim.",
            "Run the workflow from a repository of the allowed enterprise, or ask the tenant's "
            "administrators about the restriction.",
        ),
        finding_ids=("tenant-policy-restriction",),
        docs=(GITHUB_OIDC_DOC,),
        confidence="unverified",
    ),
    entry(
        70052,
        title="The Azure DevOps Entra issuer needs a single-tenant app or a managed identity",
        message=(
            "The identity must be a managed identity, a single tenant app, or a service account"
        ),
        meaning=(
            "Tokens from Azure DevOps's Entra issuer are not accepted for multi-tenant app "
            "registrations (signInAudience AzureADMultipleOrgs)."
        ),
        causes=("The service connection's app registration is multi-tenant",),
        remedy=(
            "Use a single-tenant app registration (AzureADMyOrg) or a user-assigned managed "
            "identity.",
        ),
        finding_ids=("identity-type-unsupported",),
        docs=(ADO_TROUBLESHOOT_DOC,),
        confidence="verified",
    ),
)

CONDITIONAL_ACCESS: tuple[AadstsEntry, ...] = (
    # Azure/azure-workload-identity docs/book/src/known-issues.md: creating a federated credential
    # with `az rest` as a user fails with AADSTS50005 when Conditional Access requires a compliant
    # device platform for Graph.
    entry(
        50005,
        title="Conditional Access refused the device platform of the sign-in",
        message=(
            "User tried to log in to a device from a platform ({platform}) that's currently not "
            "supported through Conditional Access policy."
        ),
        meaning=(
            "A Conditional Access policy on the signed-in user (not the workload) requires a "
            "supported, often compliant, device platform; a shell or container with an unknown "
            "platform is refused. It blocks writing federated credentials with az rest / Graph."
        ),
        causes=("A Conditional Access policy that requires a device platform for Graph",),
        remedy=(
            "Run the command from a supported, compliant device, or with `az login --scope "
            "https://graph.microsoft.com//.default` in a browser session on one.",
            "Or create the credential in the portal, or with an identity the policy excludes.",
        ),
        finding_ids=("conditional-access-blocked",),
        confidence="observed",
    ),
    entry(
        53003,
        name="BlockedByConditionalAccess",
        title="Conditional Access blocked the token",
        message=(
            "Access has been blocked by Conditional Access policies. The access policy does not "
            "allow token issuance."
        ),
        meaning=(
            "A Conditional Access policy for workload identities blocked issuance, typically by "
            "location (the runner's IP is outside the allowed named locations) or by service "
            "principal risk. Such policies cover single-tenant service principals owned by the "
            "organisation, not managed identities; their only grant control is Block. The sign-in "
            "log says 'Access has been blocked due to Conditional Access policies.'"
        ),
        causes=(
            "The runner's egress IP is not in an allowed named location",
            "The service principal's risk level triggers a policy",
        ),
        remedy=(
            "Find the policy in the sign-in log (appliedConditionalAccessPolicies) by correlation "
            "ID.",
            "Add the runner's egress IPs to the named location, exclude the service principal, "
            "or remediate its risk.",
        ),
        finding_ids=("conditional-access-blocked",),
        docs=(CA_WORKLOAD_DOC, ERROR_CODES_DOC),
        confidence="verified",
    ),
    entry(
        530032,
        name="BlockedByConditionalAccessOnSecurityPolicy",
        title="A tenant security policy blocked the sign-in",
        message="",
        meaning="The tenant's security policy blocked the request.",
        causes=("A tenant-wide security policy",),
        remedy=("Review the tenant's security policies with its administrators.",),
        finding_ids=("conditional-access-blocked", "tenant-policy-restriction"),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        50053,
        name="IdsLocked",
        title="The sign-in was blocked (locked account or malicious IP address)",
        message="",
        meaning=(
            "Mostly a user account lock-out. Its other meaning, a sign-in blocked because it came "
            "from an IP address with malicious activity, could hit a runner with a poor IP "
            "reputation; that is unconfirmed for workload identities."
        ),
        causes=("The runner's IP address is flagged for malicious activity",),
        remedy=(
            "Read the failure reason in the sign-in log; try a runner with another egress IP.",
        ),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        confidence="unverified",
    ),
    entry(
        50131,
        name="ConditionalAccessFailed",
        title="Conditional Access failed",
        message="",
        meaning="A generic Conditional Access failure.",
        causes=("A Conditional Access policy applies to this sign-in",),
        remedy=("Find the applied policies in the sign-in log by correlation ID.",),
        finding_ids=("conditional-access-blocked",),
        docs=(CA_WORKLOAD_DOC, ERROR_CODES_DOC),
        confidence="verified",
    ),
)

ENTRIES: tuple[AadstsEntry, ...] = (*FLEXIBLE, *TENANT, *CONDITIONAL_ACCESS)
