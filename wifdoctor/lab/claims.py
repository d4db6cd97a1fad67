"""Realistic ID token claims per platform (reference platform-tokens.md and entra-errors B.9).

Each builder takes the scenario's platform context (owner, repository, ref...) and returns the
claims the platform would put in its token, without the times (the minting step adds those).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Mapping
from typing import Any

Context = Mapping[str, Any]


def _s(context: Context, key: str, default: str) -> str:
    value = context.get(key, default)
    return str(value)


def github(context: Context) -> dict[str, Any]:
    owner = _s(context, "owner", "contoso")
    repo = _s(context, "repo", "payments-api")
    ref = _s(context, "ref", "refs/heads/main")
    environment = context.get("environment")
    event = _s(context, "event_name", "push")
    full = f"{owner}/{repo}"
    if environment:
        sub = f"repo:{full}:environment:{environment}"
    elif event == "pull_request":
        sub = f"repo:{full}:pull_request"
    else:
        sub = f"repo:{full}:ref:{ref}"
    workflow = _s(context, "workflow_file", "deploy.yml")
    claims: dict[str, Any] = {
        "jti": str(uuid.uuid4()),
        "sub": sub,
        "aud": _s(context, "audience", "api://AzureADTokenExchange"),
        "ref": ref,
        "sha": "4f1c8a2f3b7d9e0a1c2b3d4e5f60718293a4b5c6",
        "repository": full,
        "repository_owner": owner,
        "repository_owner_id": _s(context, "owner_id", "6844498"),
        "run_id": "9876543210",
        "run_number": "42",
        "run_attempt": "1",
        "repository_visibility": "private",
        "repository_id": _s(context, "repo_id", "117169328"),
        "actor_id": "1234567",
        "actor": "octocat",
        "workflow": "Deploy",
        "head_ref": "",
        "base_ref": "",
        "event_name": event,
        "ref_type": "tag" if ref.startswith("refs/tags/") else "branch",
        "workflow_ref": f"{full}/.github/workflows/{workflow}@{ref}",
        "workflow_sha": "4f1c8a2f3b7d9e0a1c2b3d4e5f60718293a4b5c6",
        "job_workflow_ref": f"{full}/.github/workflows/{workflow}@{ref}",
        "job_workflow_sha": "4f1c8a2f3b7d9e0a1c2b3d4e5f60718293a4b5c6",
        "runner_environment": "github-hosted",
    }
    if environment:
        claims["environment"] = environment
    if context.get("enterprise"):
        claims["enterprise"] = context["enterprise"]
        claims["enterprise_id"] = _s(context, "enterprise_id", "4321")
    return claims


def azure_devops(context: Context) -> dict[str, Any]:
    org = _s(context, "org", "contoso")
    project = _s(context, "project", "payments")
    connection = _s(context, "service_connection", "payments-prod")
    return {
        "jti": str(uuid.uuid4()),
        "sub": f"sc://{org}/{project}/{connection}",
        "aud": _s(context, "audience", "api://AzureADTokenExchange"),
    }


def azure_devops_entra(context: Context) -> dict[str, Any]:
    """The Entra-issued generation: the subject is Entra's /eid1/ form (reference B.9)."""
    tenant = _s(context, "tenant_id", "00000000-0000-0000-0000-000000000000")
    app = _s(context, "issuing_app", "499b84ac-1321-427f-aa17-267ca6975798")
    org_id = _s(context, "org_id", "5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59")
    connection_id = _s(context, "service_connection_id", "9d2f3e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6")

    def b64(guid: str) -> str:
        return base64.urlsafe_b64encode(uuid.UUID(guid).bytes_le).rstrip(b"=").decode()

    return {
        "sub": f"/eid1/c/pub/t/{b64(tenant)}/a/{b64(app)}/sc/{org_id}/{connection_id}",
        "aud": _s(context, "audience", "api://AzureADTokenExchange"),
        "tid": tenant,
        "azp": app,
        "ver": "2.0",
    }


def kubernetes(context: Context) -> dict[str, Any]:
    namespace = _s(context, "namespace", "payments")
    account = _s(context, "service_account", "workload-sa")
    return {
        "sub": f"system:serviceaccount:{namespace}:{account}",
        "aud": [_s(context, "audience", "api://AzureADTokenExchange")],
        "kubernetes.io": {
            "namespace": namespace,
            "pod": {"name": f"{account}-7d9f8c6b5-x2k4q", "uid": str(uuid.uuid4())},
            "serviceaccount": {"name": account, "uid": str(uuid.uuid4())},
        },
    }


def gitlab(context: Context) -> dict[str, Any]:
    path = _s(context, "project_path", "contoso/payments-api")
    ref = _s(context, "ref", "main")
    ref_type = _s(context, "ref_type", "branch")
    group = path.split("/", 1)[0]
    return {
        "jti": str(uuid.uuid4()),
        "sub": f"project_path:{path}:ref_type:{ref_type}:ref:{ref}",
        "aud": _s(context, "audience", "api://AzureADTokenExchange"),
        "namespace_id": "72",
        "namespace_path": group,
        "project_id": _s(context, "project_id", "57382910"),
        "project_path": path,
        "user_id": "15",
        "user_login": "ci-bot",
        "pipeline_id": "1212",
        "pipeline_source": "push",
        "job_id": "4413",
        "ref": ref,
        "ref_type": ref_type,
        "ref_protected": "true",
        "runner_environment": "gitlab-hosted",
    }


def terraform(context: Context) -> dict[str, Any]:
    org = _s(context, "organization", "contoso")
    project = _s(context, "project", "platform")
    workspace = _s(context, "workspace", "payments-prod")
    phase = _s(context, "run_phase", "apply")
    return {
        "jti": str(uuid.uuid4()),
        "sub": f"organization:{org}:project:{project}:workspace:{workspace}:run_phase:{phase}",
        "aud": _s(context, "audience", "api://AzureADTokenExchange"),
        "terraform_organization_name": org,
        "terraform_project_name": project,
        "terraform_workspace_name": workspace,
        "terraform_run_phase": phase,
        "terraform_run_id": "run-CZcmD7eagjhyX0vN",
        "terraform_full_workspace": f"organization:{org}:project:{project}:workspace:{workspace}",
    }


BUILDERS: dict[str, Callable[[Context], dict[str, Any]]] = {
    "github-actions": github,
    "azure-devops": azure_devops,
    "azure-devops-entra": azure_devops_entra,
    "kubernetes": kubernetes,
    "gitlab": gitlab,
    "terraform-cloud": terraform,
}

# Typical lifetimes in seconds (reference B.9): GitHub ~5 min, ADO ~10 min, AKS 1 h.
LIFETIMES: dict[str, int] = {
    "github-actions": 300,
    "azure-devops": 600,
    "azure-devops-entra": 600,
    "kubernetes": 3600,
    "gitlab": 300,
    "terraform-cloud": 3600,
}
