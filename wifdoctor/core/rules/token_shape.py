"""What only the token itself can say: malformed, the wrong kind, the algorithm, the key id.

What its claims say (issuer, subject, audience) is an assertion rule (``rules.assertion``): it
applies the same to the values an error quotes.
"""

from __future__ import annotations

from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.rules.advice import default_fix
from wifdoctor.core.token import Token
from wifdoctor.knowledge.clouds import is_token_exchange_audience
from wifdoctor.knowledge.platforms.base import Recognition

REQUIRED_CLAIMS = ("iss", "sub", "aud", "exp")


def token_findings(token: Token, recognition: Recognition) -> list[Finding]:
    findings = _paste_and_structure(token)
    findings += _kind(token, recognition)
    findings += _signing(token)
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
