"""Example claim sets from reference/platform-tokens.md (invented values in the real shapes)."""

from __future__ import annotations

TENANT = "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
ENTRA_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
EXCHANGE_APP = "fb60f99c-7a34-4190-8149-302f77469936"
ADO_APP = "499b84ac-1321-427f-aa17-267ca6975798"
ADO_ENTRA_SUBJECT = (
    "/eid1/c/pub/t/HSpMO29ei0qcDR4vOktcbQ/a/rISbSSETf0KqFyZ8ppdXmA/sc/"
    "6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b/a7e2c9d4-1b3f-4d6a-8e5c-2f7b9a0c4d6e"
)

GITHUB = {
    "jti": "7c1f5e0a-2b1d-4c3e-9f20-8a6b5d4c3e21",
    "sub": "repo:Contoso/payments-api:ref:refs/heads/main",
    "aud": "api://AzureADTokenExchange",
    "ref": "refs/heads/main",
    "sha": "d6e3a1f0c9b84e7a2f5d1c3b9e8a7f6d5c4b3a21",
    "repository": "Contoso/payments-api",
    "repository_owner": "Contoso",
    "repository_owner_id": "1234567",
    "run_id": "12837465529",
    "run_number": "42",
    "run_attempt": "1",
    "repository_visibility": "private",
    "repository_id": "7654321",
    "actor_id": "9919",
    "actor": "octocat",
    "workflow": "Deploy",
    "head_ref": "",
    "base_ref": "",
    "event_name": "push",
    "ref_protected": "true",
    "ref_type": "branch",
    "workflow_ref": "Contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
    "workflow_sha": "d6e3a1f0c9b84e7a2f5d1c3b9e8a7f6d5c4b3a21",
    "job_workflow_ref": "Contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
    "job_workflow_sha": "d6e3a1f0c9b84e7a2f5d1c3b9e8a7f6d5c4b3a21",
    "check_run_id": "35771839204",
    "runner_environment": "github-hosted",
    "enterprise": "contoso-ent",
    "enterprise_id": "4242",
    "iss": "https://token.actions.githubusercontent.com",
    "nbf": 1767225000,
    "exp": 1767225900,
    "iat": 1767225600,
}

ADO_VSTOKEN = {
    "jti": "0c8a9a5e-7d4b-4c53-a1d8-3f5e0b6a2c11",
    "sub": "sc://contoso/Payments/payments-prod-wif",
    "aud": "api://AzureADTokenExchange",
    "iss": "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
    "nbf": 1767225000,
    "exp": 1767225900,
    "iat": 1767225600,
}

ADO_ENTRA = {
    "aud": EXCHANGE_APP,
    "iss": ENTRA_ISSUER,
    "iat": 1767225600,
    "nbf": 1767225600,
    "exp": 1767312300,
    "aio": "k2BgYJjzf2Hq9/3y0lqv3s5wCwA=",
    "azp": ADO_APP,
    "azpacr": "2",
    "idtyp": "app",
    "oid": "0e7d1c2b-3a4f-4e5d-8c6b-7a8f9e0d1c2b",
    "rh": "1.AXgAHSpMO29ei0qcDR4vOktcbZz5YPw0epBBgUkwL3dGmTZ4AAB4AA.",
    "sub": ADO_ENTRA_SUBJECT,
    "tid": TENANT,
    "uti": "Xk3pQ2r7Z0eR5tY8uI1oAA",
    "ver": "2.0",
    "xms_ficinfo": "CAAQABgAIAAoAjAA",
    "xms_idrel": "7 22",
}

ADO_PIPELINE = {
    "sub": "p://contoso/Payments/payments-ci",
    "aud": "api://AzureADTokenExchange",
    "iss": "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
    "org_id": "6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
    "prj_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    "def_id": "17",
    "rpo_id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
    "rpo_uri": "https://github.com/contoso/payments.git",
    "rpo_ver": "d6e3a1f0",
    "rpo_ref": "refs/heads/main",
    "run_id": "4711",
    "iat": 1767225600,
    "nbf": 1767225000,
    "exp": 1767225900,
}

