"""Subjects of every platform but GitHub (test_github_subjects.py), split into canonical parts."""

from __future__ import annotations

import pytest

from tests.knowledge import platform_examples as ex
from wifdoctor.knowledge.platforms import parse_subject
from wifdoctor.knowledge.platforms.azure_devops import ADO_APP_ID, decode_guid, encode_guid
from wifdoctor.knowledge.platforms.kubernetes import controller_for


def test_guid_encoding_matches_the_reference() -> None:
    assert encode_guid("3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d") == "HSpMO29ei0qcDR4vOktcbQ"
    assert encode_guid(ADO_APP_ID) == "rISbSSETf0KqFyZ8ppdXmA"
    assert decode_guid("HSpMO29ei0qcDR4vOktcbQ") == "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
    assert decode_guid("rISbSSETf0KqFyZ8ppdXmA") == ADO_APP_ID
    for junk in ("", "abc", "HSpMO29ei0qcDR4vOktcb!", "HSpMO29ei0qcDR4vOktcbQQ", "=" * 22):
        assert decode_guid(junk) is None


def test_azure_devops_subjects() -> None:
    sc = parse_subject("sc://contoso/Payments/payments-prod-wif")
    assert sc is not None and sc.shape == "ado-service-connection"
    assert sc.as_dict() == {
        "organization": "contoso",
        "project": "Payments",
        "service_connection": "payments-prod-wif",
    }
    pipeline = parse_subject("p://contoso/Payments/payments-ci")
    assert pipeline is not None and pipeline.shape == "ado-pipeline"
    assert pipeline.as_dict() == {
        "organization": "contoso",
        "project": "Payments",
        "pipeline": "payments-ci",
    }
    assert any("service connection" in note for note in pipeline.notes)
    entra = parse_subject(ex.ADO_ENTRA_SUBJECT)
    assert entra is not None and entra.shape == "ado-entra-service-connection"
    assert entra.as_dict() == {
        "cloud": "public",
        "tenant_id": "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
        "app_id": ADO_APP_ID,
        "organization_id": "6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
        "service_connection_id": "a7e2c9d4-1b3f-4d6a-8e5c-2f7b9a0c4d6e",
    }


def test_entra_eid1_subjects_that_are_not_service_connections() -> None:
    parsed = parse_subject("/eid1/c/pub/t/HSpMO29ei0qcDR4vOktcbQ/a/rISbSSETf0KqFyZ8ppdXmA/x/y")
    assert parsed is not None and parsed.shape == "entra-eid1"
    assert parsed.get("tenant_id") == "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
    assert parsed.get("remainder") == "x/y"
    bad = parse_subject("/eid1/c/pub/t/notbase64!/a/rISbSSETf0KqFyZ8ppdXmA/sc/x/y")
    assert bad is not None and bad.get("tenant_id") == "notbase64!"
    assert bad.notes


def test_kubernetes_subjects_and_controllers() -> None:
    parsed = parse_subject("system:serviceaccount:payments:payments-api")
    assert parsed is not None and parsed.shape == "kubernetes-service-account"
    assert parsed.as_dict() == {"namespace": "payments", "service_account": "payments-api"}
    assert parsed.notes == ()
    keda = parse_subject("system:serviceaccount:keda:keda-operator")
    assert keda is not None and any("KEDA" in note for note in keda.notes)
    assert controller_for("keda", "keda-operator") is not None
    assert controller_for("platform", "keda-operator") is not None
    assert controller_for("external-secrets", "external-secrets") is not None
    assert controller_for("cert-manager", "cert-manager") is not None
    assert controller_for("flux-system", "kustomize-controller") is not None
    assert controller_for("flux-system", "helm-controller") is not None
    assert controller_for("argocd", "argocd-application-controller") is not None
    assert controller_for("azure-workload-identity-system", "azure-wi-webhook-admin") is not None
    assert controller_for("crossplane-system", "provider-azure-network-1a2b3c") is not None
    assert controller_for("payments", "payments-api") is None


