"""Message patterns learnt from the real-world corpus (tests/corpus/): each entry cites the thread
whose resolution established what the message means.

Part of the catalogue in ``messages.py``. Patterns are matched whatever their case; anchors are
literal substrings (also found whatever their case) that every match contains.
"""

from __future__ import annotations

from wifdoctor.knowledge.messages_base import MessagePattern

FIELD_PATTERNS: tuple[MessagePattern, ...] = (
    # --- GitHub's own OIDC errors ----------------------------------------------------------------
    # infino-ai/infino#175 ("Error calling workflow `x.yml`. The workflow is requesting `id-token:
    # write`, but is only allowed `id-token: none`.") and WYRE-AI/itglue-mcp#23 ("The nested job
    # 'deploy' is requesting 'id-token: write', but is only allowed 'id-token: none'."): a
    # reusable workflow asks for a permission its caller does not grant.
    MessagePattern(
        id="github-reusable-workflow-id-token-not-granted",
        finding_id="token-permission-missing",
        pattern=r"requesting [`'\"]?id-token: ?write[`'\"]?, but is only allowed [`'\"]?"
        r"id-token: ?(?:none|read)",
        anchors=("but is only allowed",),
        meaning="A reusable workflow (or nested job) asks for `id-token: write` that its caller "
        "does not grant: the calling workflow's job must have `permissions: id-token: write` too.",
        platforms=("github-actions",),
    ),
    # Azure/login#228: GitHub Enterprise Server 3.4 rejects the workflow: "The key 'id-token' is
    # not allowed" (OIDC for GHES came with 3.5).
    MessagePattern(
        id="github-id-token-permission-unknown",
        finding_id="token-permission-missing",
        pattern=r"The key '?id-token'? is not allowed",
        anchors=("is not allowed",),
        meaning="This GitHub (an older GitHub Enterprise Server) does not know the `id-token` "
        "permission, so no job can request an ID token; OIDC needs GHES 3.5 or later.",
        platforms=("github-actions",),
    ),
    # --- Client settings missing -----------------------------------------------------------------
    # Azure/azure-cli#28551: kubelogin in an Azure DevOps job: "Error: clientID cannot be empty".
    MessagePattern(
        id="kubelogin-client-id-empty",
        finding_id="client-settings-missing",
        pattern=r"(?P<variables>clientID) cannot be empty",
        anchors=("cannot be empty",),
        meaning="kubelogin found no client ID: the variables the AzureCLI task sets for its own "
        "script (servicePrincipalId, idToken with addSpnToEnvironment) are not passed to it.",
    ),
    # databricks/cli#4047 ("azure-devops-oidc auth: SYSTEM_ACCESSTOKEN env var not found") and
    # databricks/cli#4311 ("not calling from Azure DevOps Pipeline: missing env var SYSTEM_JOBID"):
    # a subprocess (Terraform) does not inherit the pipeline variables the SDK needs.
    MessagePattern(
        id="databricks-ado-oidc-env-missing",
        finding_id="client-settings-missing",
        pattern=r"azure-devops-oidc auth: [^\n]{0,80}?(?:(?P<variables>SYSTEM_[A-Z_]{3,40}) env "
        r"var not found|missing env var (?P<variables__2>SYSTEM_[A-Z_]{3,40}))",
        anchors=("azure-devops-oidc auth",),
        meaning="The Azure DevOps OIDC sign-in needs pipeline variables that are not in this "
        "process's environment (SYSTEM_ACCESSTOKEN must be mapped explicitly with env:, and a "
        "subprocess may not inherit SYSTEM_* variables).",
        platforms=("azure-devops",),
    ),
    # pulumi/pulumi-azure-native#3373: "OIDC authentication was requested via useOidc/ARM_USE_OIDC
    # but no token and/or request URL were configured".
    MessagePattern(
        id="pulumi-oidc-token-not-configured",
        finding_id="client-settings-missing",
        pattern=r"OIDC authentication was requested via useOidc/ARM_USE_OIDC but no token "
        r"and/or request URL were configured",
        anchors=("OIDC authentication was requested",),
        meaning="The Pulumi provider was told to use OIDC but found no token, token file or "
        "request URL in the settings it reads (ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, "
        "ARM_OIDC_REQUEST_URL/_TOKEN).",
    ),
    # --- Kubernetes: the webhook did not mutate the pod --------------------------------------
    # Azure/azure-workload-identity#688: the webhook's own log line.
    MessagePattern(
        id="awi-webhook-skipping-mutation",
        finding_id="workload-identity-not-injected",
        pattern=r"pod not labeled or service account not annotated, skipping mutation",
        anchors=("skipping mutation",),
        meaning="The workload identity webhook skipped this pod: it lacks the label "
        'azure.workload.identity/use: "true" (on the pod template, not the Deployment) or its '
        "service account lacks the azure.workload.identity/client-id annotation.",
        platforms=("kubernetes",),
    ),
    # Azure/azure-workload-identity#1026 and #1357: "AZURE_CLIENT_ID environment variable is not
    # set" from the msal-go sample; with the other variables set, the webhook ran but found no
    # client-id annotation on the pod's service account.
    MessagePattern(
        id="awi-client-id-not-set",
        finding_id="workload-identity-not-injected",
        pattern=r"(?P<variables>AZURE_CLIENT_ID) environment variable is not set",
        anchors=("environment variable is not set",),
        meaning="The pod has no AZURE_CLIENT_ID: the webhook takes it from the service account's "
        "azure.workload.identity/client-id annotation, which is missing, misspelt or on another "
        "object (a Service, the Deployment).",
        platforms=("kubernetes",),
    ),
    # --- Tasks and tools that cannot use a federated connection ------------------------------
    # Azure/azure-powershell#12401: "Only SPN credential auth scheme is supported for non windows
    # agent" (AzurePowerShell task versions without workload identity support).
    MessagePattern(
        id="ado-task-spn-credential-only",
        finding_id="client-secret-expected",
        pattern=r"Only SPN credential auth scheme is supported",
        anchors=("Only SPN credential auth scheme",),
        meaning="This task version accepts only a service principal with a secret or "
        "certificate; use a task version that supports workload identity federation.",
        platforms=("azure-devops",),
    ),
    # jason-johnson/azure-pipelines-tasks-terraform#372: "TypeError: Cannot read property
    # 'retrieveSecret' of undefined": the task looks for the connection's secret.
    MessagePattern(
        id="ado-task-retrieve-secret-undefined",
        finding_id="client-secret-expected",
        pattern=r"Cannot read propert(?:y|ies) (?:of undefined \(reading )?'retrieveSecret'",
        anchors=("retrieveSecret",),
        meaning="The extension's task reads the service connection's secret, which a workload "
        "identity federation connection does not have: update the extension to a version that "
        "supports federation.",
        platforms=("azure-devops",),
    ),
    # --- Credential writes ---------------------------------------------------------------------
    # Azure/azure-workload-identity#1172, microsoftgraph/microsoft-graph-docs-contrib#8433,
    # hashicorp/terraform-provider-azurerm#19642: the 20-credential limit, in the words of the
    # docs and of the people who hit it ("maximum of 20 federated identity credentials", "limit
    # of 20 federated identity credentials", "The maximum amount of Federated credentials that
    # can be associated to 1 Service Principle is 20").
    MessagePattern(
        id="fic-limit-20",
        finding_id="credential-limit-reached",
        pattern=r"(?:maximum|limit)(?: amount| number)? of 20 federated(?: identity)? "
        r"credentials|maximum (?:amount|number) of federated(?: identity)? credentials[^\n]{0,80}?"
        r"is 20(?!\d)|more than 20 (?:federated(?: identity)? )?credentials",
        anchors=("20 federated", "is 20", "than 20"),
        meaning="An app or managed identity holds at most 20 federated credentials; one per "
        "branch, environment, workspace or service account runs out quickly (flexible "
        "credentials with claimsMatchingExpression, or one identity per team, are the ways out).",
    ),
    # Azure/azure-cli#31598 and kubernetes-sigs/secrets-store-csi-driver#1840: az 2.74+ sends no
    # audience unless --audiences is given: "(InvalidFederatedIdentityCredentialsAudienceLength)
    # Federated identity credentials must have exactly 1 audience."
    MessagePattern(
        id="fic-audience-count",
        finding_id="credential-invalid-field",
        pattern=r"InvalidFederatedIdentityCredentialsAudienceLength|Federated identity "
        r"credentials must have exactly 1 audience",
        anchors=("InvalidFederatedIdentityCredentialsAudienceLength", "exactly 1 audience"),
        meaning="A federated credential needs exactly one audience; since Azure CLI 2.74 `az "
        "identity federated-credential create` sends none unless --audiences is given (use "
        "--audiences api://AzureADTokenExchange).",
    ),
    # Azure/azure-dev#1482: Graph's 409 "Request_MultipleObjectsWithSameKeyValue":
    # "FederatedIdentityCredential with name main already exists."
    MessagePattern(
        id="fic-name-exists",
        finding_id="credential-duplicate",
        pattern=r"FederatedIdentityCredential with name (?P<credential>[^\s]{1,120}?) already "
        r"exists",
        anchors=("already exists",),
        meaning="The identity already has a federated credential of that name; names are "
        "unique per identity (update that one, or create this one under another name).",
    ),
    # Azure/azure-workload-identity#273: a credential used right after it was created fails for
    # minutes ("It takes a few seconds for the federated identity credential to be propagated").
    MessagePattern(
        id="fic-propagation-delay",
        finding_id="credential-propagation",
        pattern=r"federated identity credential (?:to be |is |being |has not been )?propagated"
        r"|propagation (?:delay|of the federated)",
        anchors=("propagat",),
        meaning="A federated credential is not usable the moment it is created or edited: "
        "Entra's caches take a few minutes; retry after a delay.",
    ),
    # A credential whose values are right but whose stored record is stale: only deleting and
    # re-creating it helped. Azure/azure-workload-identity#1200 ("It can be fixed with remove the
    # existed FIC and re-created"), Redth/mobile-canvas-ghcp#50 ("when AADSTS7002138 persists
    # against a subject that is already byte-identical, the stored record is stale and needs a
    # delete and recreate").
    MessagePattern(
        id="fic-stale-record-recreated",
        finding_id="credential-propagation",
        pattern=r"(?:[Rr]emov|[Dd]elet)(?:e|ed|es|ing)\b[^\n]{0,40}?\b(?:FIC|federated "
        r"(?:identity )?credential|credential|record)s?\b[^\n]{0,40}?\bre-?creat"
        r"|[Dd]elet(?:e|ing) and re-?creat(?:e|ing)\b[^\n]{0,20}?\b(?:FIC|federated|credential)"
        r"|\bstale (?:record|FIC|federated)|\b(?:record|FIC|credential) (?:is|was) stale",
        anchors=("re-creat", "recreat", "stale"),
        meaning="The credential's values were right but its stored record was stale: Entra "
        "matches against a cached copy, and deleting the credential and creating it again with "
        "the same values (not editing it in place) is what clears it.",
    ),
    # MicrosoftDocs/azure-docs#116275: the token was taken from the default service-account path,
    # and Entra answered AADSTS70023 (it lives a year).
    MessagePattern(
        id="default-service-account-token-used",
        finding_id="token-wrong-kind",
        # Facets-cloud/terraform-provider-facets docs/resources/tekton_action_azure.md:
        # "Reusing the default service-account token fails with AADSTS700212".
        pattern=r"(?:read|reads|reading|use|used|using|found|from|cat)\b[^\n]{0,80}?"
        r"/var/run/secrets/kubernetes\.io/serviceaccount/token"
        r"|(?:reus|us)(?:e|es|ed|ing) the default service[- ]account token",
        anchors=(
            "kubernetes.io/serviceaccount/token",
            "default service-account token",
            "default service account token",
        ),
        meaning="The token comes from the pod's default service-account path; workload identity "
        "uses the projected token at /var/run/secrets/azure/tokens/azure-identity-token "
        "(AZURE_FEDERATED_TOKEN_FILE), whose audience is api://AzureADTokenExchange.",
        platforms=("kubernetes",),
    ),
    # Azure/azure-workload-identity docs/book/src/known-issues.md ("Container environment
    # variables not injected into pods deployed to the kube-system namespace"), and users' own
    # words for it (Azure/azure-workload-identity#790: "env vars ... are not set").
    MessagePattern(
        id="awi-variables-not-injected",
        finding_id="workload-identity-not-injected",
        pattern=r"(?:environment variables|env vars?|AZURE_\w+ variables?) (?:are |were |is |was )?"
        r"not (?:being )?injected",
        anchors=("not injected", "not being injected"),
        meaning="The workload identity webhook did not mutate these pods, so they have no "
        "AZURE_* variables and no projected token (kube-system and namespaces with admission "
        "control are skipped; pods created before the label or the webhook are not mutated).",
        platforms=("kubernetes",),
    ),
    # usgrant4/aks-api-demo TERRAFORM_OIDC_AUTH_FIX.md: with no ARM_USE_OIDC / ARM_CLIENT_ID the
    # azurerm provider (or backend) falls back to Azure CLI authentication and refuses it for a
    # service principal.
    MessagePattern(
        id="terraform-cli-auth-service-principal",
        finding_id="client-settings-missing",
        pattern=r"Authenticating using the Azure CLI is only supported as a User \(not a "
        r"Service Principal\)",
        anchors=("Authenticating using the Azure CLI is only supported as a User",),
        meaning="Terraform fell back to Azure CLI authentication because it found no OIDC "
        "settings: set ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID and ARM_SUBSCRIPTION_ID "
        "(and use_oidc=true in the backend configuration) so it does the exchange itself.",
    ),
    # isindir/sops-secrets-operator#190: the chart lets users set only annotations on the pod,
    # not the azure.workload.identity/use label the webhook needs.
    MessagePattern(
        id="awi-pod-label-not-settable",
        finding_id="workload-identity-not-injected",
        pattern=r"label on the pod[^\n]{0,40}?azure\.workload\.identity/use[^\n]{0,120}?"
        r"(?:only able to set annotations|cannot|can't|not possible)",
        anchors=("label on the pod",),
        meaning="Without the azure.workload.identity/use label on the pod itself, the webhook "
        "skips it: no AZURE_* variables, no projected token. Annotations do not replace the "
        "label; the chart (or a patch) must set it on the pod template.",
        platforms=("kubernetes",),
    ),
    # azure/login v2 with an empty secret, a secrets lookup that resolved to '' (RepoCodeGanesh/
    # terraform-azure-iac docs/confluence/10-incident-post-mortems-and-rca-knowledge-base.md):
    # "##[error]Missing required input: client-id. Azure Login failed."
    MessagePattern(
        id="azure-login-missing-input",
        finding_id="client-settings-missing",
        pattern=r"Missing required input: (?P<variables>client-id|tenant-id|subscription-id)",
        anchors=("Missing required input",),
        meaning="azure/login got an empty client-id/tenant-id: the secret or variable the "
        "workflow reads resolved to nothing here (not set, wrong name, environment-scoped, or "
        "not passed to forks and Dependabot).",
        platforms=("github-actions",),
    ),
    # pnp/cli-microsoft365#6727: "the expected environment variables are empty in the second
    # PowerShell task": the federated variables exist only in the task that signed in.
    MessagePattern(
        id="ado-variables-empty-in-next-task",
        finding_id="token-scope-task-only",
        pattern=r"variables are empty in the (?:second|next|later|following|other) "
        r"[A-Za-z ]{0,21}?task",
        anchors=("variables are empty in the",),
        meaning="The ID token and service principal variables exist only inside the task that "
        "requested them; a later task that needs a new token (another resource) finds them "
        "empty. Do that work inside the same task.",
        platforms=("azure-devops",),
    ),
    # Graph refusing a flexible credential's expression: git-bug/git-bug#1584 and
    # hashicorp/terraform-provider-azuread#1901 ("Expression configured for issuer '...' either
    # lacks all required claims or contains unallowed claims": GitHub expressions must now also
    # bind repository_id or repository_owner_id, MicrosoftDocs/entra-docs#2055);
    # defenseunicorns/uds-core#1495 ("Credentials matching via expression is not currently
    # supported for this cloud").
    MessagePattern(
        id="graph-flexible-expression-rejected",
        finding_id="flexible-expression-unsupported",
        pattern=r"Expression configured for issuer '(?P<issuer>[^'\n]{1,300})' either lacks all "
        r"required claims or contains unallowed claims"
        r"|ClaimsMatchingExpression\.Value is invalid"
        r"|Credentials matching via expression is not currently supported for this cloud",
        anchors=(
            "either lacks all required claims",
            "ClaimsMatchingExpression.Value is invalid",
            "Credentials matching via expression is not currently supported",
        ),
        meaning="Graph refused the flexible credential's expression: for GitHub it must also "
        "bind an immutable claim (claims['repository_id'] or claims['repository_owner_id'] eq "
        "'...'), only the claims and operators the issuer supports are allowed, and some clouds "
        "take no expressions at all.",
    ),
    # Azure/artifact-signing-action#21 (and #22, which quotes it): a later TrustedSigning@0 task
    # could not sign in after AzureCLI@2 had; "the AzureCLI does a log into Azure, but maybe it
    # only persists for that task's duration and not the rest of the pipeline" (a second az login
    # in the later task fixed it).
    MessagePattern(
        id="ado-login-lasts-one-task",
        finding_id="token-scope-task-only",
        pattern=r"only (?:persists|lasts) for (?:that|the|this) task"
        r"|only (?:exists?|available|valid) (?:in|inside|within|for) (?:that|the|this) task",
        anchors=(
            "only persists for",
            "only lasts for",
            "only exist",
            "only available",
            "only valid",
        ),
        meaning="The sign-in, ID token and service principal variables of an Azure DevOps task "
        "last only for that task: a later task must sign in again (export the values and run "
        "az login there) or do its work inside the same task.",
    ),
    # Azure/azure-workload-identity#751: in a pod, the SDK fell back to IMDS:
    # "ManagedIdentityCredential authentication unavailable. The requested identity has not been
    # assigned to this resource." - the webhook's variables were not there.
    MessagePattern(
        id="managed-identity-fallback-unassigned",
        finding_id="client-settings-missing",
        pattern=r"ManagedIdentityCredential authentication unavailable\. The requested identity "
        r"has not been assigned to this resource",
        anchors=("ManagedIdentityCredential authentication unavailable",),
        meaning="The SDK found no workload identity settings (AZURE_CLIENT_ID, AZURE_TENANT_ID, "
        "AZURE_FEDERATED_TOKEN_FILE) and fell back to the machine's managed identity, which "
        "does not have this identity.",
    ),
    # Azure/azure-dev#2091: a workflow step still signs azd in with a client secret, while
    # `azd pipeline config` set the pipeline up with federated credentials (no secret exists).
    MessagePattern(
        id="azd-login-client-secret",
        finding_id="client-secret-expected",
        pattern=r"azd auth login[^\n]{0,300}?--client-secret",
        anchors=("azd auth login",),
        meaning="This step signs azd in with a client secret; a pipeline set up for federated "
        "credentials has none. Use `azd auth login --client-id ... --federated-credential-"
        "provider github --tenant-id ...`.",
    ),
    # Azure/azure-workload-identity#1274: "AADSTS700223: Only AAD-issued tokens may be used for
    # first-party application federated identity flows": the client ID is a Microsoft
    # first-party application, which takes no external tokens.
    MessagePattern(
        id="first-party-app-external-token",
        finding_id="identity-type-unsupported",
        pattern=r"Only AAD-issued tokens may be used for first-party application federated "
        r"identity flows",
        anchors=("first-party application federated identity",),
        explains_code=700223,
        meaning="The client ID is a Microsoft first-party application: it accepts only "
        "Entra-issued assertions, never a platform's ID token. Use your own app registration or "
        "user-assigned managed identity.",
    ),
)


# Messages recognised from parts on different lines (core.error_text), with their meaning.
DERIVED_MEANINGS: dict[str, str] = {
    # Azure/login#452
    "azure-login-sovereign-default-audience": "azure/login requests the token for "
    "api://AzureADTokenExchange unless `audience:` is set, also with this environment; "
    "federated credentials in Azure Government use api://AzureADTokenExchangeUSGov (China: "
    "api://AzureADTokenExchangeChina). Add `audience:` with the cloud's value to the step.",
    # Azure/terraform-provider-azapi#1149
    "terraform-aks-token-file-used": "On a runner pod with workload identity the provider read "
    "the pod's AZURE_FEDERATED_TOKEN_FILE (a Kubernetes token) instead of the CI platform's ID "
    "token, although use_aks_workload_identity is false: upgrade the provider (fixed in "
    "Azure/terraform-provider-azapi#1164) or unset AZURE_FEDERATED_TOKEN_FILE for the step.",
}
