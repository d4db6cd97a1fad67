"""Where a workload runs, seen from inside: how each platform hands its ID token to a job.

Facts for ``wifdoctor capture`` (reference platform-tokens.md §3.2, §4.2, §5.2, §6.2-6.3, §7.2,
§8.1, §9.1, §10.1, §16.7). Pure data: the capture module does the I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wifdoctor.knowledge.platforms.base import PlatformId

EXCHANGE_AUDIENCE = "api://AzureADTokenExchange"


@dataclass(frozen=True)
class CiEnvironment:
    platform: PlatformId
    name: str
    # Variables that say the process runs there: (name, value) where value None means "set".
    detect: tuple[tuple[str, str | None], ...]
    # How the token is obtained, in one line a user can check against their pipeline.
    how: str
    # Where to read more (vendor docs); the threads behind the rules are cited beside them.
    docs: tuple[str, ...] = ()
    # Variables that say which run this is, shown in the report (platform-tokens §16.7).
    context: tuple[str, ...] = ()


GITHUB = CiEnvironment(
    "github-actions",
    "GitHub Actions",
    (("GITHUB_ACTIONS", "true"),),
    "GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange with "
    "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN (needs permissions: id-token: write)",
    ("https://docs.github.com/actions/reference/security/oidc",),
    context=(
        "GITHUB_REPOSITORY",
        "GITHUB_REF",
        "GITHUB_EVENT_NAME",
        "GITHUB_WORKFLOW_REF",
        "GITHUB_SERVER_URL",
        "RUNNER_ENVIRONMENT",
        "GITHUB_RUN_ID",
    ),
)
AZURE_DEVOPS = CiEnvironment(
    "azure-devops",
    "Azure DevOps Pipelines",
    (("TF_BUILD", "True"),),
    "POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=<id> with "
    "Authorization: Bearer $SYSTEM_ACCESSTOKEN (mapped into the step's env), or the idToken "
    "variable of AzureCLI@2 with addSpnToEnvironment: true",
    (
        "https://learn.microsoft.com/rest/api/azure/devops/distributedtask/oidctoken/create",
        "https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity",
    ),
    context=(
        "SYSTEM_COLLECTIONURI",
        "SYSTEM_TEAMPROJECT",
        "BUILD_SOURCEBRANCH",
        "BUILD_BUILDID",
        "SYSTEM_HOSTTYPE",
        "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
        "AZURESUBSCRIPTION_CLIENT_ID",
        "AZURESUBSCRIPTION_TENANT_ID",
    ),
)
GITLAB = CiEnvironment(
    "gitlab",
    "GitLab CI/CD",
    (("GITLAB_CI", "true"),),
    "a variable declared under id_tokens: in .gitlab-ci.yml, with aud: api://AzureADTokenExchange",
    ("https://docs.gitlab.com/ci/secrets/id_token_authentication/",),
    context=(
        "CI_SERVER_URL",
        "CI_PROJECT_PATH",
        "CI_COMMIT_REF_NAME",
        "CI_COMMIT_TAG",
        "CI_ENVIRONMENT_NAME",
        "CI_PIPELINE_SOURCE",
        "CI_JOB_ID",
    ),
)
KUBERNETES = CiEnvironment(
    "kubernetes",
    "Kubernetes (workload identity)",
    (("KUBERNETES_SERVICE_HOST", None),),
    "the projected token file $AZURE_FEDERATED_TOKEN_FILE that the azure-workload-identity "
    'webhook mounts (pod label azure.workload.identity/use: "true")',
    ("https://azure.github.io/azure-workload-identity/docs/",),
    context=(
        "AZURE_CLIENT_ID",
        "AZURE_TENANT_ID",
        "AZURE_FEDERATED_TOKEN_FILE",
        "AZURE_AUTHORITY_HOST",
        "HOSTNAME",
    ),
)
TERRAFORM = CiEnvironment(
    "terraform-cloud",
    "HCP Terraform",
    (("TFC_RUN_ID", None), ("TFC_WORKSPACE_NAME", None)),
    "TFC_WORKLOAD_IDENTITY_TOKEN, present in plan and apply when TFC_WORKLOAD_IDENTITY_AUDIENCE "
    "is set on the workspace",
    (
        "https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/"
        "manual-generation",
    ),
    context=(
        "TFC_RUN_ID",
        "TFC_WORKSPACE_NAME",
        "TFC_PROJECT_NAME",
        "TFC_AZURE_PROVIDER_AUTH",
        "TFC_AZURE_RUN_CLIENT_ID",
        "TFC_WORKLOAD_IDENTITY_AUDIENCE",
    ),
)
BITBUCKET = CiEnvironment(
    "bitbucket",
    "Bitbucket Pipelines",
    (("BITBUCKET_BUILD_NUMBER", None),),
    "BITBUCKET_STEP_OIDC_TOKEN, present in a step with oidc: true",
    (
        "https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/",
    ),
    context=(
        "BITBUCKET_WORKSPACE",
        "BITBUCKET_REPO_SLUG",
        "BITBUCKET_BRANCH",
        "BITBUCKET_BUILD_NUMBER",
        "BITBUCKET_DEPLOYMENT_ENVIRONMENT",
    ),
)
CIRCLECI = CiEnvironment(
    "circleci",
    "CircleCI",
    (("CIRCLECI", "true"),),
    'circleci run oidc get --claims \'{"aud":"api://AzureADTokenExchange"}\' '
    "(CIRCLE_OIDC_TOKEN_V2 carries the organization ID as audience)",
    ("https://circleci.com/docs/openid-connect-tokens/",),
    context=(
        "CIRCLE_PROJECT_USERNAME",
        "CIRCLE_PROJECT_REPONAME",
        "CIRCLE_BRANCH",
        "CIRCLE_TAG",
        "CIRCLE_BUILD_NUM",
    ),
)
BUILDKITE = CiEnvironment(
    "buildkite",
    "Buildkite",
    (("BUILDKITE", "true"),),
    "buildkite-agent oidc request-token --audience api://AzureADTokenExchange",
    ("https://buildkite.com/docs/agent/v3/cli-oidc",),
    context=(
        "BUILDKITE_ORGANIZATION_SLUG",
        "BUILDKITE_PIPELINE_SLUG",
        "BUILDKITE_BRANCH",
        "BUILDKITE_TAG",
        "BUILDKITE_BUILD_NUMBER",
        "BUILDKITE_STEP_KEY",
    ),
)

CI_ENVIRONMENTS: tuple[CiEnvironment, ...] = (
    GITHUB,
    AZURE_DEVOPS,
    GITLAB,
    TERRAFORM,
    BITBUCKET,
    CIRCLECI,
    BUILDKITE,
    KUBERNETES,  # last: a CI runner may itself run in a pod
)

# --- GitHub (platform-tokens §3.2; actions/toolkit packages/core/src/oidc-utils.ts)
GITHUB_REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL"
GITHUB_REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN"

# --- Azure DevOps (platform-tokens §4.2, §16.3, §16.5)
ADO_REQUEST_URI = "SYSTEM_OIDCREQUESTURI"
ADO_ACCESS_TOKEN = "SYSTEM_ACCESSTOKEN"
ADO_API_VERSION = "7.1"
# Where tasks and tools put the service connection's ID, in the order wifdoctor reads them
# (AzureCLI@2/AzurePowerShell@5 export AZURESUBSCRIPTION_*; hashicorp/go-azure-sdk reads ARM_*).
ADO_SERVICE_CONNECTION_VARS = (
    "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
    "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
    "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID",
)
# AzureCLI@2 with addSpnToEnvironment: true exposes the token to its own script as idToken.
ADO_TASK_TOKEN = "idToken"

# --- GitLab (platform-tokens §5.2): removed in GitLab 17.0
GITLAB_OBSOLETE_TOKENS = ("CI_JOB_JWT", "CI_JOB_JWT_V1", "CI_JOB_JWT_V2")

# --- Kubernetes (platform-tokens §6.2, §6.3; Azure/azure-workload-identity webhook)
TOKEN_FILE_VAR = "AZURE_FEDERATED_TOKEN_FILE"
WEBHOOK_VARS = (
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_AUTHORITY_HOST",
)
PROJECTED_TOKEN_PATH = "/var/run/secrets/azure/tokens/azure-identity-token"
DEFAULT_SA_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token"

# --- HCP Terraform (platform-tokens §7.2)
TFC_TOKEN = "TFC_WORKLOAD_IDENTITY_TOKEN"
TFC_AUDIENCE = "TFC_WORKLOAD_IDENTITY_AUDIENCE"
TFC_PROVIDER_AUTH = "TFC_AZURE_PROVIDER_AUTH"
TFC_CLIENT_ID_VARS = (
    "TFC_AZURE_RUN_CLIENT_ID",
    "TFC_AZURE_PLAN_CLIENT_ID",
    "TFC_AZURE_APPLY_CLIENT_ID",
)

# --- Bitbucket, CircleCI, Buildkite (platform-tokens §8.1, §9.1, §10.1)
BITBUCKET_TOKEN = "BITBUCKET_STEP_OIDC_TOKEN"
CIRCLECI_TOKENS = ("CIRCLE_OIDC_TOKEN_V2", "CIRCLE_OIDC_TOKEN")
CIRCLECI_COMMAND = ("circleci", "run", "oidc", "get", "--claims", '{"aud":"%s"}')
BUILDKITE_COMMAND = ("buildkite-agent", "oidc", "request-token", "--audience", "%s")
BUILDKITE_AGENT_TOKEN = "BUILDKITE_AGENT_ACCESS_TOKEN"

# --- What the SDKs read (platform-tokens §16.1, §16.7)
SDK_VARS = ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE")
# A stray secret makes DefaultAzureCredential's EnvironmentCredential win over federation.
# AKS identity bindings (preview, platform-tokens §6.6): the exchange goes through a cluster proxy
# that azure-identity uses only with WorkloadIdentityCredential(enable_azure_proxy=True).
IDENTITY_BINDING_VARS = ("AZURE_KUBERNETES_TOKEN_PROXY", "AZURE_KUBERNETES_SNI_NAME")
SECRET_SHADOWS_FEDERATION = "AZURE_CLIENT_SECRET"

# Names of environment variables whose values are secrets, whatever they hold: the report and the
# capture output mask their values (test-proxy's "sanitizers" model: Azure/azure-sdk-tools
# tools/test-proxy/Azure.Sdk.Tools.TestProxy/README.md).
SECRET_NAME = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|PWD|KEY|CREDENTIAL|ASSERTION|PRIVATE|CERT|CONNECTION_?STRING|"
    r"SAS|COOKIE|AUTH)",
    re.I,
)
# Names that match SECRET_NAME but hold no secret (paths, switches, IDs); shown as they are.
NOT_SECRET_NAME = re.compile(
    r"(_FILE|_PATH|_URL|_URI|_ID|_AUDIENCE|_NAME|_ENABLED|PROVIDER_AUTH|USE_OIDC)$", re.I
)


def detect_environment(env: dict[str, str]) -> CiEnvironment | None:
    """The platform whose variables are set, first match in CI_ENVIRONMENTS order."""
    for candidate in CI_ENVIRONMENTS:
        for name, value in candidate.detect:
            seen = env.get(name)
            if seen is None:
                continue
            if value is None or seen.strip().lower() == value.lower():
                return candidate
    return None


def environment_for(platform: str) -> CiEnvironment | None:
    return next((c for c in CI_ENVIRONMENTS if c.platform == platform), None)


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not NOT_SECRET_NAME.search(name)


# Where a job keeps the identity's client and tenant IDs, in the order capture --exchange reads
# them: the SDKs' (platform-tokens §16.1), AzureCLI@2/AzurePowerShell@5's (§16.3), Terraform's
# (§16.5), AzureCLI@2 addSpnToEnvironment's (§4.2).
CLIENT_ID_VARS = (
    "AZURE_CLIENT_ID",
    "AZURESUBSCRIPTION_CLIENT_ID",
    "ARM_CLIENT_ID",
    "servicePrincipalId",
)
TENANT_ID_VARS = ("AZURE_TENANT_ID", "AZURESUBSCRIPTION_TENANT_ID", "ARM_TENANT_ID", "tenantId")


def first_set(env: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((env[n].strip() for n in names if env.get(n, "").strip()), None)
