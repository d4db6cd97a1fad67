"""Every snippet parses in its own language and carries the proposal's exact values."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import hcl2
import pytest
import yaml

from tests.setup.lab_tokens import AKS_ISSUER
from wifdoctor.core.setup.engine import propose
from wifdoctor.core.setup.model import Proposal, Target
from wifdoctor.core.setup.snippets import render

APP = Target(kind="application", client_id="3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c")
MI_ID = (
    "/subscriptions/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-payments/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id-payments"
)
MI = Target(
    kind="managed-identity", client_id="7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a", resource_id=MI_ID
)
# Values with every character a snippet language could trip on.
ODD_ENV = 'Prod\'s "${x}" %{y}'


def proposals() -> list[tuple[str, Proposal]]:
    return [
        (
            "github-app",
            propose(
                "github-actions",
                {"repo": "contoso/app", "entity": "environment", "value": ODD_ENV},
                APP,
            ),
        ),
        ("github-mi", propose("github-actions", {"repo": "contoso/app", "value": "main"}, MI)),
        (
            "github-flexible",
            propose(
                "github-actions", {"repo": "contoso/app", "value": "release/*"}, APP, flexible=True
            ),
        ),
        (
            "aks-mi",
            propose(
                "kubernetes",
                {"issuer": AKS_ISSUER, "namespace": "payments", "service_account": "api"},
                MI,
            ),
        ),
        ("gitlab-app", propose("gitlab", {"project_path": "g/p", "ref": "main"}, APP)),
        ("tfc-mi", propose("terraform-cloud", {"organization": "o", "workspace": "w"}, MI)),
        (
            "ado-app",
            propose(
                "azure-devops",
                {
                    "organization_id": "5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59",
                    "tenant_id": "5f0c2d1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f",
                    "service_connection_id": "9d2f3e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6",
                },
                APP,
            ),
        ),
    ]


PROPOSALS = proposals()
IDS = [name for name, _ in PROPOSALS]


def _values(proposal: Proposal) -> list[tuple[str, str | None, str | None]]:
    return [(c.issuer, c.subject, c.expression) for c in proposal.credentials]


@pytest.mark.parametrize("proposal", [p for _, p in PROPOSALS], ids=IDS)
def test_graph_or_arm_request_body_is_json_with_the_values(proposal: Proposal) -> None:
    text = render(proposal, ["graph"])["graph"]
    blocks = text.strip().split("\n\n")
    bodies = [json.loads(body) for body in blocks[1::2]]
    assert len(bodies) == len(proposal.credentials)
    for body, credential in zip(bodies, proposal.credentials, strict=True):
        fields = body.get("properties", body)
        assert fields["issuer"] == credential.issuer
        assert fields["audiences"] == [credential.audience]
        if credential.expression:
            assert fields["claimsMatchingExpression"]["value"] == credential.expression
            assert "/beta/" in text
        else:
            assert fields["subject"] == credential.subject
    if proposal.target.resource_id:
        assert text.startswith(f"PUT https://management.azure.com{MI_ID}/federatedIdentity")
        assert "api-version=2023-01-31" in text


@pytest.mark.parametrize("proposal", [p for _, p in PROPOSALS], ids=IDS)
def test_az_commands_split_into_the_exact_arguments(proposal: Proposal) -> None:
    text = render(proposal, ["az"])["az"]
    commands = [shlex.split(block.replace("\\\n", " ")) for block in text.strip().split("\n\n")]
    assert len(commands) == len(proposal.credentials)
    for argv, credential in zip(commands, proposal.credentials, strict=True):
        if proposal.target.resource_id:
            assert argv[:4] == ["az", "identity", "federated-credential", "create"]
            assert argv[argv.index("--subject") + 1] == credential.subject
            assert argv[argv.index("--issuer") + 1] == credential.issuer
            assert argv[argv.index("--audiences") + 1] == credential.audience
            assert argv[argv.index("--identity-name") + 1] == "id-payments"
            assert argv[argv.index("--resource-group") + 1] == "rg-payments"
        elif credential.expression:
            assert argv[:2] == ["az", "rest"]
            body = json.loads(argv[argv.index("--body") + 1])
            assert body["claimsMatchingExpression"]["value"] == credential.expression
        else:
            assert argv[:5] == ["az", "ad", "app", "federated-credential", "create"]
            body = json.loads(argv[argv.index("--parameters") + 1])
            assert (body["issuer"], body["subject"]) == (credential.issuer, credential.subject)


def _resources(parsed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for block in parsed.get("resource", []):
        for kind, named in block.items():
            for label, body in named.items():
                found[f"{kind.strip(chr(34))}.{label.strip(chr(34))}"] = body
    return found


def _unquote(value: Any) -> Any:
    if isinstance(value, str) and value.startswith('"') and value.endswith('"'):
        return json.loads(value.replace("$${", "${").replace("%%{", "%{"))
    if isinstance(value, list):
        return [_unquote(item) for item in value]
    return value


@pytest.mark.parametrize("proposal", [p for _, p in PROPOSALS], ids=IDS)
def test_terraform_parses_as_hcl_with_each_providers_attribute_names(proposal: Proposal) -> None:
    snippets = render(proposal, ["terraform"])
    for key, text in snippets.items():
        parsed = hcl2.loads(text)
        resources = _resources(parsed)
        assert len(resources) == len(proposal.credentials), key
        for body, credential in zip(resources.values(), proposal.credentials, strict=True):
            assert _unquote(body["issuer"]) == credential.issuer
            if proposal.target.resource_id:
                parent = "parent_id" if key.endswith("v4") else "user_assigned_identity_id"
                assert _unquote(body[parent]) == MI_ID
                assert _unquote(body["audience"]) == [credential.audience]
                assert _unquote(body["name"]) == credential.name
                assert ("resource_group_name" in body) == key.endswith("v4")
                assert _unquote(body["subject"]) == credential.subject
            elif credential.expression:
                assert _unquote(body["claims_matching_expression"]) == credential.expression
                assert _unquote(body["audience"]) == credential.audience  # singular, a string
            else:
                assert _unquote(body["display_name"]) == credential.name
                assert _unquote(body["audiences"]) == [credential.audience]
                assert _unquote(body["subject"]) == credential.subject
                assert "application_object_id" not in body  # the azuread v2 name


_BICEP_RESOURCE = re.compile(r"^resource (\w+) '([^'@]+)@([^']+)'( existing)? = ", re.M)


def _bicep_string(text: str) -> str:
    inner = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), inner)


@pytest.mark.parametrize("proposal", [p for _, p in PROPOSALS], ids=IDS)
def test_bicep_has_the_resource_shape_and_batches_managed_identity_loops(
    proposal: Proposal,
) -> None:
    text = render(proposal, ["bicep"])["bicep"]
    assert text.count("{") == text.count("}") and text.count("[") == text.count("]")
    resources = _BICEP_RESOURCE.findall(text)
    types = [kind for _, kind, _, _ in resources]
    strings = [_bicep_string(s) for s in re.findall(r"'(?:[^'\\]|\\.)*'", text)]
    for credential in proposal.credentials:
        assert credential.issuer in strings
        assert (credential.subject or credential.expression) in strings
    if proposal.target.resource_id:
        assert types == [
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        ]
        loop_at = text.index("resource fics")
        assert text.rindex("@batchSize(1)", 0, loop_at) > text.index("var credentials")
        assert "properties: {" in text and "parent: uami" in text
    else:
        assert "extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/" in text
        assert types[1:] == ["Microsoft.Graph/applications/federatedIdentityCredentials"] * len(
            proposal.credentials
        )
        assert "properties:" not in text  # the Graph extension takes top-level properties


def _yaml_docs(text: str) -> list[Any]:
    return list(yaml.safe_load_all(text))


def test_github_workflow_asks_for_the_token_with_the_audience() -> None:
    proposal = dict(PROPOSALS)["github-app"]
    [workflow] = _yaml_docs(render(proposal, ["workflow"])["workflow"])
    assert workflow["permissions"]["id-token"] == "write"
    job = workflow["jobs"]["deploy"]
    assert job["environment"] == ODD_ENV
    login = job["steps"][0]
    assert login["uses"] == "azure/login@v2"
    assert login["with"]["client-id"] == APP.client_id
    assert login["with"]["audience"] == "api://AzureADTokenExchange"


def test_github_branch_workflow_runs_on_that_branch() -> None:
    proposal = dict(PROPOSALS)["github-mi"]
    [workflow] = _yaml_docs(render(proposal, ["workflow"])["workflow"])
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on` as True
    assert "environment" not in workflow["jobs"]["deploy"]


def test_kubernetes_annotation_and_pod_template_label() -> None:
    proposal = dict(PROPOSALS)["aks-mi"]
    account, deployment = _yaml_docs(render(proposal, ["workflow"])["workflow"])
    assert account["kind"] == "ServiceAccount"
    assert account["metadata"] == {
        "name": "api",
        "namespace": "payments",
        "annotations": {"azure.workload.identity/client-id": MI.client_id},
    }
    template = deployment["spec"]["template"]
    assert template["metadata"]["labels"]["azure.workload.identity/use"] == "true"
    assert template["spec"]["serviceAccountName"] == "api"
    assert "azure.workload.identity/use" not in deployment["metadata"].get("labels", {})


def test_gitlab_id_tokens_carry_the_audience() -> None:
    proposal = dict(PROPOSALS)["gitlab-app"]
    [ci] = _yaml_docs(render(proposal, ["workflow"])["workflow"])
    assert ci["deploy"]["id_tokens"]["AZURE_ID_TOKEN"]["aud"] == "api://AzureADTokenExchange"


def test_terraform_cloud_variables_parse_and_name_the_client() -> None:
    proposal = dict(PROPOSALS)["tfc-mi"]
    parsed = hcl2.loads(render(proposal, ["workflow"])["workflow"])
    variables = {
        _unquote(body["key"]): _unquote(body["value"]) for body in _resources(parsed).values()
    }
    assert variables == {
        "TFC_AZURE_PROVIDER_AUTH": "true",
        "TFC_AZURE_RUN_CLIENT_ID": MI.client_id,
        "TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE": "api://AzureADTokenExchange",
    }


def test_azure_devops_notes_are_yaml_using_the_connection() -> None:
    proposal = propose(
        "azure-devops",
        {
            "generation": "vstoken",
            "organization_id": "5b7c8a2e-6d3f-4c1a-9e8b-0f1d2c3b4a59",
            "organization": "contoso",
            "project": "payments",
            "service_connection": "prod-wif",
        },
        APP,
    )
    [pipeline] = _yaml_docs(render(proposal, ["workflow"])["workflow"])
    assert pipeline["steps"][0]["inputs"]["azureSubscription"] == "prod-wif"
