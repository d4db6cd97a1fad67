"""Findings from a job's environment variables: what the platform or the consuming SDK lacks.

Pure: the capture module reads the environment and hands it in. Each finding names the variable
and where it should come from; values are never quoted (some are secrets).
"""

from __future__ import annotations

from collections.abc import Mapping

from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.rules.advice import ADO_OIDC_COPY, GITHUB_PERMISSIONS_COPY, default_fix
from wifdoctor.knowledge import ci_environments as ci

GITLAB_ID_TOKENS = "id_tokens:\n  AZURE_ID_TOKEN:\n    aud: api://AzureADTokenExchange"
BITBUCKET_OIDC = "- step:\n    oidc: true"
TFC_AUDIENCE_COPY = Copyable(
    "HCP Terraform workspace variable (environment)",
    f"{ci.TFC_AUDIENCE}={ci.EXCHANGE_AUDIENCE}",
)


def _missing(env: Mapping[str, str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if not env.get(name, "").strip()]


def github_permission_missing(env: Mapping[str, str]) -> Finding | None:
    """GitHub sets both request variables only for jobs with ``id-token: write``."""
    missing = _missing(env, (ci.GITHUB_REQUEST_URL, ci.GITHUB_REQUEST_TOKEN))
    if not missing:
        return None
    return make_finding(
        "token-permission-missing",
        f"This GitHub Actions job has no {' and no '.join(missing)}: GitHub sets them only when "
        "the job may request an ID token (permissions: id-token: write). azure/login fails here "
        "with 'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable' (Azure/login#477).",
        default_fix("token-permission-missing"),
        {"missing": ", ".join(missing), "event": env.get("GITHUB_EVENT_NAME")},
        copy=(GITHUB_PERMISSIONS_COPY,),
    )


def ado_request_settings(env: Mapping[str, str], service_connection: str | None) -> list[Finding]:
    """What AzurePipelinesCredential and the token request need in an Azure DevOps job."""
    findings: list[Finding] = []
    if not env.get(ci.ADO_REQUEST_URI, "").strip():
        findings.append(
            make_finding(
                "client-settings-missing",
                f"{ci.ADO_REQUEST_URI} is not set: it exists only inside an Azure Pipelines job "
                "(System.OidcRequestUri); AzurePipelinesCredential refuses to run without it.",
                default_fix("client-settings-missing"),
                {"missing": ci.ADO_REQUEST_URI},
            )
        )
    if not env.get(ci.ADO_ACCESS_TOKEN, "").strip():
        findings.append(
            make_finding(
                "client-settings-missing",
                f"{ci.ADO_ACCESS_TOKEN} is not in this step's environment. Azure DevOps never "
                "exports System.AccessToken by itself: map it with `env: SYSTEM_ACCESSTOKEN: "
                "$(System.AccessToken)`.",
                default_fix("client-settings-missing"),
                {"missing": ci.ADO_ACCESS_TOKEN},
                copy=(Copyable("Step env", "env:\n  SYSTEM_ACCESSTOKEN: $(System.AccessToken)"),),
            )
        )
    if service_connection is None:
        names = ", ".join(ci.ADO_SERVICE_CONNECTION_VARS)
        findings.append(
            make_finding(
                "client-settings-missing",
                "No service connection ID is known to this step (none of "
                f"{names}, and no --service-connection). Without one the OIDC endpoint gives a "
                "pipeline token (subject p://...) that no service connection's federated "
                "credential matches (stackitcloud/terraform-provider-stackit#1321).",
                (
                    "Pass the service connection's ID (a GUID, from the service connection's "
                    "URL or its 'Manage service connection' page) with --service-connection, "
                    "or run inside AzureCLI@2 / AzurePowerShell@5, which export "
                    "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID.",
                ),
                {"missing": "service connection ID"},
                copy=(ADO_OIDC_COPY,),
            )
        )
    return findings


def terraform_provider_get(env: Mapping[str, str]) -> bool:
    """Whether the azurerm/azapi provider would ask SYSTEM_OIDCREQUESTURI the GitHub way.

    hashicorp/go-azure-sdk falls back from ARM_OIDC_REQUEST_URL to SYSTEM_OIDCREQUESTURI, and
    without a service connection ID (ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID, or
    AZURESUBSCRIPTION_SERVICE_CONNECTION_ID in azurerm) treats it as GitHub's endpoint (GET)
    (platform-tokens §16.5, from hashicorp/go-azure-sdk's auth code and the provider's config).
    """
    if env.get("ARM_USE_OIDC", "").strip().lower() != "true":
        return False
    return not any(env.get(name, "").strip() for name in ci.ADO_SERVICE_CONNECTION_VARS)


def gitlab_no_token(env: Mapping[str, str]) -> Finding:
    obsolete = [name for name in ci.GITLAB_OBSOLETE_TOKENS if env.get(name)]
    said = (
        f" The job still has {', '.join(obsolete)}, which GitLab removed in 17.0; do not use it."
        if obsolete
        else ""
    )
    return make_finding(
        "token-permission-missing",
        "This GitLab job has no ID token in its environment: GitLab creates one only for the "
        "variables declared under id_tokens: in .gitlab-ci.yml, each with its own aud." + said,
        (
            "Declare an ID token for the job with aud: api://AzureADTokenExchange, then pass "
            "its variable name with --env-var if it is not found by itself.",
        ),
        {"obsolete": ", ".join(obsolete) or None},
        copy=(Copyable(".gitlab-ci.yml", GITLAB_ID_TOKENS),),
    )


def terraform_no_token(env: Mapping[str, str]) -> list[Finding]:
    findings: list[Finding] = []
    provider_auth = env.get(ci.TFC_PROVIDER_AUTH, "").strip().lower() == "true"
    findings.append(
        make_finding(
            "token-permission-missing",
            f"This HCP Terraform run has no {ci.TFC_TOKEN}: the run exposes the workload "
            f"identity token only when the workspace sets {ci.TFC_AUDIENCE}."
            + (
                f" With {ci.TFC_PROVIDER_AUTH}=true the token goes to the azurerm/azuread "
                "providers only, not to the run's own commands."
                if provider_auth
                else ""
            ),
            (f"Add the environment variable {ci.TFC_AUDIENCE}={ci.EXCHANGE_AUDIENCE}.",),
            {"missing": ci.TFC_TOKEN},
            copy=(TFC_AUDIENCE_COPY,),
        )
    )
    findings += terraform_settings(env)
    return findings


def terraform_settings(env: Mapping[str, str]) -> list[Finding]:
    if env.get(ci.TFC_PROVIDER_AUTH, "").strip().lower() != "true":
        return []
    if any(env.get(name, "").strip() for name in ci.TFC_CLIENT_ID_VARS):
        return []
    return [
        make_finding(
            "client-settings-missing",
            f"{ci.TFC_PROVIDER_AUTH}=true but none of {', '.join(ci.TFC_CLIENT_ID_VARS)} is "
            "set: HCP Terraform does not know which app or managed identity to sign in as.",
            ("Set TFC_AZURE_RUN_CLIENT_ID to the client ID of the identity that has the FIC.",),
            {"missing": ", ".join(ci.TFC_CLIENT_ID_VARS)},
        )
    ]


def bitbucket_no_token() -> Finding:
    return make_finding(
        "token-permission-missing",
        f"This Bitbucket step has no {ci.BITBUCKET_TOKEN}: Bitbucket mints it only for steps "
        "with oidc: true.",
        ("Add oidc: true to the step (and audiences: [api://AzureADTokenExchange]).",),
        {"missing": ci.BITBUCKET_TOKEN},
        copy=(Copyable("bitbucket-pipelines.yml", BITBUCKET_OIDC),),
    )


def kubernetes_not_injected(env: Mapping[str, str], default_token_present: bool) -> Finding:
    present = [name for name in ci.WEBHOOK_VARS if env.get(name)]
    default = (
        " The pod has only its default service-account token, whose audience is the API "
        "server: Entra refuses it (AADSTS700212)."
        if default_token_present
        else ""
    )
    return make_finding(
        "workload-identity-not-injected",
        f"This pod has no {ci.TOKEN_FILE_VAR}: the workload identity webhook did not mutate it "
        '(the pod template lacks the label azure.workload.identity/use: "true", the pod '
        "predates the label or annotation, or the cluster has no webhook)." + default,
        default_fix("workload-identity-not-injected"),
        {"present": ", ".join(present) or "none of the webhook's variables"},
    )


def sdk_settings(env: Mapping[str, str], *, token_file: bool) -> Finding | None:
    """The azure-identity contract (platform-tokens §16.1): client, tenant and token file."""
    names = ci.SDK_VARS if token_file else ci.SDK_VARS[:2]
    missing = _missing(env, names)
    if not missing:
        return None
    why = (
        " The webhook sets AZURE_CLIENT_ID from the service account's annotation "
        "azure.workload.identity/client-id; without it the variable is missing."
        if token_file and "AZURE_CLIENT_ID" in missing
        else ""
    )
    return make_finding(
        "client-settings-missing",
        f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
        "WorkloadIdentityCredential (and DefaultAzureCredential) cannot use the token without "
        "them." + why,
        default_fix("client-settings-missing"),
        {"missing": ", ".join(missing)},
        severity="error" if token_file else "warning",
    )


def token_file_missing(path: str, reason: str) -> Finding:
    return make_finding(
        "client-settings-missing",
        f"{ci.TOKEN_FILE_VAR} names {path}, but {reason}. The projected volume is not mounted in "
        "this container (skip-containers, a hand-written env, or another container's path).",
        default_fix("workload-identity-not-injected"),
        {ci.TOKEN_FILE_VAR: path, "problem": reason},
    )
