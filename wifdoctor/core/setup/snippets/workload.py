"""The workload's side of the trust: what the job or pod must do to present the right token.

GitHub: ``permissions: id-token: write`` and azure/login (which asks for
api://AzureADTokenExchange); Azure DevOps: a workload identity service connection used by
AzureCLI@2; Kubernetes: the ServiceAccount annotation and the pod-template label of
azure-workload-identity; GitLab: ``id_tokens`` with the audience; HCP Terraform: the
TFC_AZURE_* variables (reference platform-tokens.md 3.8, 4.5, 5.2, 6.5, 7.2).
"""

from __future__ import annotations

from wifdoctor.core.setup.model import Proposal
from wifdoctor.core.setup.snippets.quoting import client_id, hcl, yaml
from wifdoctor.knowledge.setup_tools import GITHUB_LOGIN_ACTION


def github(proposal: Proposal) -> str:
    inputs = proposal.inputs
    entity, value = inputs.get("entity", "branch"), inputs.get("value", "")
    if entity == "environment":
        trigger, environment = "workflow_dispatch: {}", f"    environment: {yaml(value)}\n"
    elif entity == "pull_request":
        trigger, environment = "pull_request: {}", ""
    elif entity == "tag":
        tag = value.removeprefix("refs/tags/")
        trigger, environment = f"push:\n    tags: [{yaml(tag)}]", ""
    else:
        branch = value.removeprefix("refs/heads/")
        trigger, environment = f"push:\n    branches: [{yaml(branch)}]", ""
    return (
        "name: deploy\n"
        f"on:\n  {trigger}\n"
        "permissions:\n"
        "  id-token: write   # without it GitHub gives the job no OIDC token\n"
        "  contents: read\n"
        "jobs:\n"
        "  deploy:\n"
        "    runs-on: ubuntu-latest\n"
        f"{environment}"
        "    steps:\n"
        f"      - uses: {GITHUB_LOGIN_ACTION}\n"
        "        with:\n"
        f"          client-id: {yaml(client_id(proposal.target))}\n"
        "          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n"
        "          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}\n"
        f"          audience: {yaml(proposal.credential.audience)}\n"
        "      - run: az account show\n"
    )


def azure_devops(proposal: Proposal) -> str:
    connection = proposal.inputs.get("service_connection") or "<SERVICE_CONNECTION>"
    return (
        "# Azure DevOps: create the service connection as 'Workload identity federation\n"
        "# (manual)', paste the issuer and subject above into the credential, then use it:\n"
        "steps:\n"
        "  - task: AzureCLI@2\n"
        "    inputs:\n"
        f"      azureSubscription: {yaml(connection)}\n"
        "      scriptType: bash\n"
        "      scriptLocation: inlineScript\n"
        "      inlineScript: az account show\n"
    )


def kubernetes(proposal: Proposal) -> str:
    namespace = proposal.inputs.get("namespace", "default")
    account = proposal.inputs.get("service_account", "default")
    return (
        "apiVersion: v1\n"
        "kind: ServiceAccount\n"
        "metadata:\n"
        f"  name: {yaml(account)}\n"
        f"  namespace: {yaml(namespace)}\n"
        "  annotations:\n"
        f"    azure.workload.identity/client-id: {yaml(client_id(proposal.target))}\n"
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        f"  name: {yaml(account)}\n"
        f"  namespace: {yaml(namespace)}\n"
        "spec:\n"
        "  selector:\n"
        f"    matchLabels: {{app: {yaml(account)}}}\n"
        "  template:\n"
        "    metadata:\n"
        "      labels:\n"
        f"        app: {yaml(account)}\n"
        '        azure.workload.identity/use: "true"   # on the pod template, not the Deployment\n'
        "    spec:\n"
        f"      serviceAccountName: {yaml(account)}\n"
        "      containers:\n"
        "        - name: app\n"
        "          image: <IMAGE>\n"
    )


def gitlab(proposal: Proposal) -> str:
    return (
        "deploy:\n"
        "  id_tokens:\n"
        "    AZURE_ID_TOKEN:\n"
        f"      aud: {yaml(proposal.credential.audience)}\n"
        "  script:\n"
        "    - >-\n"
        f"      az login --service-principal -u {client_id(proposal.target)}\n"
        '      -t "$AZURE_TENANT_ID" --federated-token "$AZURE_ID_TOKEN"\n'
    )


def terraform(proposal: Proposal) -> str:
    workspace = proposal.inputs.get("workspace", "<WORKSPACE>")
    variables = (
        ("TFC_AZURE_PROVIDER_AUTH", "true"),
        ("TFC_AZURE_RUN_CLIENT_ID", client_id(proposal.target)),
        ("TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE", proposal.credential.audience),
    )
    blocks = [
        "# HCP Terraform: environment variables on the workspace (tfe provider). Do not set\n"
        "# ARM_CLIENT_ID or ARM_USE_OIDC: HCP Terraform hands the token to the providers.\n"
        'data "tfe_workspace" "target" {\n'
        f"  name         = {hcl(workspace)}\n"
        f"  organization = {hcl(proposal.inputs.get('organization', '<ORGANIZATION>'))}\n"
        "}\n"
    ]
    for key, value in variables:
        blocks.append(
            f'resource "tfe_variable" "{key.lower()}" {{\n'
            f"  key          = {hcl(key)}\n"
            f"  value        = {hcl(value)}\n"
            '  category     = "env"\n'
            "  workspace_id = data.tfe_workspace.target.id\n"
            "}\n"
        )
    return "\n".join(blocks)


def other(proposal: Proposal) -> str:
    return (
        "# Any other issuer: have the workload request a token whose\n"
        f"#   iss is {proposal.credential.issuer}\n"
        f"#   sub is {proposal.credential.subject}\n"
        f"#   aud is {proposal.credential.audience}\n"
        "# and send it as client_assertion to Entra's token endpoint.\n"
    )


def render(proposal: Proposal) -> str:
    renderers = {
        "github-actions": github,
        "azure-devops": azure_devops,
        "kubernetes": kubernetes,
        "gitlab": gitlab,
        "terraform-cloud": terraform,
    }
    return renderers.get(proposal.platform, other)(proposal)
