"""Rules on the assertion: what its issuer, subject and audience say, whatever their source.

The same rules run on a decoded token's claims and on the values an error quotes (Entra's
AADSTS70021/7002xx messages, azure/login's "Federated token details"): a value quoted in an error
gets exactly the findings the same value gets in a token. Rules that need the token itself
(structure, header, signature, times) stay in ``token_shape`` and ``validity``.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.matching import Assertion
from wifdoctor.knowledge.clouds import CLOUDS, DEFAULT_EXCHANGE_AUDIENCE, is_token_exchange_audience
from wifdoctor.knowledge.issuers import IN_CLUSTER_HOST_PREFIX, PRIVATE_HOST_SUFFIXES
from wifdoctor.knowledge.platforms import kubernetes
from wifdoctor.knowledge.platforms.base import ParsedSubject, Recognition

_UNMATCHABLE_SHAPES = {
    "bitbucket-step": "Bitbucket puts the step's UUID in the subject, and it changes on every run",
    "buildkite-default": "Buildkite's default subject contains the commit SHA, which changes on "
    "every commit (request the token with --subject-claim pipeline_id)",
    "circleci-v1": "CircleCI's subject contains the UUID of the user who triggered the job, so a "
    "credential matches only that user's runs",
    "circleci-v2": "CircleCI's subject contains the UUID of the user who triggered the job, so a "
    "credential matches only that user's runs",
}


def assertion_findings(
    assertion: Assertion,
    recognition: Recognition,
    subject: ParsedSubject | None,
    cloud: str,
    *,
    credentials_given: bool,
) -> list[Finding]:
    """What the assertion's own values say, before any credential is compared."""
    said = "The token's" if assertion.source == "token" else "The presented assertion's"
    findings = _issuer(assertion.issuer, said)
    findings += _self_hosted(assertion.issuer, recognition)
    if not credentials_given and assertion.audiences:
        findings += _audience_without_credentials(assertion.audiences, recognition, cloud, said)
    findings += _subject(subject, said)
    return findings


def _issuer(issuer: str | None, said: str) -> list[Finding]:
    if issuer is None:
        return []
    findings: list[Finding] = []
    if issuer != issuer.strip():
        findings.append(
            make_finding(
                "issuer-whitespace",
                f"{said} issuer has whitespace around it ({issuer!r}); Entra blocks the "
                "exchange for such issuers.",
                ("Fix the issuer URL configured on the platform (no spaces, no newline).",),
                {"token_issuer": repr(issuer)},
            )
        )
    reason = private_issuer_reason(issuer.strip())
    if reason:
        findings.append(
            make_finding(
                "issuer-not-public",
                f"The issuer {issuer} {reason}. Entra fetches the issuer's discovery document and "
                "keys from the internet, so it can never verify this token (AADSTS90061).",
                (
                    "Use an issuer URL that is public over https with a publicly "
                    "trusted certificate "
                    "(AKS: enable the managed OIDC issuer; self-managed clusters: "
                    "publish discovery and "
                    "JWKS, e.g. on a public storage account).",
                ),
                {"issuer": issuer},
            )
        )
    return findings


def _self_hosted(issuer: str | None, recognition: Recognition) -> list[Finding]:
    """A GitHub Enterprise Server issuer is on the customer's own host: Entra reaches it only if
    its discovery document and keys are published on the internet (Azure/login#283)."""
    if issuer is None or recognition.variant != "ghes" or private_issuer_reason(issuer.strip()):
        return []
    return [
        make_finding(
            "issuer-not-public",
            f"The issuer {issuer} is a GitHub Enterprise Server host. Entra fetches "
            f"{issuer.rstrip('/')}/.well-known/openid-configuration and its keys over the "
            "internet, so the exchange works only if that host publishes them publicly; behind "
            "a firewall it fails with AADSTS50166/501661/90061.",
            (
                "Expose the GHES instance's /_services/token/.well-known/openid-configuration "
                "and JWKS publicly (GitHub's OIDC for GHES docs), or use a GitHub.com issuer.",
            ),
            {"issuer": issuer},
            severity="warning",
        )
    ]


def private_issuer_reason(issuer: str) -> str | None:
    """Why Entra can never reach this issuer, or None when it may be public."""
    parts = urlsplit(issuer)
    if parts.scheme != "https":
        return f"uses {parts.scheme or 'no'} scheme instead of https"
    host = (parts.hostname or "").lower()
    if not host:
        return "has no host"
    if host == "localhost" or host.endswith(".localhost"):
        return "is this machine (localhost)"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host.startswith(IN_CLUSTER_HOST_PREFIX) or host.endswith(PRIVATE_HOST_SUFFIXES):
            return f"is an internal name ({host})"
        if "." not in host:
            return f"is a single-label name ({host}) that only resolves inside a network"
        return None
    if address.is_private or address.is_loopback or address.is_link_local:
        return f"is a private address ({host})"
    return None


