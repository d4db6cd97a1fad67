"""AADSTS codes for 'no federated credential matched' (reference section A.1)."""

from __future__ import annotations

from wifdoctor.knowledge.aadsts_base import (
    AWI_ISSUES,
    AZURE_LOGIN_ISSUES,
    GITLAB_AZURE_DOC,
    UAMI_TRUST_DOC,
    AadstsEntry,
    entry,
)
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    AWI_TROUBLESHOOT_DOC,
    BREAKING_CHANGES_DOC,
    CONSIDERATIONS_DOC,
    CREATE_TRUST_DOC,
    FLEXIBLE_DOC,
    MI_AS_FIC_DOC,
    WIF_DOC,
)

_CHECK = (
    "Check your federated identity credential Subject, Audience and Issuer against the presented "
    "assertion."
)

ENTRIES: tuple[AadstsEntry, ...] = (
    entry(
        70021,
        title="No federated credential matches the token's issuer, subject and audience",
        message=(
            "No matching federated identity record found for presented assertion. "
            "Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'. Assertion Audience: '{aud}'."
        ),
        meaning=(
            "Entra compared the token's issuer, subject and audience with every federated "
            "credential of the identity named by the client ID, and none had all three. This is "
            "the older combined form; newer responses name the field (700211, 700212, 700213). "
            "Microsoft also documents it for a credential created minutes ago that has not "
            "propagated yet."
        ),
        causes=(
            "One of the three values differs, even by one character: matching is exact and "
            "case-sensitive",
            "Trailing slash: an AKS issuer ends with '/', GitHub's issuer has none",
            "The credential was created or edited minutes ago and has not propagated",
            "The client ID is that of another app or managed identity than the one holding the "
            "credential",
            "Azure DevOps: organisation, project or service connection renamed, or the connection "
            "moved from the vstoken issuer to the Entra issuer",
            "GitHub: 'pull-request' written where the subject says 'pull_request'",
        ),
        remedy=(
            "Compare the three quoted values byte for byte with the identity's federated "
            "credentials (az ad app federated-credential list, or az identity "
            "federated-credential list).",
            "Correct the credential to the token's exact values, or add one with them.",
            "If the credential is new, wait a few minutes and retry; retry token requests in code.",
            "Azure DevOps: edit and save the service connection, then copy the issuer and subject "
            "it shows.",
        ),
        finding_ids=(
            "issuer-mismatch",
            "subject-mismatch",
            "audience-mismatch",
            "credential-propagation",
            "no-federated-credentials",
            "issuer-trailing-slash",
            "subject-format-typo",
            "subject-renamed",
            "issuer-azure-devops-migration",
            "credential-on-other-identity",
        ),
        docs=(WIF_DOC, CONSIDERATIONS_DOC, ADO_TROUBLESHOOT_DOC, AWI_TROUBLESHOOT_DOC),
        oauth_error="invalid_client",
        http_status=401,
        confidence="verified",
    ),
    entry(
        700211,
        title="No federated credential has the token's issuer",
        message=(
            "No matching federated identity record found for presented assertion issuer '{iss}'. "
            "Please check your federated identity credential Subject, Audience and Issuer against "
            "the presented assertion. "
            "https://docs.microsoft.com/en-us/azure/active-directory/develop/"
            "workload-identity-federation"
        ),
        meaning=(
            "None of the identity's federated credentials has exactly the issuer of this token, so "
            "Entra did not go on to compare audience or subject."
        ),
        causes=(
            "A trailing slash added or dropped (AKS issuers end with '/')",
            "The AKS issuer of another cluster or region",
            "GitHub Enterprise Cloud issuer with the enterprise slug on one side and the plain "
            "issuer on the other, or a GitHub Enterprise Server issuer (https://HOST/_services/token)",
            "Azure DevOps issuer generations mixed (vstoken.dev.azure.com against "
            "login.microsoftonline.com/<tenant>/v2.0)",
            "An Entra-issued token sent where no managed-identity-as-credential trust exists, for "
            "example another tenant's managed identity token given to az login --federated-token",
            "AKS identity bindings used without the Azure proxy",
        ),
        remedy=(
            "Set the credential's issuer to the token's iss exactly (for AKS: az aks show --query "
            "oidcIssuerProfile.issuerUrl -o tsv).",
            "For Entra-issued tokens, configure a user-assigned managed identity as a federated "
            "credential of the app instead.",
            "For AKS identity bindings, enable the Azure proxy (enableAzureProxy=true on "
            "WorkloadIdentityCredential).",
        ),
        finding_ids=(
            "issuer-mismatch",
            "issuer-trailing-slash",
            "issuer-case-mismatch",
            "issuer-whitespace",
            "issuer-github-enterprise",
            "issuer-azure-devops-migration",
            "identity-type-unsupported",
        ),
        docs=(CREATE_TRUST_DOC, ADO_TROUBLESHOOT_DOC, MI_AS_FIC_DOC, f"{AWI_ISSUES}/1200"),
        oauth_error="invalid_client",
        confidence="verified",
    ),
    entry(
        700212,
        title="The token's audience is not the credential's audience",
        message=(
            "No matching federated identity record found for presented assertion audience "
            f"'{{aud}}'. {_CHECK}"
        ),
        meaning=(
            "A credential with this issuer exists, but its audience is not in the token's aud."
        ),
        causes=(
            "The token carries the platform's default audience (GitLab 'https://gitlab.com', "
            "GitHub 'https://github.com/<owner>') instead of api://AzureADTokenExchange",
            "The audience of another cloud (api://AzureADTokenExchangeUSGov or ...China against "
            "api://AzureADTokenExchange)",
            "AKS identity bindings, whose tokens carry api://AKSIdentityBinding",
            "A custom audience (for example 'openshift') on one side only",
            "The default Kubernetes service-account token instead of the projected one",
        ),
        remedy=(
            "Make the credential's audience equal to the token's aud, or have the platform mint "
            "the token for the credential's audience.",
            "Use the token-exchange audience of the cloud the identity lives in.",
        ),
        finding_ids=("audience-mismatch", "token-wrong-kind"),
        docs=(CREATE_TRUST_DOC, GITLAB_AZURE_DOC),
        oauth_error="invalid_client",
        confidence="observed",
    ),
    entry(
        7002121,
        title="The managed identity token was requested for the wrong audience",
        message=(
            "No matching federated identity record found for presented assertion audience {aud}"
        ),
        meaning=(
            "A sub-code of 700212 reported for a managed identity used as a federated credential: "
            "the managed identity's token was requested for a resource such as "
            "https://management.azure.com/ instead of the token-exchange audience."
        ),
        causes=(
            "The managed identity token was requested for an Azure resource rather than "
            "api://AzureADTokenExchange (or the cloud's variant)",
        ),
        remedy=(
            "Request the managed identity token for api://AzureADTokenExchange/.default (the "
            "cloud's variant outside the public cloud) and send that as the assertion.",
        ),
        finding_ids=("audience-mismatch", "token-wrong-kind"),
        docs=(MI_AS_FIC_DOC,),
        confidence="secondary",
    ),
    entry(
        70022204,
        title="The token-exchange audience of another cloud was presented",
        message="No matching federated identity record found for presented assertion audience",
        meaning=(
            "Named in one MSAL design note for a managed identity token carrying the "
            "token-exchange audience of the wrong cloud. The code itself may be mistyped in that "
            "note."
        ),
        causes=(
            "The managed identity token was requested for another cloud's token-exchange audience",
        ),
        remedy=(
            "Request the token for the token-exchange audience of the cloud the app lives in, and "
            "set the same value as the credential's audience.",
        ),
        finding_ids=("audience-mismatch",),
        docs=(MI_AS_FIC_DOC,),
        confidence="unverified",
    ),
    entry(
        700213,
        title="No federated credential has the token's subject",
        message=(
            "No matching federated identity record found for presented assertion subject '{sub}'. "
            f"{_CHECK} https://learn.microsoft.com/entra/workload-id/workload-identity-federation"
        ),
        meaning=(
            "A credential with the token's issuer and audience exists, but none has its subject "
            "(compared exactly and case-sensitively)."
        ),
        causes=(
            "GitHub: the job produced another kind of subject than the credential expects "
            "(environment, branch, tag or pull_request)",
            "GitHub: a customised subject template changes the subject's shape",
            "GitHub: immutable-ID subjects (repo:owner@id/repo@id:...) on one side only",
            "A branch or tag that no credential covers",
            "Kubernetes: namespace or service account name differs",
            "Azure DevOps: service connection renamed or another connection used",
            "A difference in letter case only",
        ),
        remedy=(
            "Take the subject from the error (or decode the token) and create a credential with "
            "exactly that value, or change the workflow so it produces the subject you trust.",
            "For many branches or tags, consider a flexible credential with a claims-matching "
            "expression.",
            "If the subject really is identical, delete and re-create the credential.",
        ),
        finding_ids=(
            "subject-mismatch",
            "subject-entity-mismatch",
            "subject-ref-not-covered",
            "subject-format-typo",
            "subject-custom-template",
            "subject-immutable-ids",
            "subject-renamed",
            "subject-case-mismatch",
            "subject-controller-account",
            "credential-propagation",
        ),
        docs=(WIF_DOC, CREATE_TRUST_DOC, ADO_TROUBLESHOOT_DOC, f"{AZURE_LOGIN_ISSUES}/617"),
        oauth_error="invalid_client",
        http_status=401,
        confidence="verified",
    ),
    entry(
        7002138,
        title="The subject matches only when letter case is ignored",
        message=(
            "No matching federated identity record found for presented assertion subject '{sub}'. "
            "The subject matches with case-insensitive comparison, but not with case-sensitive "
            f"comparison. {_CHECK} See documentation at: "
            "https://learn.microsoft.com/entra/workload-id/workload-identity-federation. "
            "See breaking change notification and remediation at: "
            "https://learn.microsoft.com/en-us/entra/identity-platform/"
            "reference-breaking-changes#august-2024."
        ),
        meaning=(
            "The credential's subject and the token's subject differ only in upper and lower case. "
            "Entra has compared case-sensitively since the change announced in August 2024."
        ),
        causes=(
            "Owner, repository, environment or service connection name typed with other casing "
            "than the platform emits",
        ),
        remedy=(
            "Change the credential's subject to the exact casing of the token's sub (owner, "
            "repository, environment).",
        ),
        finding_ids=("subject-case-mismatch",),
        docs=(BREAKING_CHANGES_DOC, WIF_DOC, f"{AZURE_LOGIN_ISSUES}/515"),
        oauth_error="invalid_client",
        confidence="verified",
    ),
    entry(
        7002131,
        title="Neither a subject nor a claims-matching expression matched",
        message=(
            "No matching federated identity record found for presented assertion subject '{sub}' "
            "or no federated identity credential expression matched. Please check your federated "
            "identity credential Subject, Expression, Audience and Issuer against the presented "
            "assertion. ..."
        ),
        meaning=(
            "Like 700213, for an app that has flexible credentials: no exact subject and no "
            "claimsMatchingExpression matched the token's claims."
        ),
        causes=(
            "A clause of the expression fails, for example job_workflow_ref does not match",
            "A wildcard pattern narrower than the subjects the workflow produces",
        ),
        remedy=("Evaluate each expression against the token's claims and fix the failing clause.",),
        finding_ids=("flexible-expression-no-match", "subject-mismatch"),
        docs=(FLEXIBLE_DOC,),
        oauth_error="invalid_client",
        confidence="observed",
    ),
    entry(
        7002137,
        title="Entra names the subject it expected",
        message=(
            "No matching federated identity record found for presented assertion subject '{sub}'. "
            "Please make sure the federated identity credential Subject is '{expected}'."
        ),
        meaning=(
            "Seen with Entra-based issuers (subjects like /eid1/c/pub/t/<tenant>/a/<app>/<id>): "
            "Entra tells the subject the credential should have."
        ),
        causes=("The credential's subject is not the one Entra computed for this issuer",),
        remedy=(
            "Set the credential's subject to the value the message suggests, putting the tenant "
            "ID where it shows a tenantId placeholder.",
        ),
        finding_ids=("subject-mismatch",),
        docs=(WIF_DOC,),
        oauth_error="invalid_client",
        http_status=401,
        confidence="observed",
    ),
    entry(
        70025,
        title="The identity has no federated credentials at all",
        message="Client application has no configured federated identity credentials",
        meaning=(
            "The app or user-assigned managed identity behind the client ID has zero federated "
            "credentials. The wording is Azure DevOps's; Entra's own text may differ."
        ),
        causes=(
            "The credential was created on another app or managed identity",
            "The client ID of another object was used (app ID vs managed identity client ID)",
            "The credential was deleted",
            "The credential has not propagated yet",
        ),
        remedy=(
            "Add the federated credential to the object whose client ID the workload uses.",
            "For a managed identity, use its client ID (not its principal ID or resource ID).",
        ),
        finding_ids=(
            "no-federated-credentials",
            "credential-on-other-identity",
            "credential-propagation",
        ),
        docs=(ADO_TROUBLESHOOT_DOC, CREATE_TRUST_DOC, UAMI_TRUST_DOC),
        confidence="verified",
    ),
    entry(
        7000226,
        title="The application has no federated credential for this assertion",
        message=(
            "No federated identity credential policy found on application ({appid}). The "
            "client_assertion used to authenticate the request ..."
        ),
        meaning=(
            "Reported for cross-tenant customer-managed-key setups: the multi-tenant app has no "
            "federated credential, or none matches the assertion. The end of the text is not known."
        ),
        causes=("No federated credential on the multi-tenant app, or it does not match",),
        remedy=("Configure the federated credential on the multi-tenant application.",),
        finding_ids=("no-federated-credentials", "credential-on-other-identity"),
        docs=(MI_AS_FIC_DOC,),
        confidence="secondary",
    ),
)
