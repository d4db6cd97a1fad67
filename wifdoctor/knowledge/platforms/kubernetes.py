"""Kubernetes service-account tokens: AKS, EKS, GKE, in-cluster and self-managed issuers.

Facts from reference/platform-tokens.md §2 (rows 9-10) and §6 (AKS docs, azure-workload-identity).
The controller service accounts are the charts' and operators' documented defaults [inferred].
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from wifdoctor.knowledge.platforms._common import GUID, Basis, claim_str, part
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "Kubernetes"

_AKS_RE = re.compile(rf"https://[a-z0-9]+\.oic\.prod-aks\.azure\.com/{GUID}/{GUID}(/?)")
_OLD_AKS_RE = re.compile(rf"https://oidc\.prod-aks\.azure\.com(?:/{GUID}){{1,2}}(/?)")
_EKS_RE = re.compile(r"https://oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/id/[A-Za-z0-9]+")
_GKE_RE = re.compile(
    r"https://container\.googleapis\.com/v1/projects/[^/]+/(?:(?:locations|zones)/[^/]+/)?"
    r"clusters/[^/]+"
)
_IN_CLUSTER = frozenset(
    {
        "https://kubernetes.default.svc.cluster.local",
        "https://kubernetes.default.svc",
        "https://kubernetes.default",
        "kubernetes/serviceaccount",
    }
)
_SA_PREFIX = "system:serviceaccount:"

# Words that put a log in a Kubernetes pod (kubectl output, the webhook's labels and annotations,
# the projected token's path, klog lines): there, missing AZURE_* variables mean the workload
# identity webhook did not mutate the pod (Azure/azure-workload-identity#790, #1026, #1357).
LOG_MARKERS = (
    "azure.workload.identity",
    "serviceaccount",
    "service account",
    "/var/run/secrets/",
    "namespace",
    "kubelet",
    " pod ",
    " pods ",
    "pod/",
    "crashloopbackoff",
)

# kube-apiserver --service-account-extend-token-expiration (default on) makes the pod's default
# service-account token live a year; Entra refuses it with AADSTS70023
# (Azure/azure-sdk-for-python#32124, MicrosoftDocs/azure-docs#116275).
EXTENDED_TOKEN_LIFETIME_DAYS = 365

AKS_SLASH_NOTE = (
    "AKS issuer URLs end with '/'; a credential whose issuer lacks it does not match "
    "(AADSTS700211)."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the service account: system:serviceaccount:<namespace>:<name>",
    "aud": "the audience the token was projected for (azure-workload-identity projects "
    "api://AzureADTokenExchange; the default token has the API server's)",
    "kubernetes.io": "the namespace, pod, service account (and node) the token is bound to",
    "kubernetes.io/serviceaccount/namespace": "the namespace (legacy secret-based token)",
    "kubernetes.io/serviceaccount/service-account.name": "the service account's name (legacy "
    "secret-based token)",
    "kubernetes.io/serviceaccount/service-account.uid": "the service account's UID (legacy token)",
    "kubernetes.io/serviceaccount/secret.name": "the secret holding the token (legacy token)",
}

# Controllers whose own service account people federate, often by mistake instead of the
# workload's. A (namespace, name) key is that exact account; a plain name matches any namespace.
KNOWN_CONTROLLER_ACCOUNTS: Mapping[tuple[str, str] | str, str] = {
    ("keda", "keda-operator"): "KEDA (its operator)",
    "keda-operator": "KEDA (its operator)",
    "keda-metrics-server": "KEDA (its metrics server)",
    ("external-secrets", "external-secrets"): "External Secrets Operator",
    "external-secrets": "External Secrets Operator",
    ("cert-manager", "cert-manager"): "cert-manager",
    ("flux-system", "kustomize-controller"): "Flux (kustomize-controller)",
    ("flux-system", "helm-controller"): "Flux (helm-controller)",
    ("flux-system", "source-controller"): "Flux (source-controller)",
    ("flux-system", "image-reflector-controller"): "Flux (image-reflector-controller)",
    ("flux-system", "notification-controller"): "Flux (notification-controller)",
    "kustomize-controller": "Flux (kustomize-controller)",
    "helm-controller": "Flux (helm-controller)",
    "image-reflector-controller": "Flux (image-reflector-controller)",
    ("argocd", "argocd-application-controller"): "Argo CD (application controller)",
    ("argocd", "argocd-repo-server"): "Argo CD (repo server)",
    ("argocd", "argocd-server"): "Argo CD (API server)",
    "argocd-application-controller": "Argo CD (application controller)",
    "argocd-repo-server": "Argo CD (repo server)",
    ("azure-workload-identity-system", "azure-wi-webhook-admin"): (
        "the azure-workload-identity webhook"
    ),
    "azure-wi-webhook-admin": "the azure-workload-identity webhook",
    ("crossplane-system", "crossplane"): "Crossplane",
    ("external-dns", "external-dns"): "ExternalDNS",
    "external-dns": "ExternalDNS",
    ("velero", "velero"): "Velero",
    ("azureserviceoperator-system", "azureserviceoperator-default"): "Azure Service Operator",
    ("capz-system", "capz-manager"): "Cluster API Provider Azure",
    ("azure-alb-system", "alb-controller-sa"): "the Application Gateway for Containers controller",
    ("kube-system", "cluster-autoscaler"): "the cluster autoscaler",
    ("kube-system", "karpenter"): "Karpenter",
}
# How each controller is told to use the workload's identity instead of its own, where its
# documentation says so. Others get the general advice.
CONTROLLER_IDENTITY_HINTS: Mapping[str, str] = {
    # https://keda.sh/docs/2.16/authentication-providers/azure-ad-workload-identity/ (podIdentity
    # provider azure-workload; identityId defaults to the client ID annotated on the operator's
    # own service account); kedacore/keda issues in the corpus.
    "KEDA (its operator)": "KEDA's operator requests the token with its own service account: "
    "either federate keda/keda-operator with the identity, or give the TriggerAuthentication "
    "podIdentity provider azure-workload and the identityId of an identity federated with it.",
    # https://external-secrets.io/latest/provider/azure-key-vault/ (authType: WorkloadIdentity;
    # with serviceAccountRef the token is requested for that service account, without it for
    # the controller's own); external-secrets/external-secrets#2783.
    "External Secrets Operator": "External Secrets Operator uses its own service account when "
    "the (Cluster)SecretStore's azurekv provider has authType WorkloadIdentity and no "
    "serviceAccountRef; set serviceAccountRef to the workload's service account, or federate "
    "the controller's.",
}
# Service-account name prefixes of controllers whose names carry a generated suffix.
_CONTROLLER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("provider-azure-", "a Crossplane Azure provider"),
    ("upbound-provider-azure-", "a Crossplane Azure provider"),
)


# What controllers' namespaces and service accounts are usually called (charts and operators:
# <name>-system, <name>-operator, <name>-controller-manager), for those not listed above.
_CONTROLLER_NAMESPACE_SUFFIXES = ("-system", "-operator", "-operators")
_CONTROLLER_ACCOUNT_SUFFIXES = ("-operator", "-controller", "-controller-manager", "-manager")


def looks_like_controller(namespace: str, service_account: str) -> bool:
    """An unknown service account that is probably a controller's, by its names."""
    return namespace.endswith(_CONTROLLER_NAMESPACE_SUFFIXES) or service_account.endswith(
        _CONTROLLER_ACCOUNT_SUFFIXES
    )


