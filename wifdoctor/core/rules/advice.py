"""Default fix steps per finding, for when a rule has nothing more specific to say.

Rules that know the user's values (a corrected subject, a client ID) write their own steps and put
these after them.
"""

from __future__ import annotations

from wifdoctor.core.findings import Copyable

GITHUB_PERMISSIONS = "permissions:\n  id-token: write\n  contents: read"
ADO_OIDC_CURL = (
    'curl -sS -X POST -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" '
    '-H "Content-Type: application/json" -H "Content-Length: 0" '
    '"${SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=<service-connection-id>"'
)

DEFAULT_FIX: dict[str, tuple[str, ...]] = {
    "token-permission-missing": (
        "Give the job `permissions: id-token: write` (with `contents: read`). A job-level "
        "`permissions:` block replaces the workflow-level one, so put it where it takes effect.",
        "Runs from forks and Dependabot do not get an ID token; deploy from push, or from an "
        "environment with required reviewers.",
    ),
    "token-request-failed": (
        "Look at the HTTP status and body of the token request in the log.",
        "Azure DevOps: map SYSTEM_ACCESSTOKEN into the step's env, reference the service "
        "connection in a task input of the same job, and pass its ID (a GUID), not its name.",
        "GitLab: CI_JOB_JWT and CI_JOB_JWT_V2 were removed in GitLab 17.0; declare `id_tokens:` "
        "with `aud: api://AzureADTokenExchange`.",
        "Self-hosted runners: make sure the proxy lets the runner reach the platform's token "
        "endpoint.",
    ),
    "token-request-wrong-method": (
        "Request the Azure DevOps token with POST to $SYSTEM_OIDCREQUESTURI, adding "
        "`?api-version=7.1&serviceConnectionId=<id>` and `Authorization: Bearer "
        "$SYSTEM_ACCESSTOKEN`.",
        "Terraform on Azure DevOps: set ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID to the service "
        "connection's ID so the provider stops calling the endpoint the GitHub way.",
    ),
    "client-settings-missing": (
        "Set the variables the SDK reads: AZURE_CLIENT_ID, AZURE_TENANT_ID and "
        "AZURE_FEDERATED_TOKEN_FILE (AZURE_AUTHORITY_HOST outside the public cloud).",
        "GitHub: secrets of an environment are only in scope for jobs that name that "
        "environment; Dependabot and fork runs get no secrets at all. Client and tenant IDs are "
        "not secret: store them as variables.",
        "Azure DevOps: AzurePipelinesCredential needs SYSTEM_OIDCREQUESTURI (only inside a "
        "pipeline job) and SYSTEM_ACCESSTOKEN mapped into the step's env.",
    ),
    "workload-identity-not-injected": (
        'Put the label `azure.workload.identity/use: "true"` on the pod template (not on the '
        "Deployment's own metadata).",
        "Annotate the service account with `azure.workload.identity/client-id: <client id>`.",
        "Restart the pods (kubectl rollout restart): injection happens only when a pod is created.",
        "Check the cluster runs the workload identity webhook (az aks update "
        "--enable-workload-identity on AKS).",
    ),
    "token-scope-task-only": (
        "Do the work that needs the token inside the same task (AzureCLI@2 with "
        "addSpnToEnvironment: true exposes idToken only to its own script).",
        "Or request a new token in the later step from SYSTEM_OIDCREQUESTURI.",
    ),
    "client-secret-expected": (
        "Use a task version that supports workload identity federation (AzureCLI@2, "
        "AzurePowerShell@5, AzureResourceManagerTemplateDeployment@3, ...).",
        "Stop passing a client secret: the service connection or tool must be set to "
        "workload identity federation.",
    ),
    "authorization-missing": (
        "Give the identity a role on the subscription or resource it works on, e.g. "
        "`az role assignment create --assignee <client-id> --role Reader --scope "
        "/subscriptions/<subscription-id>`.",
        "With azure/login, `allow-no-subscriptions: true` signs in without a subscription.",
    ),
    "credential-duplicate": (
        "List the identity's credentials and reuse or delete the one with the same issuer and "
        "subject.",
    ),
    "credential-invalid-field": (
        "Names: 3-120 letters, digits, '-' or '_', starting with a letter or digit.",
        "Exactly one audience; issuer and subject at most 600 characters; no wildcards.",
    ),
    "credential-concurrent-writes": (
        "Create the credentials of one managed identity one after another (ARM dependsOn, "
        "`copy` with mode serial, or azurerm >= 3.40.0 which serialises them).",
    ),
    "identity-type-unsupported": (
        "Use a user-assigned managed identity or a single-tenant app registration.",
        "For Entra-issued tokens, only a user-assigned managed identity's token can be a "
        "federated credential of an app in the same tenant (managed identity as FIC).",
    ),
    "tenant-policy-restriction": (
        "Ask the tenant's administrators which issuers and identity types may use workload "
        "identity federation, and to allow this one.",
    ),
    "conditional-access-blocked": (
        "Find the sign-in in the Entra sign-in logs (service principal sign-ins) by the "
        "correlation ID and read appliedConditionalAccessPolicies.",
        "Exclude the service principal from the policy, add the runner's egress IPs to a named "
        "location the policy allows, or remediate the service principal's risk.",
    ),
    "client-id-not-found": (
        "Use the Application (client) ID of the app registration, or the Client ID of the "
        "user-assigned managed identity: not an object ID, principal ID or resource ID.",
        "Use the tenant that owns that identity, on the right cloud.",
    ),
    "no-federated-credentials": (
        "Add a federated credential to the identity whose client ID the job uses.",
        "If you just created it, wait a few minutes and retry.",
    ),
    "issuer-unreachable": (
        "From a machine on the internet, fetch {issuer}/.well-known/openid-configuration and "
        "its jwks_uri; both must answer over https with a publicly trusted certificate.",
        "AKS: `az aks update` reconciles a broken OIDC issuer; self-managed issuers must keep "
        "their storage public.",
    ),
    "signing-key-not-published": (
        "Publish the key the token was signed with (its kid) in the issuer's JWKS, keep at most "
        "100 keys, and give every token a kid.",
        "After rotating keys, wait for caches to pick up the new JWKS.",
    ),
    "signature-invalid": (
        "Make sure the token reaches Entra unmodified and was signed by the issuer named in iss.",
    ),
    "algorithm-unsupported": (
        "Configure the issuer to sign with RS256 (an RSA key): the only algorithm Entra "
        "documents as supported.",
    ),
    "token-empty-or-malformed": (
        "Pass the token exactly as issued: no quotes, no whitespace or newline, all three parts.",
        "Check the variable or file that holds it is not empty or cut off.",
    ),
    "token-wrong-kind": (
        "Send the platform's OIDC ID token for audience api://AzureADTokenExchange, not an "
        "access token or the platform's own API token.",
    ),
    "platform-incident": (
        "Check the Azure status page and the platform's status page; retry with backoff.",
    ),
}

GITHUB_PERMISSIONS_COPY = Copyable("GitHub permissions block", GITHUB_PERMISSIONS)
ADO_OIDC_COPY = Copyable("Azure DevOps token request", ADO_OIDC_CURL)


def default_fix(finding_id: str) -> tuple[str, ...]:
    return DEFAULT_FIX.get(finding_id, ())
