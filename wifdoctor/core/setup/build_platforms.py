"""Azure DevOps, Kubernetes, GitLab, HCP Terraform and any other issuer: inputs to credentials.

Facts from knowledge.platforms (reference platform-tokens.md 4-7): Azure DevOps' vstoken issuer
with sc://ORG/PROJECT/CONNECTION, or the Entra issuer with /eid1/c/pub/t/<tenant>/a/<ADO app>/
sc/<org id>/<connection id>; Kubernetes system:serviceaccount:NS:SA with the issuer exactly as the
cluster reports it (AKS: trailing '/'); GitLab project_path:P:ref_type:T:ref:R with the short ref;
HCP Terraform organization:O:project:P:workspace:W:run_phase:plan|apply, one per phase.
"""

from __future__ import annotations

from wifdoctor.core.setup import validate
from wifdoctor.core.setup.common import (
    Problems,
    Values,
    audience,
    chosen_name,
    get,
    sub_expression,
)
from wifdoctor.core.setup.model import Proposal, ProposedCredential, SetupWarning, Target, Why
from wifdoctor.knowledge.clouds import cloud_by_id
from wifdoctor.knowledge.dated_rules import rule
from wifdoctor.knowledge.flexible import flexible_issuer
from wifdoctor.knowledge.platforms import azure_devops, gitlab, kubernetes, terraform
from wifdoctor.knowledge.platforms.kubernetes import AKS_SLASH_NOTE


def _credential(
    name: tuple[str, Why], issuer: Why, third: Why, aud: Why, description: str
) -> ProposedCredential:
    expression = third.value if third.field == "expression" else None
    return ProposedCredential(
        name=name[0],
        issuer=issuer.value,
        subject=None if expression else third.value,
        audience=aud.value,
        expression=expression,
        description=description,
        whys=(name[1], issuer, third, aud),
    )


def _flexible_allowed(issuer: str, flexible: bool, problems: Problems) -> None:
    if flexible and flexible_issuer(issuer) is None:
        problems.add(
            "flexible",
            "Entra takes flexible expressions only from GitHub, GitLab and HCP Terraform issuers",
        )


def build_azure_devops(values: Values, target: Target, *, flexible: bool = False) -> Proposal:
    problems = Problems()
    generation = get(values, "generation") or "entra"
    if generation not in ("entra", "vstoken"):
        problems.add("generation", "entra (new connections) or vstoken (the older issuer)")
    org_id = problems.check(values, "organization_id", validate.guid)
    if generation == "vstoken":
        org = problems.check(values, "organization", validate.ado_name)
        project = problems.check(values, "project", validate.ado_name)
        connection = problems.check(values, "service_connection", validate.ado_name)
        problems.raise_any()
        issuer = Why(
            "issuer",
            f"https://vstoken.dev.azure.com/{org_id}",
            "the Azure DevOps issuer names your organisation by its ID. "
            + azure_devops.VSTOKEN_RETIREMENT_NOTE,
        )
        subject = Why(
            "subject",
            f"sc://{org}/{project}/{connection}",
            "the vstoken subject holds names: renaming the organisation, project or service "
            "connection changes it",
        )
        parts: tuple[str, ...] = ("ado", org, project, connection)
    else:
        tenant = problems.check(values, "tenant_id", validate.guid)
        connection_id = problems.check(values, "service_connection_id", validate.guid)
        problems.raise_any()
        cloud = cloud_by_id(target.cloud)
        issuer = Why(
            "issuer",
            f"https://{cloud.authority_host}/{tenant}/v2.0",
            "new service connections use your tenant's Entra issuer (v2.0)",
        )
        subject = Why(
            "subject",
            f"/eid1/c/pub/t/{azure_devops.encode_guid(tenant)}/a/"
            f"{azure_devops.encode_guid(azure_devops.ADO_APP_ID)}/sc/{org_id}/{connection_id}",
            "Entra's subject for a service connection: the tenant and the Azure DevOps app "
            "encoded (base64url of the GUID bytes), then the organisation and connection IDs; "
            "IDs survive renames",
        )
        parts = ("ado", connection_id)
    aud = audience(target)[1]
    name = chosen_name(values, *parts)
    _flexible_allowed(issuer.value, flexible, problems)
    problems.raise_any()
    warnings = [
        SetupWarning(
            "copy-from-connection",
            "info",
            "The service connection shows its issuer and subject (Workload Identity federation "
            "details): they are authoritative; compare them with these.",
        )
    ]
    if generation == "entra":
        warnings.append(
            SetupWarning(
                "entra-issuer",
                "info",
                rule("azure-devops-issuer-migration").detail,
            )
        )
    if generation == "entra" and target.cloud != "public":
        warnings.append(
            SetupWarning(
                "unverified-cloud",
                "warning",
                "Outside the public cloud the Entra subject's cloud code is not 'pub': copy the "
                "subject from the service connection.",
            )
        )
    credential = _credential(name, issuer, subject, aud, "Azure DevOps service connection")
    inputs = {k: get(values, k) for k in ("organization", "project", "service_connection")}
    return Proposal("azure-devops", (credential,), target, tuple(warnings), inputs)