def controller_for(namespace: str, service_account: str) -> str | None:
    """The controller this service account belongs to, or None for an ordinary workload."""
    exact = KNOWN_CONTROLLER_ACCOUNTS.get((namespace, service_account))
    if exact is not None:
        return exact
    by_name = KNOWN_CONTROLLER_ACCOUNTS.get(service_account)
    if by_name is not None:
        return by_name
    for prefix, controller in _CONTROLLER_PREFIXES:
        if service_account.startswith(prefix):
            return controller
    return None


def _recognition(variant: str, basis: Basis, notes: tuple[str, ...] = ()) -> Recognition:
    names = {
        "aks": "Azure Kubernetes Service",
        "eks": "Amazon EKS",
        "gke": "Google Kubernetes Engine",
        "in-cluster": "Kubernetes (in-cluster issuer)",
    }
    return Recognition("kubernetes", names.get(variant, DISPLAY_NAME), variant, basis, notes)


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """AKS, EKS, GKE or in-cluster issuers; any issuer with Kubernetes' claims or subject."""
    for pattern in (_AKS_RE, _OLD_AKS_RE):
        match = pattern.fullmatch(issuer)
        if match:
            notes: tuple[str, ...] = () if match[1] else (AKS_SLASH_NOTE,)
            if pattern is _OLD_AKS_RE:
                notes += ("This is the older AKS issuer form (oidc.prod-aks.azure.com).",)
            return _recognition("aks", "issuer", notes)
    if _EKS_RE.fullmatch(issuer):
        return _recognition("eks", "issuer")
    if _GKE_RE.fullmatch(issuer):
        return _recognition("gke", "issuer")
    if issuer in _IN_CLUSTER:
        return _recognition(
            "in-cluster",
            "issuer",
            (
                "This issuer is the cluster's internal address: Entra cannot fetch its keys. "
                "Use a public OIDC issuer (AKS: --enable-oidc-issuer).",
            ),
        )
    subject = claim_str(claims, "sub") or ""
    legacy = claim_str(claims, "kubernetes.io/serviceaccount/namespace")
    if isinstance(claims.get("kubernetes.io"), dict) or legacy is not None:
        return _recognition("self-managed", "claims")
    if subject.startswith(_SA_PREFIX):
        return _recognition("self-managed", "subject")
    return None


_SA_RE = re.compile(r"system:serviceaccount:([^:]+):([^:]+)")


def parse_subject(subject: str) -> ParsedSubject | None:
    """kubernetes-service-account: system:serviceaccount:NS:SA."""
    match = _SA_RE.fullmatch(subject)
    if match is None:
        return None
    namespace, account = match[1], match[2]
    notes: tuple[str, ...] = ()
    controller = controller_for(namespace, account)
    if controller is not None:
        notes = (
            f"This is the service account of {controller}, not of an application workload; "
            "tokens from the workload's own pods carry its own service account.",
        )
    return ParsedSubject(
        "kubernetes",
        "kubernetes-service-account",
        (
            part("namespace", namespace, "the namespace of the pod's service account"),
            part("service_account", account, "the service account the pod runs as"),
        ),
        notes,
    )


PLATFORM = Platform(
    id="kubernetes",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="1 hour (3600 to 86400 seconds via the service-account-token-expiration "
    "annotation)",
    usual_lifetime_seconds=3600,
    default_audience="https://kubernetes.default.svc.cluster.local",
    docs=(
        "https://learn.microsoft.com/azure/aks/workload-identity-overview",
        "https://learn.microsoft.com/azure/aks/use-oidc-issuer",
        "https://azure.github.io/azure-workload-identity/docs/topics/"
        "service-account-labels-and-annotations.html",
    ),
)
