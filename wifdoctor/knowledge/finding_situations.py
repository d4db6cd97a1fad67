"""When each finding of the catalogue applies: one paragraph per ID, for `wifdoctor findings ID`
and docs/findings.md (generated from here and findings_catalogue by scripts/findings_doc.py).

The facts are those of the project's finding contract; the wording is written for a reader who
meets the ID in a report. Every ID of the catalogue has an entry (a test checks it).
"""

from __future__ import annotations

SITUATIONS: dict[str, str] = {
    # Getting the token
    "token-permission-missing": (
        "The job was not allowed to ask its platform for an ID token. On GitHub the job lacks "
        "`permissions: id-token: write`, so ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are not set; "
        "a job-level `permissions:` block replaces the workflow-level one."
    ),
    "token-request-failed": (
        "The platform's token endpoint could not be reached or answered with an error (a proxy "
        "on a self-hosted runner, a 401 from the Azure DevOps OIDC endpoint, GHES). The real "
        "HTTP status and body are shown."
    ),
    "token-request-wrong-method": (
        "A GitHub-style GET was sent to the Azure DevOps OIDC endpoint, which wants a POST with "
        "`serviceConnectionId` and answers HTTP 405 otherwise."
    ),
    "token-empty-or-malformed": (
        "The assertion is empty, cut off, quoted, carries whitespace or newlines, is not three "
        "base64url parts, or its parts are not JSON. Entra strips nothing (AADSTS50027)."
    ),
    "token-wrong-kind": (
        "The value is a token, but not the workload's ID token: an Entra access token, Azure "
        "DevOps' System.AccessToken, GitHub's ACTIONS_ID_TOKEN_REQUEST_TOKEN, the default "
        "Kubernetes service-account token instead of the projected azure-identity-token, a JWE."
    ),
    "client-settings-missing": (
        "The client ID or tenant ID is empty (secrets out of scope: environment secrets, "
        "Dependabot runs, forks), or the variables the SDK reads are missing (AZURE_CLIENT_ID, "
        "AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST, SYSTEM_OIDCREQUESTURI)."
    ),
    "workload-identity-not-injected": (
        "Kubernetes: the workload identity webhook did not change the pod (the feature is off, "
        'the label `azure.workload.identity/use: "true"` is missing, or the annotation is on '
        "the wrong object)."
    ),
    "token-scope-task-only": (
        "Azure DevOps: the ID token and service principal variables exist only inside the task "
        "that asked for them (`addSpnToEnvironment`); a later step cannot use them."
    ),
    # The token itself
    "token-expired": (
        "`exp` has passed (AADSTS700024). The finding says by how much, from the error's own "
        "Current time and expiry time when only the error is given, and the platform's usual "
        "token lifetime."
    ),
    "token-not-yet-valid": (
        "`nbf` or `iat` lies in the future: by more than five minutes on the token alone, by any "
        "amount when Entra refused it with AADSTS700024 before it expired (its 'assertion valid "
        "from' after its 'Current time'). The finding says by how much."
    ),
    "token-lifetime-too-long": (
        "`exp - iat` is more than a day and an hour, or `iat` is missing (AADSTS70023)."
    ),
    "clock-skew": (
        "The local clock, the token's `iat` and a server's Date header disagree by more than "
        "a minute; or a client found the ID token Entra had just issued out of time by this "
        "machine's clock (MSAL, in az login and azure-identity: 'The ID token is not yet valid "
        "... Current epoch = ...'), which says how far this clock is off."
    ),
    "token-refresh-missing": (
        "The tool exchanged a stale assertion: a long job that never fetched a new token (Azure "
        "CLI 2.59.0, older Terraform providers, Az PowerShell after the access token's hour)."
    ),
    "signature-invalid": "The signature does not verify with the keys the issuer publishes.",
    "signing-key-not-published": (
        "The token's `kid` is not in the issuer's JWKS, or the JWKS has more than 100 keys "
        "(AADSTS7000272)."
    ),
    "algorithm-unsupported": (
        "Signed with something other than RS256 (which Entra does not document), or `alg: none`."
    ),
    # Issuer
    "issuer-trailing-slash": (
        "The token's issuer and the credential's differ only by a trailing `/`. GitHub's issuer "
        "has none; AKS's ends with one."
    ),
    "issuer-case-mismatch": "The issuers differ only in letter case.",
    "issuer-whitespace": "The credential's or the token's issuer has spaces before or after it.",
    "issuer-mismatch": (
        "No credential has the token's issuer, and no more precise issuer finding explains why."
    ),
    "issuer-unreachable": (
        "`{iss}/.well-known/openid-configuration` or its `jwks_uri` cannot be fetched over "
        "public HTTPS, is not JSON, or names another issuer (AADSTS90061, 50166, 501661)."
    ),
    "issuer-not-public": (
        "The issuer is an address Entra can never reach: in-cluster (kubernetes.default.svc), "
        "private (RFC 1918), localhost, or a GHES host inside a network."
    ),
    "issuer-github-enterprise": (
        "GitHub Enterprise Cloud's own issuer (`https://token.actions.githubusercontent.com/"
        "<slug>`) on one side and the plain one on the other, or GHES `/_services/token`."
    ),
    "issuer-azure-devops-migration": (
        "Azure DevOps issuer generations are mixed: `https://vstoken.dev.azure.com/<org-id>` "
        "(or app.vstoken.visualstudio.com) against `https://login.microsoftonline.com/<tenant>/"
        "v2.0`, whose subjects have the /eid1/ form."
    ),
    # Subject
    "subject-case-mismatch": (
        "The subjects are equal when case is ignored and different otherwise (AADSTS7002138); "
        "the finding points at the characters."
    ),
    "subject-entity-mismatch": (
        "GitHub: the credential expects one kind of subject (environment, branch, tag, pull "
        "request) and the job produced another. GitHub picks environment, then pull_request, "
        "then ref; the finding names the workflow setting behind it."
    ),
    "subject-ref-not-covered": (
        "Same repository and kind, but no credential for this branch or tag (classic "
        "credentials have no wildcards); a flexible credential or an environment covers it."
    ),
    "subject-format-typo": (
        "A known hand-made mistake: `pull-request` for `pull_request`, `environment/` for "
        "`environment:`, `refs/tag/` for `refs/tags/`, `refs:` for `ref:`, whitespace."
    ),
    "subject-custom-template": (
        "GitHub subject customisation (`include_claim_keys`) gives the token another shape "
        "than the default `repo:OWNER/REPO:...` the credential has, or the reverse."
    ),
    "subject-immutable-ids": (
        "GitHub immutable subjects (`repo:owner@<owner-id>/repo@<repo-id>:...`) on one side and "
        "the name form on the other."
    ),
    "subject-renamed": (
        "An organisation, repository, project, service connection or namespace was renamed: "
        "the shape is the same, a name differs (Azure DevOps `sc://org/project/connection`)."
    ),
    "subject-controller-account": (
        "Kubernetes: the token is a controller's service account (KEDA `keda:keda-operator`, "
        "external-secrets, ...), not the workload's."
    ),
    "subject-mismatch": (
        "No credential has the token's subject, and no more precise subject finding explains why."
    ),
    "flexible-expression-no-match": (
        "A claims-matching expression exists but does not match the token (AADSTS7002131); "
        "the finding shows the clause that failed."
    ),
    "flexible-expression-unsupported": (
        "The expression uses an issuer, claim or operator that flexible credentials do not "
        "support, or it is on an identity type that does not support them."
    ),
    # Audience
    "audience-mismatch": (
        "The token's `aud` does not contain the credential's audience (AADSTS700212): the "
        "platform's default audience (`https://github.com/<org>`, `https://gitlab.com`), another "
        "cloud's (`...USGov`, `...China`), `api://AKSIdentityBinding`."
    ),
    # Identity and tenant
    "client-id-not-found": (
        "The client ID is not an application in this tenant (AADSTS700016): another tenant, or "
        "an object ID or resource ID used as the client ID."
    ),
    "no-federated-credentials": (
        "The identity has no federated credential at all (AADSTS70025): it is on another app or "
        "managed identity, was deleted, or has not propagated yet."
    ),
    "credential-on-other-identity": (
        "A credential matching the token exists, but on another app or managed identity than "
        "the client ID used."
    ),
    "identity-type-unsupported": (
        "Federated credentials where they cannot work: a system-assigned managed identity, a "
        "multi-tenant app with the Entra-issued Azure DevOps issuer (AADSTS70052), Entra-issued "
        "or chained assertions (AADSTS700222, 700229, 700231, 700236), a Microsoft first-party "
        "application as the client (AADSTS700223 when Entra's text says \"Only AAD-issued tokens "
        'may be used for first-party application federated identity flows").'
    ),
    "conditional-access-blocked": (
        "Conditional Access for workload identities blocked the token (AADSTS53003); the policy "
        "and its condition (location, risk) are named when Graph can be read."
    ),
    "tenant-policy-restriction": (
        "A tenant-wide restriction on federation: GitHub's `enterprise` claim requirement "
        "(AADSTS7002381), issuer restrictions (AADSTS700238, and AADSTS700223 as Azure DevOps "
        "describes it: federation constrained or disabled on the tenant), sovereign cloud blocks "
        "(AADSTS900382)."
    ),
    "authorization-missing": (
        "The exchange worked but the identity may not do the job: no role assignment on the "
        'subscription or resource ("No subscriptions found"), 401 or 403 from ARM.'
    ),
    "client-secret-expected": (
        "The task or tool still expects a client secret (`serviceprincipalkey`) and cannot use "
        "a federated connection."
    ),
    # Credential hygiene
    "credential-limit-reached": (
        "The identity already has 20 federated credentials, or a new one would exceed that."
    ),
    "credential-duplicate": (
        "Two credentials with the same issuer and subject, or a create that collides with one "
        "(InvalidFederatedIdentityCredentialValue)."
    ),
    "credential-invalid-field": (
        "A field Entra rejects or never matches: an empty issuer, subject or audience; a name "
        "outside 3-120 characters of `[A-Za-z0-9_-]` starting with a letter or digit; more than "
        "600 characters; more than one audience; wildcards in a classic credential."
    ),
    "credential-concurrent-writes": (
        "Credentials written in parallel on one user-assigned managed identity "
        "(ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity)."
    ),
    "credential-too-broad": (
        "A credential or expression trusts more than is likely meant: `repo:org/*`, any pull "
        "request, any branch of a repository others can push to."
    ),
    "credential-propagation": (
        "The configuration matches, but the credential is new or was just edited: Entra's "
        "caches take minutes. Retry, or delete and re-create a stale record."
    ),
    "configuration-matches": (
        "Issuer, subject and audience match a credential exactly: whatever failed is not the "
        "matching."
    ),
    "platform-incident": (
        "The evidence fits a service-side outage rather than configuration, for example "
        "AADSTS50166 on many connections at once."
    ),
}
