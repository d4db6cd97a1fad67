"""What the token alone says: malformed, the wrong kind, the algorithm, the key id, an issuer
Entra cannot reach, an audience no credential normally has, a subject no credential can match."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.rules.advice import default_fix
from wifdoctor.core.token import Token
from wifdoctor.knowledge.clouds import CLOUDS, is_token_exchange_audience
from wifdoctor.knowledge.platforms import kubernetes
from wifdoctor.knowledge.platforms.base import ParsedSubject, Recognition

REQUIRED_CLAIMS = ("iss", "sub", "aud", "exp")
_PRIVATE_SUFFIXES = (
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
_UNMATCHABLE_SHAPES = {
    "bitbucket-step": "Bitbucket puts the step's UUID in the subject, and it changes on every run",
    "buildkite-default": "Buildkite's default subject contains the commit SHA, which changes on "
    "every commit (request the token with --subject-claim pipeline_id)",
    "circleci-v1": "CircleCI's subject contains the UUID of the user who triggered the job, so a "
    "credential matches only that user's runs",
    "circleci-v2": "CircleCI's subject contains the UUID of the user who triggered the job, so a "
    "credential matches only that user's runs",
}


def token_findings(
    token: Token,
    recognition: Recognition,
    subject: ParsedSubject | None,
    cloud: str,
    *,
    credentials_given: bool,
) -> list[Finding]:
    findings = _paste_and_structure(token)
    findings += _kind(token, recognition)
    findings += _signing(token)
    findings += _issuer(token.issuer)
    if not credentials_given:
        findings += _audience_without_credentials(token, recognition, cloud)
    findings += _subject(subject)
    return findings


def _paste_and_structure(token: Token) -> list[Finding]:
    findings: list[Finding] = []
    if token.stripped:
        findings.append(
            make_finding(
                "token-empty-or-malformed",
                "To decode it, wifdoctor removed " + "; ".join(token.stripped) + ". Entra removes "
                "nothing: if the pipeline passes the token like this, Entra answers AADSTS50027.",
                (
                    "Pass the token's value alone, exactly as the platform issued it.",
                    "When reading it from a file or command output, strip the newline (e.g. "
                    "$(cat file | tr -d '\\n')) and do not quote it inside the value.",
                ),
                {"stripped": "; ".join(token.stripped)},
                severity="warning",
            )
        )
    for problem in token.problems:
        findings.append(
            make_finding(
                "token-empty-or-malformed",
                problem,
                default_fix("token-empty-or-malformed"),
                {"problem": problem},
            )
        )
    missing = [name for name in REQUIRED_CLAIMS if name not in token.claims]
    wrong_type: list[str] = [
        name
        for name in ("iss", "sub")
        if name in token.claims and not isinstance(token.claims[name], str)
    ]
    if "aud" in token.claims and not token.audiences:
        wrong_type.append("aud")
    if "exp" in token.claims and token.numeric_claim("exp") is None:
        wrong_type.append("exp")
    if missing or wrong_type:
        parts = []
        if missing:
            parts.append(f"it has no {', '.join(missing)} claim{'s' if len(missing) > 1 else ''}")
        if wrong_type:
            parts.append(
                f"{', '.join(wrong_type)} ha{'ve' if len(wrong_type) > 1 else 's'} the wrong type"
            )
        findings.append(
            make_finding(
                "token-empty-or-malformed",
                f"The token cannot be exchanged: {' and '.join(parts)}. Entra needs iss, sub, aud, "
                "exp and iat (AADSTS50027).",
                (
                    "Use the platform's OIDC ID token; configure the issuer to include "
                    "these claims.",
                ),
                {
                    "missing": ", ".join(missing) or None,
                    "wrong_type": ", ".join(wrong_type) or None,
                },
            )
        )
    return findings


def _kind(token: Token, recognition: Recognition) -> list[Finding]:
    claims = token.claims
    iss = token.issuer or ""
    reasons: list[tuple[str, str]] = []  # (finding id, explanation)
    if recognition.platform == "entra-managed-identity" and recognition.variant == "access-token":
        delegated = claims.get("idtyp") == "user" or "scp" in claims
        reasons.append(
            (
                "token-wrong-kind",
                "This is an Entra access token"
                + (" issued to a user (delegated)" if delegated else "")
                + ", not a workload ID token. Entra accepts its own "
                "tokens as assertions only from a user-assigned managed identity "
                "(AADSTS700229 for user tokens, AADSTS700226 for app tokens).",
            )
        )
    if (
        recognition.platform == "entra-managed-identity"
        and recognition.variant == "system-assigned"
    ):
        reasons.append(
            (
                "identity-type-unsupported",
                "This token belongs to a system-assigned managed identity. Only "
                "user-assigned managed identities can be a federated credential of an "
                "app.",
            )
        )
    if recognition.platform == "azure-devops" and recognition.variant == "pipeline-token":
        reasons.append(
            (
                "token-wrong-kind",
                "This is an Azure DevOps pipeline token (subject p://...), requested "
                "without a serviceConnectionId (or with one that is not a GUID). A "
                "service connection's federated credential never matches it.",
            )
        )
    auds = token.audiences
    if recognition.platform == "kubernetes":
        if iss == "kubernetes/serviceaccount":
            reasons.append(
                (
                    "token-wrong-kind",
                    "This is a legacy service-account secret token (no expiry, issuer "
                    "'kubernetes/serviceaccount'), not the projected token that workload "
                    "identity mounts at /var/run/secrets/azure/tokens/azure-identity-token.",
                )
            )
        elif (
            auds
            and not any(
                is_token_exchange_audience(a) or a == "api://AKSIdentityBinding" for a in auds
            )
            and any(_api_server_audience(a, iss) for a in auds)
        ):
            reasons.append(
                (
                    "token-wrong-kind",
                    f"This is the pod's default service-account token (audience "
                    f"{', '.join(auds)}: the API server), not the projected "
                    "azure-identity-token with audience api://AzureADTokenExchange.",
                )
            )
    if (
        "actions.githubusercontent.com" in iss
        and "repository" not in claims
        and ("scp" in claims or "ac" in claims)
    ):
        reasons.append(
            (
                "token-wrong-kind",
                "This is a GitHub Actions runtime token (ACTIONS_RUNTIME_TOKEN or "
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN), used to ask for an ID token; it is not "
                "the ID token itself.",
            )
        )
    if any("vso:" in a for a in auds) or iss.rstrip("/") == "app.vstoken.visualstudio.com":
        reasons.append(
            (
                "token-wrong-kind",
                "This looks like the Azure DevOps job access token (System.AccessToken), "
                "which authorises calls to Azure DevOps; Entra needs the OIDC token from "
                "the service connection.",
            )
        )
    return [
        make_finding(
            finding_id,
            text,
            default_fix(finding_id),
            {"issuer": iss or None, "audience": ", ".join(auds) or None},
        )
        for finding_id, text in reasons
    ]


def _api_server_audience(audience: str, issuer: str) -> bool:
    return (
        "kubernetes.default.svc" in audience
        or audience.rstrip("/") == issuer.rstrip("/")
        or (audience in ("https://kubernetes.default.svc", "kubernetes", "api"))
    )


def _signing(token: Token) -> list[Finding]:
    findings: list[Finding] = []
    alg = token.algorithm
    if alg is not None and alg != "RS256":
        findings.append(
            make_finding(
                "algorithm-unsupported",
                f"The token is signed with {alg}. Entra documents only RS256; other algorithms "
                "'may work, but haven't been tested', and some are refused (AADSTS5002730).",
                default_fix("algorithm-unsupported"),
                {"alg": alg},
            )
        )
    if token.key_id is None:
        findings.append(
            make_finding(
                "signing-key-not-published",
                "The token's header has no kid, so Entra cannot pick the signing key from the "
                "issuer's JWKS (AADSTS7000272 with an empty identifier).",
                ("Configure the issuer to put the key id (kid) in every token's header.",),
                {"kid": "missing"},
            )
        )
    return findings


def _issuer(issuer: str | None) -> list[Finding]:
    if issuer is None:
        return []
    findings: list[Finding] = []
    if issuer != issuer.strip():
        findings.append(
            make_finding(
                "issuer-whitespace",
                f"The token's issuer has whitespace around it ({issuer!r}); Entra blocks the "
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
        if host.startswith("kubernetes.default") or host.endswith(_PRIVATE_SUFFIXES):
            return f"is an internal name ({host})"
        if "." not in host:
            return f"is a single-label name ({host}) that only resolves inside a network"
        return None
    if address.is_private or address.is_loopback or address.is_link_local:
        return f"is a private address ({host})"
    return None


def _audience_without_credentials(
    token: Token, recognition: Recognition, cloud: str
) -> list[Finding]:
    auds = token.audiences
    if not auds:
        return []
    expected = CLOUDS[cloud].token_exchange_audience if cloud in CLOUDS else None
    if any(is_token_exchange_audience(a) for a in auds):
        wrong_cloud = [
            a
            for a in auds
            if a.startswith("api://AzureADTokenExchange")
            and expected
            and a != expected
            and recognition.platform != "entra-managed-identity"
        ]
        if wrong_cloud and expected not in auds:
            return [
                make_finding(
                    "audience-mismatch",
                    f"The token's audience is {wrong_cloud[0]}, the token-exchange audience of "
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
            f"The token's audience is {', '.join(auds)}. Federated credentials normally use "
            "api://AzureADTokenExchange, so unless the credential was made for "
            "exactly this value, "
            f"Entra answers AADSTS700212.{hint}",
            (
                "Request the token with the audience api://AzureADTokenExchange, or give the "
                "credential the token's audience.",
            ),
            {"token_audience": ", ".join(auds)},
            severity="warning",
            copy=(Copyable("Audience to request", "api://AzureADTokenExchange"),),
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


def _subject(subject: ParsedSubject | None) -> list[Finding]:
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
                    f"The token belongs to {namespace}/{account}, the service account of "
                    f"{controller}, not of your workload. The controller authenticates "
                    "with its own "
                    "identity unless it is configured to use the workload's (for example KEDA's "
                    "TriggerAuthentication with podIdentity provider azure-workload).",
                    (
                        "Create the credential for the service account that actually requests the "
                        "token, or configure the controller to use the workload's identity.",
                    ),
                    {"namespace": namespace, "service_account": account, "controller": controller},
                )
            )
    return findings
