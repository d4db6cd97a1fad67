"""Message patterns from SDK credentials, authorisation and federated credential management.

Part of the catalogue in ``messages.py``; the comment above each entry says where its wording
comes from.
"""

from __future__ import annotations

from wifdoctor.knowledge.messages_base import WORD_END, WORD_START, MessagePattern, code_word

CONSUMER_PATTERNS: tuple[MessagePattern, ...] = (
    # --- Azure SDK credentials ----------------------------------------------------------------
    # .NET/Java/Python: "WorkloadIdentityCredential authentication unavailable. The workload options
    # are not fully configured." (Azure/azure-sdk-for-net WorkloadIdentityCredential.cs; Python 1.27
    # workload_identity.py adds "Missing required arguments: 'tenant_id', ..."); JS:
    # "WorkloadIdentityCredential: is unavailable. tenantId, clientId, and federatedTokenFilePath
    # are required parameters." (Azure/azure-sdk-for-js workloadIdentityCredential.ts); Go
    # azidentity workload_identity.go ("no client ID specified. Check pod configuration or set
    # ClientID in the options"); older Python ("'tenant_id' is required. Please pass it in or set
    # the AZURE_TENANT_ID environment variable"); "requires values for the following" is the
    # wording quoted in reference/platform-tokens.md 16.1 (not found in the 1.27 source).
    MessagePattern(
        id="workload-identity-credential-unavailable",
        finding_id="client-settings-missing",
        pattern=r"WorkloadIdentityCredential authentication unavailable\. The workload options are "
        r"not fully configured(?:[^\n]{0,200}?Missing required arguments: "
        r"(?P<variables>[^\n.]{1,200}))?"
        r"|WorkloadIdentityCredential: (?:is unavailable\. )?tenantId, clientId, and "
        r"federatedTokenFilePath are required parameters"
        r"|no (?P<variables__2>client ID|tenant ID) specified\. Check pod configuration"
        r"|is required\. Please pass it in or set the (?P<variables__3>AZURE_[A-Z_]{2,40}) "
        r"environment variable"
        r"|requires values for the following:? (?P<variables__4>[A-Z_][A-Z0-9_, ]{2,200})",
        anchors=(
            "WorkloadIdentityCredential",
            "specified. Check pod configuration",
            "Please pass it in or set the",
            "requires values for the following",
        ),
        meaning="WorkloadIdentityCredential lacks its client ID, tenant ID or token file "
        "(AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE).",
    ),
    # Go azidentity workload_identity.go ("no token file specified. Check pod configuration or set
    # TokenFilePath in the options"); Azure/AppConfiguration-KubernetesProvider#14.
    MessagePattern(
        id="go-workload-token-file-missing",
        finding_id="workload-identity-not-injected",
        pattern=r"no token file specified\. Check pod configuration",
        anchors=("no token file specified",),
        meaning="AZURE_FEDERATED_TOKEN_FILE is not set in the pod: the workload identity webhook "
        "did not mutate it (label azure.workload.identity/use missing, or created before the "
        "service account annotation).",
        platforms=("kubernetes",),
    ),
    # Azure/azure-workload-identity#461 and #665 ("failed to read the service account token from
    # the filesystem" err="open : no such file or directory": the path is empty).
    MessagePattern(
        id="awi-token-path-empty",
        finding_id="workload-identity-not-injected",
        pattern=r"failed to read the service account token from the filesystem[^\n]{0,80}?"
        r"open : no such file or directory",
        anchors=("failed to read the service account token",),
        meaning="The token file path is empty: the webhook did not inject "
        "AZURE_FEDERATED_TOKEN_FILE or the projected token volume.",
        platforms=("kubernetes",),
    ),
    # The webhook's projected token path is /var/run/secrets/azure/tokens/azure-identity-token
    # (Azure/azure-workload-identity webhook, reference/platform-tokens.md 6.2); the surrounding
    # words are the Go, Python and .NET file-not-found messages.
    MessagePattern(
        id="projected-token-file-missing",
        finding_id="workload-identity-not-injected",
        pattern=r"azure-identity-token'?:? no such file or directory"
        r"|No such file or directory: '[^'\n]{0,200}azure-identity-token'"
        r"|Could not find [^'\n]{0,40}'[^'\n]{0,200}azure-identity-token'",
        anchors=("azure-identity-token",),
        meaning="AZURE_FEDERATED_TOKEN_FILE points at the projected token, but the volume is not "
        "mounted: the pod was not mutated by the webhook.",
        platforms=("kubernetes",),
    ),
    # Azure/aad-pod-identity pkg/nmi (standard client); Azure/azure-sdk-for-python
    # TROUBLESHOOTING.md (pod identity row).
    MessagePattern(
        id="aad-pod-identity-no-identity",
        finding_id="workload-identity-not-injected",
        pattern=r"no azure identity found for request clientID",
        anchors=("no azure identity found for request",),
        meaning="The deprecated aad-pod-identity NMI has no identity bound to this pod: the pod is "
        "not labelled/bound (migrate to workload identity).",
        platforms=("kubernetes",),
    ),
    # microsoft/vscode-vsce#976 (@azure/identity info log: "ManagedIdentityCredential - Token
    # Exchange: Unavailable. The environment variables needed are: AZURE_CLIENT_ID (or the client ID
    # sent through the parameters), AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE").
    MessagePattern(
        id="managed-identity-token-exchange-unavailable",
        finding_id="workload-identity-not-injected",
        pattern=r"ManagedIdentityCredential - Token Exchange: Unavailable\. The environment "
        r"variables needed are: (?P<variables>[^\n]{1,200})",
        anchors=("ManagedIdentityCredential - Token Exchange: Unavailable",),
        meaning="In a pod, the workload identity variables are absent, so the webhook did not "
        "inject them (elsewhere this info line is only the chain trying its options).",
        platforms=("kubernetes",),
    ),
    # reference/platform-tokens.md 16.1 / 6.7; Azure/AppConfiguration-KubernetesProvider#14
    # ("AZURE_FEDERATED_TOKEN_FILE is not set").
    MessagePattern(
        id="azure-federated-token-file-not-set",
        finding_id="client-settings-missing",
        pattern=r"(?P<variables>AZURE_FEDERATED_TOKEN_FILE)[^\n]{0,40}?"
        r"(?:is not set|not set|missing|is empty|not defined|not found)"
        r"|(?:[Mm]issing|[Nn]o value for)[^\n]{0,60}?(?P<variables__2>AZURE_FEDERATED_TOKEN_FILE)",
        anchors=("AZURE_FEDERATED_TOKEN_FILE",),
        meaning="AZURE_FEDERATED_TOKEN_FILE is not set, so the SDK has no token file to read.",
    ),
    # Python TypeError for ClientSecretCredential(tenant_id, client_id, client_secret) and its
    # ValueError "secret should be a Microsoft Entra application's client secret" (azure-identity
    # client_secret.py; older: "an Azure Active Directory application's"); JS
    # "ClientSecretCredential: tenantId, clientId, and clientSecret are required parameters."
    # (Azure/AppConfiguration#805, #811, #884 on workload identity service connections).
    MessagePattern(
        id="client-secret-credential-secret-missing",
        finding_id="client-secret-expected",
        pattern=r"ClientSecretCredential\.__init__\(\) missing \d required positional arguments?: "
        r"[^\n]{0,60}?'client_secret'"
        r"|secret should be (?:a Microsoft Entra|an Azure Active Directory) application's client "
        r"secret|ClientSecretCredential: tenantId, clientId, and clientSecret are required",
        anchors=("ClientSecretCredential", "application's client secret"),
        meaning="The tool builds a client-secret credential, so it cannot use a federated "
        "(secretless) connection or identity.",
    ),
    # microsoft/azure-pipelines-tasks#18992 ("Unsupported authentication scheme
    # 'WorkloadIdentityFederation' for Azure endpoint."), #19686 ("Unsupported authentication
    # scheme: WorkloadIdentityFederation."), MicrosoftLearning/AZ400-...#571 ("Auth Scheme
    # \"WorkloadIdentityFederation\" is not supported.").
    MessagePattern(
        id="ado-task-wif-unsupported",
        finding_id="client-secret-expected",
        pattern=r"[Uu]nsupported auth(?:entication|orization)? scheme:? ['\"]?"
        r"WorkloadIdentityFederation"
        r"|Auth Scheme \"WorkloadIdentityFederation\" is not supported",
        anchors=("WorkloadIdentityFederation",),
        meaning="This task (version) does not support workload identity service connections; "
        "upgrade it or use one that does (AzureCLI@2, AzurePowerShell@5).",
        platforms=("azure-devops",),
    ),
    # liprec/vsts-publish-adf#99 (task debug log "auth param serviceprincipalkey = undefined" on a
    # workload identity connection).
    MessagePattern(
        id="ado-task-reads-service-principal-key",
        finding_id="client-secret-expected",
        pattern=r"auth param serviceprincipalkey = (?:undefined|null)",
        anchors=("auth param serviceprincipalkey",),
        meaning="The task read the connection's client secret (servicePrincipalKey), which a "
        "workload identity connection does not have.",
        platforms=("azure-devops",),
    ),
    # MicrosoftDocs/azure-devops-docs troubleshoot-workload-identity.md ("Script failed with error:
    # UnrecognizedArgumentError: unrecognized arguments: --federated-token": Azure CLI < 2.30).
    MessagePattern(
        id="az-cli-federated-token-unsupported",
        finding_id="client-secret-expected",
        pattern=r"unrecognized arguments: --federated-token",
        anchors=("unrecognized arguments: --federated-token",),
        meaning="This Azure CLI is older than 2.30 and cannot log in with a federated token.",
    ),
    # argparse's standard "argument --federated-token: expected one argument" (the Azure CLI parses
    # its options with argparse); the exact line was not found in the public corpus.
    MessagePattern(
        id="az-cli-federated-token-empty",
        finding_id="token-empty-or-malformed",
        pattern=r"argument --federated-token: expected one argument",
        anchors=("argument --federated-token",),
        meaning="`az login --federated-token` got no value: the variable holding the token was "
        "empty in this step.",
    ),
    # MicrosoftDocs/azure-devops-docs docs/pipelines/process/variables.md ("If there's no variable
    # by that name, then the macro expression does not change"): an unset $(idToken) reaches bash
    # as a command substitution and PowerShell as a subexpression, which print these errors.
    MessagePattern(
        id="ado-task-variable-not-expanded",
        finding_id="token-scope-task-only",
        pattern=r"(?P<variables>idToken|servicePrincipalId): command not found"
        r"|The term '(?P<variables__2>idToken|servicePrincipalId)' is not recognized",
        anchors=(": command not found", "' is not recognized"),
        meaning="$(idToken) / $(servicePrincipalId) is undefined here: AzureCLI@2's "
        "addSpnToEnvironment variables exist only inside that task's script.",
        platforms=("azure-devops",),
    ),
    # --- After the exchange: authorisation ----------------------------------------------------
    # Azure/azure-cli#14773 ("No subscriptions found for <appId>."); Azure/login#556;
    # Azure/azure-workload-identity#1145; Azure/github-actions#59 ("No subscriptions were found
    # for '***'.").
    MessagePattern(
        id="az-no-subscriptions",
        finding_id="authorization-missing",
        # vscode-ebnf#40 (igochkov/vscode-ebnf#40): azure/login printed it without "for <id>".
        pattern=r"No subscriptions (?:were )?found(?: for '?(?P<client_id>[^'\s]{1,100}?)'?\."
        r"(?=\s|$)|\.?\s{0,5}$)",
        anchors=("No subscriptions found", "No subscriptions were found"),
        meaning="The exchange worked, but the identity has no role on any subscription (grant one, "
        "or log in with --allow-no-subscriptions).",
    ),
    # ARM's AuthorizationFailed body as printed by the Azure CLI and the Go SDK
    # ("(AuthorizationFailed) The client '...' with object id '...' does not have authorization to
    # perform action '...' over scope '...' or the scope is invalid."), quoted verbatim in many
    # public issues (e.g. hashicorp/terraform-provider-azurerm, Azure/azure-cli).
    MessagePattern(
        id="arm-authorization-failed",
        finding_id="authorization-missing",
        pattern=r"does not have authorization to perform action '(?P<action>[^'\n]{1,300})'"
        r"(?: over scope '(?P<scope>[^'\n]{1,500})')?|" + code_word("AuthorizationFailed"),
        anchors=("does not have authorization to perform action", "AuthorizationFailed"),
        meaning="Signed in, but the identity lacks an Azure role for this action on this scope.",
    ),
    # Microsoft Graph error code; MicrosoftDocs/azure-devops-docs troubleshoot-workload-identity.md
    # ("Insufficient privileges to complete the operation in Microsoft Graph").
    MessagePattern(
        id="graph-authorization-denied",
        finding_id="authorization-missing",
        pattern=code_word("Authorization_RequestDenied")
        + r"|Insufficient privileges to complete the "
        r"operation",
        anchors=("Authorization_RequestDenied", "Insufficient privileges to complete"),
        meaning="Microsoft Graph refused the call: the signed-in identity lacks the directory "
        "permission or role it needs.",
    ),
    # --- Federated credential management (setup time) ----------------------------------------
    # Azure/bicep-types-az#2029 and learn.microsoft.com workload-identity-federation-considerations
    # (ARM: "Issuer and subject combination already exists for this Managed Identity.");
    # Azure/azure-workload-identity#434 (Graph: "The combination of issuer and subject must be
    # unique for the application.").
    MessagePattern(
        id="fic-duplicate",
        finding_id="credential-duplicate",
        pattern=r"Issuer and subject combination already exists"
        r"|combination of issuer and subject must be unique",
        anchors=(
            "Issuer and subject combination already exists",
            "combination of issuer and subject",
        ),
        meaning="A federated credential with this issuer and subject already exists on the "
        "identity.",
    ),
    # Azure/azure-workload-identity#434 ({"error":{"code":"InvalidFederatedIdentityCredentialValue",
    # ...}}). Graph uses the same code for other rejected values; its message says which.
    MessagePattern(
        id="graph-invalid-fic-value",
        finding_id="credential-duplicate",
        pattern=code_word("InvalidFederatedIdentityCredentialValue"),
        anchors=("InvalidFederatedIdentityCredentialValue",),
        meaning="Graph rejected the federated credential: most often it collides with an existing "
        "issuer+subject pair (the message says if another value was refused).",
    ),
    # learn.microsoft.com workload-identity-federation-considerations (UAMI error table, reference
    # A.10); zioproto/istio-aks-example#6 ("Federated Identity Credential must specify 'issuer',
    # 'subject' and 'audience'.").
    MessagePattern(
        id="fic-invalid-field",
        finding_id="credential-invalid-field",
        pattern=r"Federated [Ii]dentity [Cc]redentials must have exactly one audience"
        r"|Federated Identity Credential name '(?P<name>[^'\n]{0,200})' is invalid"
        r"|Federated Identity Credential from HTTP body has empty properties"
        r"|Federated Identity Credential must specify 'issuer', 'subject' and 'audience'",
        anchors=("Federated Identity Credential", "Federated identity credential"),
        meaning="The federated credential has a field Entra rejects: not exactly one audience, an "
        "invalid name, or an empty issuer/subject/audience.",
    ),
    # Azure/bicep-registry-modules#1447; pulumi/pulumi-azure-native#4343 (Status=409
    # Code="ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity" Message="Too many
    # Federated Identity Credentials are written concurrently ...").
    MessagePattern(
        id="fic-concurrent-writes",
        finding_id="credential-concurrent-writes",
        pattern=code_word("ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity")
        + r"|Too many Federated Identity Credentials are written concurrently",
        anchors=(
            "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
            "Too many Federated Identity Credentials are written concurrently",
        ),
        meaning="Several federated credentials were written in parallel on one user-assigned "
        "managed identity; create them one after another.",
    ),
    # learn.microsoft.com workload-identity-federation-considerations (405 "The request format was
    # unexpected: Support for federated identity credentials not enabled.").
    MessagePattern(
        id="fic-region-unsupported",
        finding_id="identity-type-unsupported",
        pattern=r"Support for federated identity credentials not enabled",
        anchors=("Support for federated identity credentials not enabled",),
        meaning="Federated credentials on user-assigned managed identities are not available in "
        "this identity's region.",
    ),
    # ARM error code (learn.microsoft.com "RequestDisallowedByPolicy" troubleshooting page;
    # reference A.6 for federated credentials on managed identities).
    MessagePattern(
        id="arm-policy-disallowed",
        finding_id="tenant-policy-restriction",
        pattern=code_word("RequestDisallowedByPolicy") + r"|was disallowed by policy",
        anchors=("RequestDisallowedByPolicy", "was disallowed by policy"),
        meaning="An Azure Policy assignment denied the request (for federated credentials: a "
        "policy on allowed issuers or resource types).",
    ),
    # --- GitLab -----------------------------------------------------------------------------------
    # cloudsmith-io/cloudsmith-cli#302 (review: deprecated in GitLab 15.9, removed in 17.0);
    # firecow/gitlab-ci-local#1082.
    MessagePattern(
        id="gitlab-ci-job-jwt-obsolete",
        finding_id="token-request-failed",
        pattern=WORD_START + r"(?P<variables>CI_JOB_JWT(?:_V[12])?)" + WORD_END,
        anchors=("CI_JOB_JWT",),
        meaning="CI_JOB_JWT / CI_JOB_JWT_V2 no longer exist (removed in GitLab 17.0): declare "
        "`id_tokens:` with aud api://AzureADTokenExchange and use that variable.",
        platforms=("gitlab",),
    ),
)
