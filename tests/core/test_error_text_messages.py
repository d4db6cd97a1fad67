"""Each MessagePattern: a text that must produce its signal, and a close one that must not."""

from __future__ import annotations

import re

import pytest

from wifdoctor.core.error_text import parse_error_text
from wifdoctor.knowledge.findings_catalogue import FINDINGS
from wifdoctor.knowledge.messages import MESSAGE_PATTERNS

# id -> (texts that must produce the signal, the detail the first one gives, a close text that
# must not produce it)
EXAMPLES: dict[str, tuple[tuple[str, ...], dict[str, str], str]] = {
    "github-id-token-request-env-missing": (
        (
            "Error: Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable",
            "Error:  Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable. Please make sure to "
            "give write permissions to id-token in the workflow.",
        ),
        {"variables": "ACTIONS_ID_TOKEN_REQUEST_URL"},
        'curl -H "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" '
        '"$ACTIONS_ID_TOKEN_REQUEST_URL"',
    ),
    "github-id-token-request-failed": (
        ("Error: Failed to get ID Token. \n \n        Error Code : 403\n",),
        {},
        "console.error('Failed to get ID token from Google')",
    ),
    "azure-login-id-token-fetch-failed": (
        ("##[error]Please make sure to give write permissions to id-token in the workflow.",),
        {},
        "Please make sure to give read permissions to contents in the workflow.",
    ),
    "azure-login-client-or-tenant-missing": (
        (
            "Error: Login failed with Error: Using auth-type: SERVICE_PRINCIPAL. Not all values "
            "are present. Ensure 'client-id' and 'tenant-id' are supplied.. Double check if the "
            "'auth-type' is correct.",
            "Not all values are present in the credentials. Ensure clientId and tenantId are "
            "supplied.",
            # Azure/login#408
            "Error: Login failed with Error: Using auth-type: SERVICE_PRINCIPAL. Not all values "
            "are present.",
        ),
        {},
        "Not all values are present in the table; ensure the report is complete.",
    ),
    "go-sdk-github-request-url-empty": (
        (
            "│ Error: building client: unable to obtain access token: githubAssertion: cannot "
            'request token: Get "?audience=api%3A%2F%2FAzureADTokenExchange": unsupported '
            'protocol scheme ""',
            "cannot request token: Get ?audience=api://AzureADTokenExchange: unsupported protocol "
            "scheme",
        ),
        {},
        'githubAssertion: cannot request token: Get "https://pipelines.actions.githubusercontent'
        '.com/x?audience=api": dial tcp: i/o timeout',
    ),
    "go-sdk-ado-request-url-empty": (
        (
            'adoPipelineAssertion: cannot request token: Post "?api-version=7.1&serviceConnection'
            'Id=abc": unsupported protocol scheme ""',
        ),
        {},
        'adoPipelineAssertion: cannot request token: Post "https://dev.azure.com/x/_apis/y?api-'
        'version=7.1": context deadline exceeded',
    ),
    "go-sdk-token-endpoint-http-error": (
        ("Original Error: githubAssertion: received HTTP status 404 with response: 404 page",),
        {"client": "githubAssertion", "status": "404"},
        "githubAssertion: received HTTP status 405 with response: {}",
    ),
    "ado-oidc-wrong-method": (
        (
            'githubAssertion: received HTTP status 405 with response: {"count":1,"value":'
            '{"Message":"The requested resource does not support http method \'GET\'."}}',
            "GET https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/"
            "oidctoken failed: (405) Method Not Allowed",
        ),
        {},
        "POST https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/"
        "oidctoken?api-version=7.1 -> 200 OK",
    ),
    "ado-oidctoken-http-error": (
        (
            "POST https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/"
            "oidctoken?api-version=7.1&serviceConnectionId=3 returned 401 Unauthorized",
        ),
        {"status": "401"},
        "POST https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/"
        "oidctoken?api-version=7.1 returned 200 OK",
    ),
    "azure-pipelines-credential-oidc-failed": (
        (
            "azure.core.exceptions.ClientAuthenticationError: OIDC token not found in response.",
            "ClientAuthenticationError: 401 (Unauthorized) response from OIDC endpoint.",
        ),
        {},
        "The OIDC token was found in the response.",
    ),
    "ado-service-connection-not-found": (
        ("No service connection found with identifier 7f5e2c1a-0000-4000-8000-000000000001.",),
        {"service_connection": "7f5e2c1a-0000-4000-8000-000000000001"},
        "Service connection 'prod' found with identifier 7f5e2c1a.",
    ),
    "ado-service-connection-not-referenced": (
        (
            'Response= {"count": 151, "value": "There is no explicit reference to service '
            'connection 00000000-0000-0000-0000-000000000000 from current stage B.J.__default."}',
        ),
        {"service_connection": "00000000-0000-0000-0000-000000000000"},
        "There is a reference to service connection 00000000 from the current stage.",
    ),
    "ado-oidc-request-uri-missing": (
        (
            "CredentialUnavailableError: Missing value for the SYSTEM_OIDCREQUESTURI environment "
            "variable. AzurePipelinesCredential is intended for use in Azure Pipelines.",
            "CredentialUnavailableError: AzurePipelinesCredential: is unavailable. Ensure that "
            "you're running this task in an Azure Pipeline, so that following missing system "
            'variable(s) can be defined- "SYSTEM_OIDCREQUESTURI"',
        ),
        {"variables": "SYSTEM_OIDCREQUESTURI"},
        "SYSTEM_OIDCREQUESTURI=https://dev.azure.com/contoso/1c2d/_apis/distributedtask",
    ),
    "ado-system-accesstoken-missing": (
        ("SYSTEM_ACCESSTOKEN environment variable missing",),
        {"variables": "SYSTEM_ACCESSTOKEN"},
        "env:\n  SYSTEM_ACCESSTOKEN: $(System.AccessToken)",
    ),
    "azure-pipelines-credential-arguments-missing": (
        (
            "ValueError: 'tenant_id', 'client_id', 'service_connection_id', and "
            "'system_access_token' must be passed in as keyword arguments.",
        ),
        {},
        "'system_access_token' was passed in as a keyword argument.",
    ),
    "workload-identity-credential-unavailable": (
        (
            "WorkloadIdentityCredential: WorkloadIdentityCredential authentication unavailable. "
            "The workload options are not fully configured. See the troubleshooting guide for "
            "more information: https://aka.ms/x. Missing required arguments: 'tenant_id', "
            "'client_id', 'token_file_path'.",
            "CredentialUnavailableError: WorkloadIdentityCredential: is unavailable. tenantId, "
            "clientId, and federatedTokenFilePath are required parameters.",
        ),
        {"variables": "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE"},
        "WorkloadIdentityCredential.get_token succeeded",
    ),
    "go-workload-token-file-missing": (
        ("no token file specified. Check pod configuration or set TokenFilePath in the options",),
        {},
        "no token file specified for the build cache",
    ),
    "awi-token-path-empty": (
        (
            'E0606 12:06:20.120764       1 token_credential.go:43] "failed to read the service '
            'account token from the filesystem" err="open : no such file or directory"',
        ),
        {},
        '"failed to read the service account token from the filesystem" err="open /var/run/'
        'secrets/azure/tokens/azure-identity-token: permission denied"',
    ),
    "projected-token-file-missing": (
        (
            "open /var/run/secrets/azure/tokens/azure-identity-token: no such file or directory",
            "FileNotFoundError: [Errno 2] No such file or directory: "
            "'/var/run/secrets/azure/tokens/azure-identity-token'",
        ),
        {},
        "reading /var/run/secrets/azure/tokens/azure-identity-token (1.2 kB)",
    ),
    "aad-pod-identity-no-identity": (
        ("Status Code = '404'. Response body: no azure identity found for request clientID 4e95",),
        {},
        "the azure identity was found for request clientID 4e95",
    ),
    "managed-identity-token-exchange-unavailable": (
        (
            "azure:identity:info ManagedIdentityCredential - Token Exchange => ManagedIdentity"
            "Credential - Token Exchange: Unavailable. The environment variables needed are: "
            "AZURE_CLIENT_ID (or the client ID sent through the parameters), AZURE_TENANT_ID and "
            "AZURE_FEDERATED_TOKEN_FILE",
        ),
        {"variables": "AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE"},
        "ManagedIdentityCredential - Token Exchange: Available.",
    ),
    "azure-federated-token-file-not-set": (
        ("Error: AZURE_FEDERATED_TOKEN_FILE is not set",),
        {"variables": "AZURE_FEDERATED_TOKEN_FILE"},
        "AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token",
    ),
    "client-secret-credential-secret-missing": (
        (
            "TypeError: ClientSecretCredential.__init__() missing 1 required positional argument: "
            "'client_secret'",
            "##[error]An unexpected error occurred. ClientSecretCredential: tenantId, clientId, "
            "and clientSecret are required parameters.",
        ),
        {},
        "ClientSecretCredential.get_token succeeded",
    ),
    "ado-task-wif-unsupported": (
        (
            "System.Management.Automation.RuntimeException: Unsupported authentication scheme "
            "'WorkloadIdentityFederation' for Azure endpoint.",
            'UnhandledPromiseRejectionWarning: Auth Scheme "WorkloadIdentityFederation" is not '
            "supported.",
        ),
        {},
        "##[debug]0f6a auth scheme = WorkloadIdentityFederation",
    ),
    "ado-task-reads-service-principal-key": (
        ("##[debug]0f6a auth param serviceprincipalkey = undefined",),
        {},
        "##[debug]0f6a auth param serviceprincipalid = ***",
    ),
    "az-cli-federated-token-unsupported": (
        (
            "Script failed with error: UnrecognizedArgumentError: unrecognized arguments: "
            "--federated-token",
        ),
        {},
        "UnrecognizedArgumentError: unrecognized arguments: --fedrated-token",
    ),
    "az-cli-federated-token-empty": (
        ("az login: error: argument --federated-token: expected one argument",),
        {},
        "az login: error: argument --username/-u: expected one argument",
    ),
    "ado-task-variable-not-expanded": (
        ("/home/vsts/work/_temp/azureclitaskscript.sh: line 3: idToken: command not found",),
        {"variables": "idToken"},
        "/home/vsts/work/_temp/script.sh: line 3: terraform: command not found",
    ),
    "az-no-subscriptions": (
        ("ERROR: No subscriptions found for 1de50824-be65-4e35-b365-d6bf0fe8b41f.",),
        {"client_id": "1de50824-be65-4e35-b365-d6bf0fe8b41f"},
        "console.log('No subscriptions found for user')",
    ),
    "arm-authorization-failed": (
        (
            "(AuthorizationFailed) The client 'x' with object id 'y' does not have authorization "
            "to perform action 'Microsoft.Resources/deployments/validate/action' over scope "
            "'/subscriptions/0000' or the scope is invalid.",
        ),
        {
            "action": "Microsoft.Resources/deployments/validate/action",
            "scope": "/subscriptions/0000",
        },
        "NotAuthorizationFailedYet is a class name",
    ),
    "graph-authorization-denied": (
        ('{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}}',),
        {},
        "XAuthorization_RequestDeniedX",
    ),
    "fic-duplicate": (
        ("Issuer and subject combination already exists for this Managed Identity.",),
        {},
        "Issuer and subject are both set for this Managed Identity.",
    ),
    "graph-invalid-fic-value": (
        ('{"error":{"code":"InvalidFederatedIdentityCredentialValue","message":"x"}}',),
        {},
        "class MyInvalidFederatedIdentityCredentialValueChecker:",
    ),
    "fic-invalid-field": (
        (
            "Federated Identity Credential name 'my fic' is invalid.",
            "BadRequest: The request format was unexpected. Federated Identity Credential must "
            "specify 'issuer', 'subject' and 'audience'.",
            "Federated identity credentials must have exactly one audience.",
        ),
        {},
        "Federated Identity Credential name 'my-fic' is valid.",
    ),
    "fic-concurrent-writes": (
        (
            'error: Status=409 Code="ConcurrentFederatedIdentityCredentialsWritesForSingleManaged'
            'Identity" Message="Too many Federated Identity Credentials are written concurrently',
        ),
        {},
        "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentityHandler",
    ),
    "fic-region-unsupported": (
        (
            "The request format was unexpected: Support for federated identity credentials not "
            "enabled.",
        ),
        {},
        "Support for federated identity credentials enabled in this region.",
    ),
    "arm-policy-disallowed": (
        ('Code="RequestDisallowedByPolicy" Message="Resource \'x\' was disallowed by policy."',),
        {},
        "see RequestDisallowedByPolicyDocs for details",
    ),
    "gitlab-ci-job-jwt-obsolete": (
        (
            "$ az login --service-principal -u $AZURE_CLIENT_ID -t $AZURE_TENANT_ID "
            "--federated-token $CI_JOB_JWT_V2",
        ),
        {"variables": "CI_JOB_JWT_V2"},
        "export MY_CI_JOB_JWT_TOKEN=$AZURE_TOKEN",
    ),
    "github-reusable-workflow-id-token-not-granted": (
        (
            "Error calling workflow `dataset-bench-vm.yml`. The workflow is requesting "
            "`id-token: write`, but is only allowed `id-token: none`.",
            "The nested job 'deploy' is requesting 'id-token: write', but is only allowed "
            "'id-token: none'.",
        ),
        {},
        "The job is requesting 'contents: write', but is only allowed 'contents: read'.",
    ),
    "github-id-token-permission-unknown": (
        (
            "The workflow is not valid. .github/workflows/ci.yml (Line: 24, Col: 13): The key "
            "'id-token' is not allowed",
        ),
        {},
        "The key 'contents' is not allowed",
    ),
    "kubelogin-client-id-empty": (
        ("Error: clientID cannot be empty",),
        {"variables": "AZURE_CLIENT_ID"},
        "Error: name cannot be empty",
    ),
    "databricks-ado-oidc-env-missing": (
        (
            "failed during request visitor: azure-devops-oidc auth: SYSTEM_ACCESSTOKEN env var "
            "not found, if calling from Azure DevOps Pipeline",
            "azure-devops-oidc auth: not calling from Azure DevOps Pipeline: missing env var "
            "SYSTEM_JOBID. Config: host=https://adb-1.7.azuredatabricks.net",
        ),
        {},
        "azure-devops-oidc auth: token exchanged",
    ),
    "pulumi-oidc-token-not-configured": (
        (
            "OIDC authentication was requested via useOidc/ARM_USE_OIDC but no token and/or "
            "request URL were configured. See https://www.pulumi.com/registry/packages",
        ),
        {},
        "OIDC authentication was requested and succeeded",
    ),
    "awi-webhook-skipping-mutation": (
        (
            'I0106 03:22:25.618349 1 webhook.go:138] handler "msg"="pod not labeled or service '
            'account not annotated, skipping mutation" "namespace"="wi"',
        ),
        {},
        'handler "msg"="mutating pod" "namespace"="wi"',
    ),
    "awi-client-id-not-set": (
        ("F0713 06:20:46.319444 1 main.go:34] AZURE_CLIENT_ID environment variable is not set",),
        {"variables": "AZURE_CLIENT_ID"},
        "AZURE_CLIENT_ID environment variable is set",
    ),
    "ado-task-spn-credential-only": (
        ("##[error]Only SPN credential auth scheme is supported for non windows agent",),
        {},
        "SPN credential auth scheme is supported",
    ),
    "ado-task-retrieve-secret-undefined": (
        (
            "##[error]TypeError: Cannot read property 'retrieveSecret' of undefined",
            "TypeError: Cannot read properties of undefined (reading 'retrieveSecret')",
        ),
        {},
        "retrieveSecretValue() returned null",
    ),
    "fic-limit-20": (
        (
            "maximum of 20 federated identity credentials can be created for managed identity",
            "there is a limit of 20 federated identity credentials can be added per application",
            "The maximum amount of Federated credentials that can be associated to 1 Service "
            "Principle is 20, as we have more than 10",
        ),
        {},
        "a maximum of 200 federated identity credentials in the tenant",
    ),
    "fic-audience-count": (
        (
            "ERROR: (InvalidFederatedIdentityCredentialsAudienceLength) Federated identity "
            "credentials must have exactly 1 audience.",
        ),
        {},
        "Federated identity credentials must have exactly one issuer.",
    ),
    "fic-name-exists": (
        ('"message": "FederatedIdentityCredential with name main already exists.",',),
        {"credential": "main"},
        "FederatedIdentityCredential main was created.",
    ),
    "fic-propagation-delay": (
        (
            "It takes a few seconds for the federated identity credential to be propagated "
            "after initially added.",
        ),
        {},
        "The federated identity credential was created.",
    ),
    "graph-flexible-expression-rejected": (
        (
            "Rule exception: Expression configured for issuer 'https://gitlab.com' either lacks "
            "all required claims or contains unallowed claims. paramName: x",
            "The FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid.",
            "Rule exception: Credentials matching via expression is not currently supported for "
            "this cloud",
        ),
        {"issuer": "https://gitlab.com"},
        "The federated credential's expression matched the token's claims.",
    ),
    "ado-login-lasts-one-task": (
        (
            "AFAIK, the AzureCLI does a log into Azure, but maybe it only persists for that "
            "task's duration and not the rest of the pipeline.",
            "The idToken variable is only available inside the task that requested it.",
        ),
        {},
        "The login persists for the whole pipeline.",
    ),
    "fic-stale-record-recreated": (
        (
            "It can be fixed with remove the existed FIC and re-created,  our FICs are "
            "provisioned with bicep files",
            "when `AADSTS7002138` persists against a subject that is already byte-identical, the "
            "stored record is stale and needs a **delete and recreate**",
            "Deleting and re-creating the federated credential fixed it.",
        ),
        {},
        "If I delete the affected pods, they are recreated and are able to use workload identity",
    ),
    "default-service-account-token-used": (
        (
            "found a token contained in /var/run/secrets/kubernetes.io/serviceaccount/token which "
            "looks right",
            "Reusing the default service-account token fails with `AADSTS700212`",
        ),
        {},
        "volumeMounts: /var/run/secrets/kubernetes.io/serviceaccount/token",
    ),
    "awi-variables-not-injected": (
        (
            "### Container environment variables not injected into pods deployed to the "
            "kube-system namespace on an AKS cluster",
        ),
        {},
        "The environment variables were injected.",
    ),
    "terraform-cli-auth-service-principal": (
        (
            "Error: Error building ARM Config: Authenticating using the Azure CLI is only "
            "supported as a User (not a Service Principal).",
        ),
        {},
        "Authenticating using the Azure CLI as a user.",
    ),
    "awi-pod-label-not-settable": (
        (
            'I have to be able to set a label on the pod (azure.workload.identity/use: "true") '
            "but currently I'm only able to set annotations on the pods",
        ),
        {},
        'I set the label on the pod (azure.workload.identity/use: "true") and it works.',
    ),
    "azure-login-missing-input": (
        ("##[error]Missing required input: client-id. Azure Login failed.",),
        {"variables": "AZURE_CLIENT_ID"},
        "Missing required input: environment.",
    ),
    "ado-variables-empty-in-next-task": (
        ("But the expected environment variables are empty in the second PowerShell task.",),
        {},
        "The variables are set in the second task.",
    ),
    "managed-identity-fallback-unassigned": (
        (
            "azure.identity._exceptions.CredentialUnavailableError: ManagedIdentityCredential "
            "authentication unavailable. The requested identity has not been assigned to this "
            "resource.",
        ),
        {},
        "ManagedIdentityCredential authentication succeeded.",
    ),
    "azd-login-client-secret": (
        (
            'azd auth login `\n  --client-id "$($info.clientId)" `\n  --client-secret '
            '"$($info.clientSecret)"',
        ),
        {},
        "azd auth login --client-id x --federated-credential-provider github",
    ),
    "first-party-app-external-token": (
        (
            "AADSTS700223: Only AAD-issued tokens may be used for first-party application "
            "federated identity flows.",
        ),
        {},
        "Only AAD-issued tokens may be used.",
    ),
}