def build_kubernetes(values: Values, target: Target, *, flexible: bool = False) -> Proposal:
    problems = Problems()
    issuer_url = problems.check(values, "issuer", validate.https_url)
    namespace = problems.check(values, "namespace", validate.k8s_namespace)
    account = problems.check(values, "service_account", validate.k8s_service_account)
    recognition = kubernetes.recognize(issuer_url, {}) if issuer_url else None
    if recognition is not None and AKS_SLASH_NOTE in recognition.notes:
        problems.add(
            "issuer",
            "AKS issuers end with '/': paste the output of az aks show --query "
            "oidcIssuerProfile.issuerUrl -o tsv exactly",
        )
    if flexible:
        problems.add("flexible", "Entra takes no flexible expressions from Kubernetes issuers")
    problems.raise_any()
    aks = recognition is not None and recognition.variant == "aks"
    issuer = Why(
        "issuer",
        issuer_url,
        "the cluster's OIDC issuer exactly as the cluster reports it"
        + (" (AKS: with its trailing '/')" if aks else ""),
    )
    subject = Why(
        "subject",
        f"system:serviceaccount:{namespace}:{account}",
        "Kubernetes names the service account the pod runs as: "
        "system:serviceaccount:<namespace>:<name>",
    )
    aud = audience(target)[1]
    name = chosen_name(values, "k8s", namespace, account)
    problems.raise_any()
    warnings: list[SetupWarning] = []
    if recognition is not None and recognition.variant == "in-cluster":
        warnings += [
            SetupWarning("issuer-unreachable", "error", note) for note in recognition.notes
        ]
    controller = kubernetes.controller_for(namespace, account)
    if controller:
        warnings.append(
            SetupWarning(
                "controller-account",
                "warning",
                f"{namespace}/{account} is {controller}'s own service account: make sure that is "
                "the identity you mean to federate, not your workload's.",
            )
        )
    if account == "default":
        warnings.append(
            SetupWarning(
                "too-broad",
                "warning",
                f"Every pod in {namespace} that names no service account runs as 'default': "
                "create a dedicated service account.",
            )
        )
    credential = _credential(name, issuer, subject, aud, f"Kubernetes {namespace}/{account}")
    inputs = {"namespace": namespace, "service_account": account, "issuer": issuer_url}
    return Proposal("kubernetes", (credential,), target, tuple(warnings), inputs)