def test_gitlab_subjects() -> None:
    parsed = parse_subject(ex.GITLAB["sub"])  # type: ignore[arg-type]
    assert parsed is not None and parsed.shape == "gitlab-default"
    assert parsed.as_dict() == {
        "project_path": "contoso/platform/payments",
        "ref_type": "branch",
        "ref": "main",
    }
    reordered = parse_subject("project_path:contoso/payments:ref:main:ref_type:branch")
    assert reordered is not None and reordered.shape == "gitlab-custom"
    assert [p.name for p in reordered.parts] == ["project_path", "ref", "ref_type"]
    by_id = parse_subject("project_id:20:ref_type:tag:ref:v1.4.0")
    assert by_id is not None and by_id.shape == "gitlab-custom"
    assert by_id.as_dict() == {"project_id": "20", "ref_type": "tag", "ref": "v1.4.0"}
    github_habit = parse_subject("project_path:g/p:ref_type:branch:ref:refs/heads/main")
    assert github_habit is not None and any("short name" in n for n in github_habit.notes)


def test_terraform_subjects() -> None:
    run = parse_subject(ex.TERRAFORM["sub"])  # type: ignore[arg-type]
    assert run is not None and run.shape == "terraform-workspace-run"
    assert run.as_dict() == {
        "organization": "contoso",
        "project": "Default Project",
        "workspace": "payments-prod",
        "run_phase": "apply",
    }
    assert any("Default Project" in note for note in run.notes)
    module = parse_subject("organization:contoso:module:network:operation:test_run")
    assert module is not None and module.shape == "terraform-module-test"
    assert module.as_dict() == {
        "organization": "contoso",
        "module": "network",
        "operation": "test_run",
    }
    stack = parse_subject(
        "organization:contoso:project:Infra:stack:net:deployment:prod:operation:plan"
    )
    assert stack is not None and stack.shape == "terraform-stack"
    assert stack.as_dict() == {
        "organization": "contoso",
        "project": "Infra",
        "stack": "net",
        "deployment": "prod",
        "operation": "plan",
    }
    no_space = parse_subject("organization:c:project:DefaultProject:workspace:w:run_phase:plan")
    assert no_space is not None and any("Default Project" in n for n in no_space.notes)


def test_bitbucket_circleci_buildkite_subjects() -> None:
    bitbucket = parse_subject(ex.BITBUCKET["sub"])  # type: ignore[arg-type]
    assert bitbucket is not None and bitbucket.shape == "bitbucket-step"
    assert set(bitbucket.as_dict()) == {"repository_uuid", "step_uuid"}
    assert any("every run" in note for note in bitbucket.notes)
    deployment = parse_subject(
        f"{ex.BITBUCKET['repositoryUuid']}:{{{'1' * 8}-1111-4111-8111-"
        f"{'1' * 12}}}:{ex.BITBUCKET['stepUuid']}"
    )
    assert deployment is not None
    assert [p.name for p in deployment.parts] == [
        "repository_uuid",
        "deployment_environment_uuid",
        "step_uuid",
    ]
    v2 = parse_subject(ex.CIRCLECI["sub"])  # type: ignore[arg-type]
    assert v2 is not None and v2.shape == "circleci-v2"
    assert v2.as_dict() == {
        "org_id": "1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b",
        "project_id": "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e",
        "user_id": "2b3c4d5e-6f70-4819-a2b3-c4d5e6f7a8b9",
        "vcs_origin": "github.com/contoso/payments-api",
        "vcs_ref": "refs/heads/main",
    }
    assert any("user" in note for note in v2.notes)
    v1 = parse_subject("org/o1/project/p1/user/u1")
    assert v1 is not None and v1.shape == "circleci-v1"
    assert v1.as_dict() == {"org_id": "o1", "project_id": "p1", "user_id": "u1"}
    buildkite = parse_subject(ex.BUILDKITE_DEFAULT_SUBJECT)
    assert buildkite is not None and buildkite.shape == "buildkite-default"
    assert buildkite.as_dict() == {
        "organization": "contoso",
        "pipeline": "payments-deploy",
        "ref": "refs/heads/main",
        "commit": "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
        "step": "deploy",
    }
    assert any("commit" in note for note in buildkite.notes)


