"""The host names the lab answers for, by service. Anything else is refused, never forwarded."""

from __future__ import annotations

import re

from wifdoctor.knowledge.clouds import CLOUDS

ENTRA_HOSTS: frozenset[str] = frozenset(
    host for cloud in CLOUDS.values() for host in cloud.authority_hosts
)
GRAPH_HOSTS = frozenset(
    {"graph.microsoft.com", "graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"}
)
ARM_HOSTS = frozenset(
    {"management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn"}
)
ISSUER_HOSTS = frozenset(
    {
        "token.actions.githubusercontent.com",
        "vstoken.dev.azure.com",
        "app.vstoken.visualstudio.com",
        "gitlab.com",
        "app.terraform.io",
        "app.eu.terraform.io",
    }
)
AKS_ISSUER = re.compile(r"[a-z0-9-]+\.oic\.prod-aks\.azure\.com")
PLATFORM_HOSTS = frozenset({"pipelines.actions.githubusercontent.com", "dev.azure.com"})
# The platforms' token request paths, as the lab serves them.
GITHUB_PATH = "/lab/_apis/distributedtask/hubs/Actions/plans/lab-plan/jobs/lab-job/idtoken"
ADO_PATH = "/{org}/{project}/_apis/distributedtask/hubs/build/plans/{plan}/jobs/{job}/oidctoken"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def service_for(host: str) -> str | None:
    """entra, graph, arm, issuer, platform, or None for a host the lab does not know."""
    host = host.lower()
    if host in ENTRA_HOSTS or host in LOOPBACK_HOSTS:
        return "entra"
    if host in GRAPH_HOSTS:
        return "graph"
    if host in ARM_HOSTS:
        return "arm"
    if host in ISSUER_HOSTS or AKS_ISSUER.fullmatch(host):
        return "issuer"
    if host in PLATFORM_HOSTS:
        return "platform"
    return None


def certificate_names() -> list[str]:
    """The names the lab's TLS certificate carries (AKS issuers by wildcard)."""
    names = sorted(ENTRA_HOSTS | GRAPH_HOSTS | ARM_HOSTS | ISSUER_HOSTS | PLATFORM_HOSTS)
    return [*names, "*.oic.prod-aks.azure.com", "localhost", "127.0.0.1"]