def _audience_without_credentials(
    auds: tuple[str, ...], recognition: Recognition, cloud: str, said: str
) -> list[Finding]:
    if not auds:
        return []
    expected = CLOUDS[cloud].token_exchange_audience if cloud in CLOUDS else None
    if any(is_token_exchange_audience(a) for a in auds):
        wrong_cloud = [
            a
            for a in auds
            if a.startswith(DEFAULT_EXCHANGE_AUDIENCE)
            and expected
            and a != expected
            and recognition.platform != "entra-managed-identity"
        ]
        if wrong_cloud and expected not in auds:
            return [
                make_finding(
                    "audience-mismatch",
                    f"{said} audience is {wrong_cloud[0]}, the token-exchange audience of "
                    f"another cloud; for the {cloud} cloud it is {expected}. A "
                    "credential must have "
                    "the token's audience exactly.",
                    (
                        f"Request the token for {expected}, or give the credential the audience "
                        f"{wrong_cloud[0]}.",
                    ),
                    {"token_audience": ", ".join(auds), "expected": expected},
                    severity="warning",
                )
            ]
        return []
    if "api://AKSIdentityBinding" in auds:
        return []
    hint = _default_audience_hint(auds[0], recognition)
    return [
        make_finding(
            "audience-mismatch",
            f"{said} audience is {', '.join(auds)}. Federated credentials normally use "
            "api://AzureADTokenExchange, so unless the credential was made for "
            "exactly this value, "
            f"Entra answers AADSTS700212.{hint}",
            (
                "Request the token with the audience api://AzureADTokenExchange, or give the "
                "credential the token's audience.",
            ),
            {"token_audience": ", ".join(auds)},
            severity="warning",
            copy=(Copyable("Audience to request", DEFAULT_EXCHANGE_AUDIENCE),),
        )
    ]


def _default_audience_hint(audience: str, recognition: Recognition) -> str:
    platform = recognition.platform
    if platform == "github-actions" and re.match(r"https://[^/]+/[^/]+$", audience):
        return (
            " This is GitHub's default audience: the job asked for a token without one "
            "(curl without &audience=..., or core.getIDToken() without an argument)."
        )
    if platform == "gitlab":
        return " GitLab takes the audience from id_tokens: <NAME>: aud: in .gitlab-ci.yml."
    if platform == "circleci":
        return (
            " CircleCI's default audience is the organisation ID; use "
            '`circleci run oidc get --claims \'{"aud":"api://AzureADTokenExchange"}\'`.'
        )
    if platform == "bitbucket":
        return " Bitbucket's default audience is the workspace's ari:...; set oidc: audiences:."
    if platform == "buildkite":
        return " Use `buildkite-agent oidc request-token --audience api://AzureADTokenExchange`."
    return ""


def _subject(subject: ParsedSubject | None, said: str) -> list[Finding]:
    if subject is None:
        return []
    findings: list[Finding] = []
    why = _UNMATCHABLE_SHAPES.get(subject.shape)
    if why:
        findings.append(
            make_finding(
                "subject-mismatch",
                f"{why}. A federated credential compares the subject exactly, and flexible "
                "credentials do not support this issuer, so no credential can match it reliably.",
                (
                    "Use another way to authenticate this platform to Azure (a "
                    "certificate in secured "
                    "variables, or a self-hosted runner with a managed identity), or, where the "
                    "platform allows it, a stable subject.",
                ),
                {"subject_shape": subject.shape},
                severity="warning",
            )
        )
    if subject.shape == "kubernetes-service-account":
        namespace = subject.get("namespace") or ""
        account = subject.get("service_account") or ""
        controller = kubernetes.controller_for(namespace, account)
        if controller:
            findings.append(
                make_finding(
                    "subject-controller-account",
                    f"{said} subject is {namespace}/{account}, the service account of "
                    f"{controller}, not of your workload. "
                    + kubernetes.CONTROLLER_IDENTITY_HINTS.get(
                        controller,
                        "The controller authenticates with its own identity unless it is "
                        "configured to use the workload's.",
                    ),
                    (
                        "Create the credential for the service account that actually requests the "
                        "token, or configure the controller to use the workload's identity.",
                    ),
                    {"namespace": namespace, "service_account": account, "controller": controller},
                )
            )
        elif kubernetes.looks_like_controller(namespace, account):
            findings.append(
                make_finding(
                    "subject-controller-account",
                    f"{said} subject is {namespace}/{account}. wifdoctor does not know this "
                    "service account, but its names are those of a controller or operator "
                    "(a *-system namespace, an *-operator or *-controller account), which "
                    "authenticates with its own identity rather than your workload's.",
                    (
                        "Check which pod requested the token (kubectl get pods -n "
                        f"{namespace} -o wide) and create the credential for the service "
                        "account that actually requests it, or configure the controller to use "
                        "the workload's identity.",
                    ),
                    {"namespace": namespace, "service_account": account, "controller": "probably"},
                    severity="warning",
                    title="Probably a controller's service account, not the workload's",
                )
            )
    return findings