def test_bare_identifiers_need_a_platform_hint() -> None:
    uuid = ex.BUILDKITE["sub"]
    assert isinstance(uuid, str)
    assert parse_subject(uuid) is None
    pipeline = parse_subject(uuid, "buildkite")
    assert pipeline is not None and pipeline.shape == "buildkite-pipeline-id"
    assert pipeline.as_dict() == {"pipeline_id": uuid}
    object_id = parse_subject(ex.MANAGED_IDENTITY["sub"], "entra-managed-identity")  # type: ignore[arg-type]
    assert object_id is not None and object_id.shape == "entra-object-id"
    assert object_id.as_dict() == {"object_id": ex.MANAGED_IDENTITY["sub"]}
    assert parse_subject("not-a-guid", "entra-managed-identity") is None


def test_google_aws_spiffe_jenkins_subjects() -> None:
    google = parse_subject("112233445566778899001")
    assert google is not None and google.shape == "google-service-account-id"
    assert google.as_dict() == {"service_account_id": "112233445566778899001"}
    assert google.notes == ()
    assert parse_subject("1234", "google") is not None
    role = parse_subject("arn:aws:iam::123456789012:role/payments-app")
    assert role is not None and role.shape == "aws-iam-role"
    assert role.as_dict() == {"account": "123456789012", "path": "/", "role": "payments-app"}
    with_path = parse_subject("arn:aws:iam::123456789012:role/team/ci/deployer")
    assert with_path is not None
    assert with_path.as_dict() == {
        "account": "123456789012",
        "path": "/team/ci/",
        "role": "deployer",
    }
    assumed = parse_subject("arn:aws:sts::123456789012:assumed-role/payments-app/i-0abc")
    assert assumed is not None and assumed.shape == "aws-assumed-role"
    cognito = parse_subject(ex.COGNITO["sub"])  # type: ignore[arg-type]
    assert cognito is not None and cognito.shape == "cognito-identity"
    assert cognito.as_dict() == {
        "region": "eu-west-1",
        "identity_id": "0f1e2d3c-4b5a-4697-8877-665544332211",
    }
    spiffe = parse_subject(ex.SPIFFE["sub"])  # type: ignore[arg-type]
    assert spiffe is not None and spiffe.shape == "spiffe-id"
    assert spiffe.as_dict() == {
        "trust_domain": "contoso.com",
        "path": "/ns/payments/sa/payments-api",
    }
    jenkins = parse_subject("https://jenkins.contoso.com/job/payments/job/feature%2Fx/")
    assert jenkins is not None and jenkins.shape == "jenkins-job-url"
    assert jenkins.as_dict() == {
        "jenkins_url": "https://jenkins.contoso.com/",
        "job_path": "payments/feature%2Fx",
    }


@pytest.mark.parametrize(
    "subject",
    [
        "",
        "hello world",
        "repo:",
        "repo:noslash:ref:refs/heads/main",
        "repo:o/r:pull-request",
        "system:serviceaccount:onlyns",
        "sc://org/project",
        "organization:contoso",
        "project_path:a:ref_type",
        "unknown_key:value",
        "https://example.com/not-a-job/",
        "spiffe:/missing-slash",
        "arn:aws:s3:::bucket",
        "3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
    ],
)
def test_subjects_that_fit_nothing(subject: str) -> None:
    assert parse_subject(subject) is None


def test_hint_is_tried_first_then_everything() -> None:
    parsed = parse_subject("system:serviceaccount:a:b", "github-actions")
    assert parsed is not None and parsed.platform == "kubernetes"
    assert parse_subject("repo:o/r:pull_request", "unknown") is not None
    assert parse_subject(None) is None  # type: ignore[arg-type]
