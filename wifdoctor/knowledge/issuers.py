"""Issuer shapes that decide what Entra can do with an issuer, whatever the platform."""

from __future__ import annotations

# Host names that resolve only inside a network or a cluster: Entra, on the internet, can never
# fetch an issuer's discovery document from them (kubernetes-sigs/cluster-api-provider-azure#6268:
# https://kubernetes.default.svc.cluster.local).
PRIVATE_HOST_SUFFIXES = (
    ".svc",
    ".svc.cluster.local",
    ".cluster.local",
    ".local",
    ".internal",
    ".lan",
    ".localdomain",
    ".home.arpa",
    ".corp",
)
IN_CLUSTER_HOST_PREFIX = "kubernetes.default"

# Issuers that are public by design: when Entra cannot fetch them, the service side is at fault.
PUBLIC_SAAS_ISSUERS = (
    "https://token.actions.githubusercontent.com",
    "https://vstoken.dev.azure.com/",
    "https://gitlab.com",
    "https://app.terraform.io",
)