def _signal_ids(text: str) -> set[str]:
    return {signal.id for signal in parse_error_text(text).signals}


def test_every_pattern_has_examples_and_compiles() -> None:
    assert set(EXAMPLES) == {pattern.id for pattern in MESSAGE_PATTERNS}
    for pattern in MESSAGE_PATTERNS:
        re.compile(pattern.pattern)


def test_ids_are_stable_kebab_case_and_unique() -> None:
    ids = [pattern.id for pattern in MESSAGE_PATTERNS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", pattern_id) for pattern_id in ids)


def test_every_finding_id_is_in_the_catalogue() -> None:
    for pattern in MESSAGE_PATTERNS:
        assert pattern.finding_id in FINDINGS, pattern.id


def test_every_pattern_has_anchors_meaning_and_known_platforms() -> None:
    known = {"github-actions", "azure-devops", "kubernetes", "gitlab", "terraform-cloud"}
    for pattern in MESSAGE_PATTERNS:
        assert pattern.anchors and all(pattern.anchors), pattern.id
        assert pattern.meaning and "\n" not in pattern.meaning, pattern.id
        assert set(pattern.platforms) <= known, pattern.id


def test_patterns_have_no_nested_quantifiers() -> None:
    # a quantified group that itself contains a quantifier: "(...+)*", "(?:a*){2,}" ...
    nested = re.compile(r"\((?:[^()]|\\\(|\\\))*[*+}](?:[^()]|\\\(|\\\))*\)[*+?{]")
    for pattern in MESSAGE_PATTERNS:
        assert nested.search(pattern.pattern) is None, pattern.id


@pytest.mark.parametrize("pattern_id", sorted(EXAMPLES))
def test_pattern_recognises_its_message(pattern_id: str) -> None:
    texts, detail, _ = EXAMPLES[pattern_id]
    finding = next(p.finding_id for p in MESSAGE_PATTERNS if p.id == pattern_id)
    for index, text in enumerate(texts):
        signals = [s for s in parse_error_text(text).signals if s.id == pattern_id]
        assert len(signals) == 1, text
        (signal,) = signals
        assert signal.finding_id == finding
        assert 0 < len(signal.excerpt) <= 200
        assert "\n" not in signal.excerpt
        if index == 0:
            for key, value in detail.items():
                assert signal.detail.get(key) == value, (key, signal.detail)


@pytest.mark.parametrize("pattern_id", sorted(EXAMPLES))
def test_pattern_ignores_a_close_text(pattern_id: str) -> None:
    _, _, close = EXAMPLES[pattern_id]
    assert pattern_id not in _signal_ids(close)


def test_signals_in_text_order_once_each() -> None:
    text = (
        "Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable\n"
        "ERROR: No subscriptions found for abc.\n"
        "Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable\n"
    )
    signals = parse_error_text(text).signals
    assert [s.id for s in signals] == ["github-id-token-request-env-missing", "az-no-subscriptions"]
    assert signals[0].detail == {"variables": "ACTIONS_ID_TOKEN_REQUEST_URL"}
    # azure/login v1 put its hint on the toolkit's line: one message, one signal
    v1 = (
        "Error:  Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable. Please make sure to give "
        "write permissions to id-token in the workflow."
    )
    assert [s.id for s in parse_error_text(v1).signals] == ["github-id-token-request-env-missing"]


def test_variables_from_go_and_older_python_messages() -> None:
    go = (
        "DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n"
        "\tEnvironmentCredential: missing environment variable AZURE_TENANT_ID\n"
        "\tWorkloadIdentityCredential: no client ID specified. Check pod configuration or set "
        "ClientID in the options"
    )
    (signal,) = parse_error_text(go).signals
    assert signal.detail == {"variables": "AZURE_CLIENT_ID"}
    python = (
        "ValueError: 'tenant_id' is required. Please pass it in or set the AZURE_TENANT_ID "
        "environment variable"
    )
    (signal,) = parse_error_text(python).signals
    assert signal.detail == {"variables": "AZURE_TENANT_ID"}