def build_gitlab(values: Values, target: Target, *, flexible: bool = False) -> Proposal:
    problems = Problems()
    issuer_url = get(values, "issuer") or gitlab.GITLAB_COM
    if problem := validate.https_url(issuer_url):
        problems.add("issuer", problem)
    elif issuer_url.endswith("/"):
        problems.add("issuer", "GitLab's issuer is the instance URL with no trailing '/'")
    path = problems.check(values, "project_path", validate.gitlab_project)
    ref_type = get(values, "ref_type") or "branch"
    if ref_type not in ("branch", "tag"):
        problems.add("ref_type", "branch or tag (singular)")
    ref = problems.check(values, "ref", validate.gitlab_ref)
    if "*" in ref and not flexible:
        problems.add("ref", "Entra has no wildcards in a subject; ask for a flexible expression")
    _flexible_allowed(issuer_url, flexible, problems)
    problems.raise_any()
    issuer = Why("issuer", issuer_url, "your GitLab instance's URL (CI_SERVER_URL), exactly")
    subject_value = f"project_path:{path}:ref_type:{ref_type}:ref:{ref}"
    third = Why(
        "subject",
        subject_value,
        "GitLab's default subject: the full project path, then ref_type and the short ref "
        "(main, not refs/heads/main)",
    )
    if flexible:
        third = Why("expression", sub_expression(subject_value), "'*' stands for any text")
    aud = audience(target)[1]
    name = chosen_name(values, "gitlab", path, ref_type, ref)
    problems.raise_any()
    credential = _credential(name, issuer, third, aud, f"GitLab {path} {ref_type} {ref}")
    inputs = {"project_path": path, "ref_type": ref_type, "ref": ref}
    return Proposal("gitlab", (credential,), target, (), inputs)


def build_terraform(values: Values, target: Target, *, flexible: bool = False) -> Proposal:
    problems = Problems()
    issuer_url = get(values, "issuer") or terraform.HCP_TERRAFORM
    if problem := validate.https_url(issuer_url):
        problems.add("issuer", problem)
    elif issuer_url.endswith("/"):
        problems.add("issuer", "HCP Terraform's issuer has no trailing '/'")
    org = problems.check(values, "organization", validate.tfc_name)
    project = get(values, "project") or terraform.DEFAULT_PROJECT
    if problem := validate.tfc_name(project):
        problems.add("project", problem)
    workspace = problems.check(values, "workspace", validate.tfc_name)
    phase = get(values, "run_phase") or "both"
    if phase not in ("plan", "apply", "both"):
        problems.add("run_phase", "plan, apply or both")
    _flexible_allowed(issuer_url, flexible, problems)
    problems.raise_any()
    issuer = Why("issuer", issuer_url, "HCP Terraform's issuer (or your Terraform Enterprise's)")
    aud = audience(target)[1]
    base = f"organization:{org}:project:{project}:workspace:{workspace}:run_phase:"
    phases = ("plan", "apply") if phase == "both" else (phase,)
    why = (
        "names, not IDs: the organisation, project (the default one is 'Default Project') and "
        "workspace; plan and apply are separate subjects"
    )
    thirds: list[tuple[str, Why]] = []
    if flexible and phase == "both":
        thirds.append(("any", Why("expression", sub_expression(base + "*"), why)))
    else:
        thirds.extend((p, Why("subject", base + p, why)) for p in phases)
    credentials = []
    for label, third in thirds:
        name = chosen_name({} if len(thirds) > 1 else values, "tfc", org, workspace, label)
        credentials.append(
            _credential(name, issuer, third, aud, f"HCP Terraform {org}/{workspace} {label}")
        )
    problems.raise_any()
    inputs = {"organization": org, "project": project, "workspace": workspace, "run_phase": phase}
    warnings: tuple[SetupWarning, ...] = ()
    if phase != "both":
        warnings = (SetupWarning("one-phase", "warning", terraform.PHASES_NOTE),)
    return Proposal("terraform-cloud", tuple(credentials), target, warnings, inputs)


def build_other(values: Values, target: Target, *, flexible: bool = False) -> Proposal:
    problems = Problems()
    issuer_url = problems.check(values, "issuer", validate.https_url)
    subject_value = problems.check(values, "subject", validate.free_text)
    if flexible:
        problems.add("flexible", "flexible expressions are only for GitHub, GitLab and Terraform")
    problems.raise_any()
    issuer = Why("issuer", issuer_url, "the issuer exactly as the token's iss says it")
    subject = Why("subject", subject_value, "the subject exactly as the token's sub says it")
    aud = audience(target)[1]
    name = chosen_name(values, "oidc", subject_value)
    problems.raise_any()
    warnings: list[SetupWarning] = []
    if "*" in subject_value:
        warnings.append(
            SetupWarning(
                "literal-wildcard",
                "warning",
                "'*' in a subject is a literal character to Entra, not a wildcard.",
            )
        )
    credential = _credential(name, issuer, subject, aud, "Other issuer")
    return Proposal("other", (credential,), target, tuple(warnings), {"issuer": issuer_url})