GITLAB = {
    "namespace_id": "72",
    "namespace_path": "contoso/platform",
    "project_id": "20",
    "project_path": "contoso/platform/payments",
    "user_id": "1",
    "user_login": "jdoe",
    "user_email": "jdoe@contoso.com",
    "user_access_level": "maintainer",
    "user_identities": [{"provider": "saml", "extern_uid": "jdoe@contoso.com"}],
    "pipeline_id": "574",
    "pipeline_source": "push",
    "job_id": "302",
    "ref": "main",
    "ref_type": "branch",
    "ref_path": "refs/heads/main",
    "ref_protected": "true",
    "groups_direct": ["contoso/platform"],
    "environment": "production",
    "environment_protected": "true",
    "deployment_tier": "production",
    "environment_action": "start",
    "runner_id": 27,
    "runner_environment": "gitlab-hosted",
    "sha": "714a629c0b401fdce83e847fc9589983fc6f46bc",
    "project_visibility": "private",
    "ci_config_ref_uri": "gitlab.com/contoso/platform/payments//.gitlab-ci.yml@refs/heads/main",
    "ci_config_sha": "714a629c0b401fdce83e847fc9589983fc6f46bc",
    "jti": "235b3a54-b797-45c7-ae9a-f72d7bc6ef5b",
    "iss": "https://gitlab.com",
    "iat": 1767225600,
    "nbf": 1767225595,
    "exp": 1767229200,
    "sub": "project_path:contoso/platform/payments:ref_type:branch:ref:main",
    "aud": "api://AzureADTokenExchange",
}

AKS = {
    "aud": ["api://AzureADTokenExchange"],
    "exp": 1767229200,
    "iat": 1767225600,
    "iss": f"https://westeurope.oic.prod-aks.azure.com/{TENANT}/8f2e6c1a-9b3d-4e7f-a0c5-d2b4e6f8a1c3/",
    "jti": "c2b8f6d1-3e4a-4b5c-9d7e-1f2a3b4c5d6e",
    "kubernetes.io": {
        "namespace": "payments",
        "node": {"name": "aks-nodepool1-12345678-vmss000000", "uid": "5e1f6a2b"},
        "pod": {"name": "payments-api-7d9c8b6f5-x2k4p", "uid": "9a8b7c6d"},
        "serviceaccount": {"name": "payments-api", "uid": "1f2e3d4c"},
    },
    "nbf": 1767225600,
    "sub": "system:serviceaccount:payments:payments-api",
}

TERRAFORM = {
    "jti": "1192426d-b525-4fde-9d52-a4bc6e2bc9c8",
    "iss": "https://app.terraform.io",
    "aud": "api://AzureADTokenExchange",
    "iat": 1767225600,
    "nbf": 1767225600,
    "exp": 1767225900,
    "sub": "organization:contoso:project:Default Project:workspace:payments-prod:run_phase:apply",
    "terraform_organization_id": "org-GRNbCjYNpBB6NEH9",
    "terraform_organization_name": "contoso",
    "terraform_project_id": "prj-vegSA59s1XPwMr2t",
    "terraform_project_name": "Default Project",
    "terraform_workspace_id": "ws-mbsd5E3Ktt5Rg2Xm",
    "terraform_workspace_name": "payments-prod",
    "terraform_full_workspace": (
        "organization:contoso:project:Default Project:workspace:payments-prod"
    ),
    "terraform_run_id": "run-X3n1AUXNGWbfECsJ",
    "terraform_run_phase": "apply",
}

BITBUCKET = {
    "sub": "{3d8f2b1a-6c4e-4f9a-b2d7-0e1c5a9f8b34}:{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}",
    "aud": "ari:cloud:bitbucket::workspace/7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "stepUuid": "{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}",
    "iss": "https://api.bitbucket.org/2.0/workspaces/contoso/pipelines-config/identity/oidc",
    "repositoryUuid": "{3d8f2b1a-6c4e-4f9a-b2d7-0e1c5a9f8b34}",
    "branchName": "main",
    "pipelineUuid": "{5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f}",
    "workspaceUuid": "{7c9e6679-7425-40de-944b-e07fc1f90ae7}",
    "accountUuid": "{0a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d}",
    "iat": 1767225600,
    "exp": 1767229200,
}

CIRCLECI = {
    "iss": "https://oidc.circleci.com/org/1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b",
    "sub": "org/1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b/project/8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e"
    "/user/2b3c4d5e-6f70-4819-a2b3-c4d5e6f7a8b9/vcs-origin/github.com/contoso/payments-api"
    "/vcs-ref/refs/heads/main",
    "aud": "api://AzureADTokenExchange",
    "iat": 1767225600,
    "exp": 1767229200,
    "oidc.circleci.com/project-id": "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e",
    "oidc.circleci.com/context-ids": ["0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"],
    "oidc.circleci.com/vcs-origin": "github.com/contoso/payments-api",
    "oidc.circleci.com/vcs-ref": "refs/heads/main",
    "oidc.circleci.com/ssh-rerun": False,
}

