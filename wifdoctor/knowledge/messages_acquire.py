"""Message patterns about getting the platform's ID token (GitHub, Azure DevOps, the Go SDK).

Part of the catalogue in ``messages.py``; the comment above each entry says where its wording
comes from.
"""

from __future__ import annotations

from wifdoctor.knowledge.messages_base import MessagePattern

# The Azure DevOps OIDC token endpoint as request logs show it (.../jobs/<id>/oidctoken?api-...).
ADO_OIDC_ENDPOINT = "/oidctoken?"

ACQUIRE_PATTERNS: tuple[MessagePattern, ...] = (
    # --- GitHub Actions: getting the ID token -------------------------------------------------
    # actions/toolkit packages/core/src/oidc-utils.ts (OidcClient.getIDTokenUrl/getRequestToken);
    # seen as "Error message: Unable to get ..." (Azure/login#477) and "Error:  Unable to get
    # ACTIONS_ID_TOKEN_REQUEST_URL env variable. Please make sure ..."
    # (microsoft/ebpf-for-windows#2867).
    MessagePattern(
        id="github-id-token-request-env-missing",
        finding_id="token-permission-missing",
        pattern=r"Unable to get (?P<variables>ACTIONS_ID_TOKEN_REQUEST_(?:URL|TOKEN))",
        anchors=("Unable to get ACTIONS_ID_TOKEN_REQUEST_",),
        meaning="The job has no ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN: it lacks `permissions: "
        "id-token: write` (a job-level permissions block replaces the workflow's).",
        platforms=("github-actions",),
    ),
    # actions/toolkit packages/core/src/oidc-utils.ts (OidcClient.getCall).
    MessagePattern(
        id="github-id-token-request-failed",
        finding_id="token-request-failed",
        pattern=r"Failed to get ID Token\.|Response json body do not have ID Token field",
        anchors=("Failed to get ID Token.", "Response json body do not have ID Token field"),
        meaning="GitHub's token endpoint was reached but answered an error (the next lines carry "
        "its status and message): runner proxy, GHES, or an outage.",
        platforms=("github-actions",),
    ),
    # Azure/login src/common/LoginConfig.ts (getFederatedToken): printed on any failure of
    # core.getIDToken, whatever its cause (Azure/login#477 shows it for a GHES runner). v1 appended
    # it to the toolkit's message on one line ("... env variable. Please make sure ..."): that
    # line is the permission case, recognised above.
    MessagePattern(
        id="azure-login-id-token-fetch-failed",
        finding_id="token-request-failed",
        pattern=r"Failed to fetch federated token from GitHub|(?<!env variable\. )Please make sure "
        r"to give write permissions to id-token in the workflow",
        anchors=("Failed to fetch federated token", "Please make sure to give write permissions"),
        meaning="azure/login could not get the ID token; it always suggests `id-token: write`, "
        "but the same words follow any failure of the token request.",
        platforms=("github-actions",),
    ),
    # Azure/login src/common/LoginConfig.ts (validate); v1: "Not all values are present in the
    # credentials. Ensure clientId and tenantId are supplied."; Azure/login#408: "Using auth-type:
    # SERVICE_PRINCIPAL. Not all values are present." with nothing after it.
    MessagePattern(
        id="azure-login-client-or-tenant-missing",
        finding_id="client-settings-missing",
        pattern=r"Not all values are present[^\n]{0,40}?Ensure '?client-?[Ii]d'? and "
        r"'?tenant-?[Ii]d'? are supplied|Ensure subscriptionId is supplied"
        r"|Using auth-type: [A-Z_]{3,30}\. Not all values are present",
        anchors=("Not all values are present", "Ensure subscriptionId is supplied"),
        meaning="azure/login got an empty client-id, tenant-id or subscription-id: the secret is "
        "not available here (fork, Dependabot, environment-scoped secret, typo).",
        platforms=("github-actions",),
    ),
    # --- Terraform / Packer / Pulumi (hashicorp/go-azure-sdk) ---------------------------------
    # hashicorp/go-azure-sdk sdk/auth/github_oidc_authorizer.go with an empty IDTokenRequestURL;
    # hashicorp/terraform-provider-azuread#1462 and #820; MicrosoftDocs/azure-devops-docs
    # docs/pipelines/release/troubleshoot-workload-identity.md (error table, unquoted form).
    # GitHub is the common case (no id-token: write); on Azure DevOps the same text means the tool
    # was not switched to its Azure DevOps mode (ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID).
    MessagePattern(
        id="go-sdk-github-request-url-empty",
        finding_id="token-permission-missing",
        pattern=r"cannot request token: (?:Get|GET) \"?\?audience=[^\"\s]{0,200}\"?: "
        r"unsupported protocol scheme",
        anchors=("cannot request token: ",),
        meaning="The Go SDK (Terraform azurerm/azuread/azapi, Packer) asked GitHub's token "
        "endpoint with an empty URL: ACTIONS_ID_TOKEN_REQUEST_URL / ARM_OIDC_REQUEST_URL is not "
        "set (GitHub: no id-token: write; Azure DevOps: the tool is not in its ADO mode).",
        platforms=("github-actions", "azure-devops"),
    ),
    # hashicorp/go-azure-sdk sdk/auth/ado_pipeline_oidc_authorizer.go with an empty request URL.
    MessagePattern(
        id="go-sdk-ado-request-url-empty",
        finding_id="client-settings-missing",
        pattern=r"adoPipelineAssertion: cannot request token: (?:Post|POST) "
        r"\"?\?[^\"\s]{0,300}\"?: unsupported protocol scheme",
        anchors=("adoPipelineAssertion: cannot request token",),
        meaning="The Go SDK's Azure DevOps mode has no OIDC request URL: SYSTEM_OIDCREQUESTURI / "
        "ARM_OIDC_REQUEST_URL is empty.",
        platforms=("azure-devops",),
    ),
    # hashicorp/go-azure-sdk sdk/auth/github_oidc_authorizer.go and ado_pipeline_oidc_authorizer.go;
    # pulumi/pulumi-azure-native#2609 ("githubAssertion: received HTTP status 404 ...").
    MessagePattern(
        id="go-sdk-token-endpoint-http-error",
        finding_id="token-request-failed",
        pattern=r"(?P<client>githubAssertion|adoPipelineAssertion): received HTTP status "
        r"(?P<status>(?!405)\d{3})",
        anchors=("Assertion: received HTTP status",),
        meaning="The platform's OIDC token endpoint answered an HTTP error to the Go SDK "
        "(Terraform, Packer, Pulumi).",
    ),
    # hashicorp/packer-plugin-azure#421 and microsoft/terraform-provider-fabric#922: ("received
    # HTTP status 405 with response: {...\"The requested resource does not support http method
    # 'GET'.\"}}"); the oidctoken URL forms follow the Oidctoken - Create REST API (POST only).
    MessagePattern(
        id="ado-oidc-wrong-method",
        finding_id="token-request-wrong-method",
        pattern=r"received HTTP status 405|does not support http method 'GET'"
        r"|oidctoken[^\n]{0,300}?(?:\b405\b|Method Not Allowed)"
        r"|(?:\b405\b|Method Not Allowed)[^\n]{0,300}?oidctoken",
        anchors=("received HTTP status 405", "does not support http method", "oidctoken"),
        meaning="A GitHub-style GET reached the Azure DevOps OIDC endpoint, which only accepts "
        "POST with serviceConnectionId (HTTP 405).",
        platforms=("azure-devops",),
    ),
    # MicrosoftDocs/vsts-rest-api-specs#709 (401 / 404 from oidctoken);
    # Azure/azure-sdk-for-net#46135 (401 with an invalid System.AccessToken).
    MessagePattern(
        id="ado-oidctoken-http-error",
        finding_id="token-request-failed",
        pattern=r"oidctoken[^\n]{0,300}?\b(?P<status>40[134]|Unauthorized|Forbidden|Not Found)\b"
        r"|\b(?P<status__2>40[134]|Unauthorized|Forbidden|Not Found)\b[^\n]{0,300}?oidctoken",
        anchors=("oidctoken",),
        meaning="The Azure DevOps OIDC endpoint refused the request: SYSTEM_ACCESSTOKEN not mapped "
        "or invalid (401/403), or the service connection is not referenced/authorised (404).",
        platforms=("azure-devops",),
    ),
    # Azure/azure-sdk-for-python azure_pipelines.py ("Unexpected response from OIDC token
    # endpoint.", "OIDC token not found in response."); Azure/azure-sdk-for-js#29854
    # (TROUBLESHOOTING: "AzurePipelinesCredential: Authentication Failed ...", "401 (Unauthorized)
    # response from OIDC endpoint"); dotnet/docker-tools#2012 (.NET).
    MessagePattern(
        id="azure-pipelines-credential-oidc-failed",
        finding_id="token-request-failed",
        pattern=r"OIDC token not found in response|Unexpected response from OIDC token endpoint"
        r"|AzurePipelinesCredential: Authentication Failed|\(Unauthorized\) response from OIDC",
        anchors=(
            "OIDC token not found in response",
            "Unexpected response from OIDC token endpoint",
            "AzurePipelinesCredential: Authentication Failed",
            "response from OIDC",
        ),
        meaning="AzurePipelinesCredential's request to the Azure DevOps OIDC endpoint failed; the "
        "response's message names the reason.",
        platforms=("azure-devops",),
    ),
    # Azure/azure-sdk-for-python TROUBLESHOOTING.md (AzurePipelinesCredential table); the Go, JS and
    # Rust troubleshooting guides carry the same row.
    MessagePattern(
        id="ado-service-connection-not-found",
        finding_id="token-request-failed",
        pattern=r"No service connection found with identifier [`'\"]?"
        r"(?P<service_connection>[^\s`'\".]{1,100})",
        anchors=("No service connection found with identifier",),
        meaning="The OIDC endpoint does not know this service connection ID in this job: wrong ID "
        "(the name instead of the GUID), or no task in the job references the connection.",
        platforms=("azure-devops",),
    ),
    # dotnet/docker-tools#2012 ("There is no explicit reference to service connection <id> from
    # current stage <Stage>.<Job>.__default.").
    MessagePattern(
        id="ado-service-connection-not-referenced",
        finding_id="token-request-failed",
        pattern=r"no explicit reference to service connection "
        r"(?P<service_connection>[^\s'\"]{1,100})",
        anchors=("no explicit reference to service connection",),
        meaning="The stage requesting the token does not reference the service connection; "
        "reference it (e.g. an AzureCLI@2 input) in that stage.",
        platforms=("azure-devops",),
    ),
    # Azure/azure-sdk-for-python azure_pipelines.py validate_env_vars ("Missing value for the
    # SYSTEM_OIDCREQUESTURI environment variable. AzurePipelinesCredential is intended for use in
    # Azure Pipelines ..."); Azure/azure-sdk-for-js TROUBLESHOOTING ("... following missing system
    # variable(s) can be defined- \"SYSTEM_OIDCREQUESTURI\""); hashicorp/terraform azurerm backend
    # ("ADO System OIDC Request URI is missing.").
    MessagePattern(
        id="ado-oidc-request-uri-missing",
        finding_id="client-settings-missing",
        pattern=r"(?:[Mm]issing|[Nn]o value)[^\n]{0,120}?(?P<variables>SYSTEM_OIDCREQUESTURI)"
        r"|(?P<variables__2>SYSTEM_OIDCREQUESTURI)[^\n]{0,40}?"
        r"(?:is required|missing|not set|is empty)"
        r"|OIDC Request URI is missing",
        anchors=("SYSTEM_OIDCREQUESTURI", "OIDC Request URI is missing"),
        meaning="SYSTEM_OIDCREQUESTURI is not set: the code does not run in an Azure Pipelines "
        "job, or the variable was not passed into a container.",
        platforms=("azure-devops",),
    ),
    # gravitational/teleport (Azure DevOps ID token source: "SYSTEM_ACCESSTOKEN environment variable
    # missing"); a Terraform provider's "SYSTEM_ACCESSTOKEN environment variable is required for
    # azure devops OIDC authentication"; hashicorp/terraform azurerm backend ("An access token for
    # fetching a federation token must be provided.").
    MessagePattern(
        id="ado-system-accesstoken-missing",
        finding_id="client-settings-missing",
        pattern=r"(?P<variables>SYSTEM_ACCESSTOKEN)[^\n]{0,40}?"
        r"(?:is required|missing|not set|is empty)"
        r"|(?:[Mm]issing|[Nn]o value)[^\n]{0,80}?(?P<variables__2>SYSTEM_ACCESSTOKEN)"
        r"|access token for fetching a federation token must be provided",
        anchors=("SYSTEM_ACCESSTOKEN", "access token for fetching a federation token"),
        meaning="SYSTEM_ACCESSTOKEN is not in the environment: map it explicitly "
        "(env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)).",
        platforms=("azure-devops",),
    ),
    # Azure/azure-sdk-for-python azure_pipelines.py (__init__ ValueError); Azure/azure-sdk-for-js
    # ("AzurePipelinesCredential: is unavailable. To use Federation Identity in Azure Pipelines, the
    # following parameters are required - ...").
    MessagePattern(
        id="azure-pipelines-credential-arguments-missing",
        finding_id="client-settings-missing",
        pattern=r"'service_connection_id', and 'system_access_token' must be passed"
        r"|AzurePipelinesCredential: is unavailable\. To use Federation Identity",
        anchors=(
            "'system_access_token' must be passed",
            "AzurePipelinesCredential: is unavailable",
        ),
        meaning="AzurePipelinesCredential needs tenant ID, client ID, service connection ID and "
        "System.AccessToken; at least one was empty.",
        platforms=("azure-devops",),
    ),
)