BUILDKITE = {
    "iss": "https://agent.buildkite.com",
    "sub": "0184990a-4f3c-4b8e-9a12-7d5e6f7a8b9c",
    "aud": "api://AzureADTokenExchange",
    "iat": 1767225600,
    "nbf": 1767225600,
    "exp": 1767225900,
    "organization_slug": "contoso",
    "organization_id": "0184990a-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
    "pipeline_slug": "payments-deploy",
    "pipeline_id": "0184990a-4f3c-4b8e-9a12-7d5e6f7a8b9c",
    "build_number": 128,
    "build_branch": "main",
    "build_tag": None,
    "build_commit": "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
    "build_source": "webhook",
    "step_key": "deploy",
    "job_id": "0184990a-477b-4fa8-9968-496074483cee",
    "agent_id": "0184990a-4782-42b5-afc1-16715b10b8ff",
    "runner_environment": "buildkite-hosted",
}
BUILDKITE_DEFAULT_SUBJECT = (
    "organization:contoso:pipeline:payments-deploy:ref:refs/heads/main"
    ":commit:9f3182061f1e2cca4702c368cbc039b7dc9d4485:step:deploy"
)

GOOGLE = {
    "aud": "api://AzureADTokenExchange",
    "azp": "112233445566778899001",
    "email": "payments@contoso-prod.iam.gserviceaccount.com",
    "email_verified": True,
    "exp": 1767229200,
    "google": {
        "compute_engine": {
            "instance_creation_timestamp": 1765000000,
            "instance_id": "4356789012345678901",
            "instance_name": "payments-vm-1",
            "project_id": "contoso-prod",
            "project_number": 123456789012,
            "zone": "europe-west1-b",
        }
    },
    "iat": 1767225600,
    "iss": "https://accounts.google.com",
    "sub": "112233445566778899001",
}

AWS_OUTBOUND = {
    "iss": "https://a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d.tokens.sts.global.api.aws",
    "aud": "api://AzureADTokenExchange",
    "sub": "arn:aws:iam::123456789012:role/payments-app",
    "iat": 1767225600,
    "exp": 1767225900,
    "jti": "5d0c3b2a-1f9e-4d8c-b7a6-5e4d3c2b1a09",
    "https://sts.amazonaws.com/": {
        "aws_account": "123456789012",
        "source_region": "eu-west-1",
        "org_id": "o-a1b2c3d4e5",
        "ou_path": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"],
        "principal_tags": {"team": "payments"},
        "request_tags": {"env": "prod"},
        "original_session_exp": "2026-01-01T06:00:00Z",
    },
}

COGNITO = {
    "sub": "eu-west-1:0f1e2d3c-4b5a-4697-8877-665544332211",
    "aud": "eu-west-1:a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
    "amr": [
        "authenticated",
        "cognito-identity.amazonaws.com",
        "cognito-identity.amazonaws.com:eu-west-1:a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
        ":eu-west-1:0f1e2d3c-4b5a-4697-8877-665544332211",
    ],
    "iss": "https://cognito-identity.amazonaws.com",
    "exp": 1767226200,
    "iat": 1767225600,
}

SPIFFE = {
    "aud": ["api://AzureADTokenExchange"],
    "exp": 1767225900,
    "iat": 1767225600,
    "iss": "https://oidc-discovery.contoso.com",
    "sub": "spiffe://contoso.com/ns/payments/sa/payments-api",
}

JENKINS = {
    "iss": "https://jenkins.contoso.com/oidc",
    "aud": "api://AzureADTokenExchange",
    "sub": "https://jenkins.contoso.com/job/payments/job/deploy/",
    "iat": 1767225600,
    "exp": 1767229200,
    "build_number": 42,
}

MANAGED_IDENTITY = {
    "aud": EXCHANGE_APP,
    "iss": ENTRA_ISSUER,
    "iat": 1767225600,
    "nbf": 1767225600,
    "exp": 1767312300,
    "aio": "k2BgYDhTn9f0sWq5Z7r1cD8eAAA=",
    "azp": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
    "azpacr": "2",
    "idtyp": "app",
    "oid": "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
    "rh": "1.AXgAHSpMO29ei0qcDR4vOktcbZz5YPw0epBBgUkwL3dGmTZ4AAB4AA.",
    "sub": "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
    "tid": TENANT,
    "uti": "q9W2e3R4t5Y6u7I8o9P0AA",
    "ver": "2.0",
    "xms_mirid": "/subscriptions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourcegroups/rg-identity"
    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cross-tenant",
}
