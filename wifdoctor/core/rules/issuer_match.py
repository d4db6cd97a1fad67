"""Why no credential has the presented issuer, in the most precise words available."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.matching import Assertion, CredentialMatch, compare_values
from wifdoctor.knowledge.clouds import entra_issuer_tenant, is_entra_issuer
from wifdoctor.knowledge.dated_rules import stage_date
from wifdoctor.knowledge.platforms import recognize

_VSTOKEN = re.compile(r"https://(vstoken\.dev\.azure\.com|app\.vstoken\.visualstudio\.com)\b")


def issuer_findings(assertion: Assertion, matches: Sequence[CredentialMatch]) -> list[Finding]:
    token_issuer = assertion.issuer
    if token_issuer is None:
        return []
    issuers = sorted({m.credential.issuer for m in matches if m.credential.issuer})
    if not issuers or token_issuer in issuers:
        return []
    copy = (Copyable("Corrected issuer", token_issuer),)
    evidence = {"token_issuer": token_issuer, "credential_issuers": ", ".join(issuers)}
    if any(issuer.strip() == token_issuer.strip() for issuer in issuers):
        # The issuers are the same but for spaces, a tab or a line break (a '\r' kept from
        # `az ... -o tsv` in WSL, Azure/azure-cli#26942): the credential rules (or, for the
        # token's issuer, the assertion rules) name that whitespace; "no credential has this
        # issuer" would send the user looking for another one.
        return []
    for issuer in issuers:
        relation = compare_values("issuer", token_issuer, issuer).relation
        names = _credentials_with(matches, issuer)
        if relation == "trailing-slash":
            return [_trailing_slash(token_issuer, issuer, names, copy)]
        if relation == "case":
            return [
                make_finding(
                    "issuer-case-mismatch",
                    f"Credential {names} has the issuer {issuer}; the token's is {token_issuer}. "
                    "They differ only in letter case, and Entra compares issuers case-sensitively "
                    f"(since {stage_date('case-sensitive-matching')}).",
                    (f"Set the credential's issuer to exactly {token_issuer}.",),
                    {**evidence, "credential_issuer": issuer},
                    copy=copy,
                )
            ]
        special = _special_pair(token_issuer, issuer, names, copy, evidence)
        if special is not None:
            return [special]
    listing = ", ".join(issuers)
    return [
        make_finding(
            "issuer-mismatch",
            f"No credential has the token's issuer {token_issuer}. The credentials' issuers are: "
            f"{listing}. Entra looks only at credentials whose issuer is exactly the token's "
            "(AADSTS700211).",
            (
                f"Add a credential with the issuer {token_issuer}, or correct an existing one.",
                "If the token comes from another platform or cluster than expected, check which "
                "issuer the job really uses.",
            ),
            evidence,
            copy=copy,
        )
    ]


def _credentials_with(matches: Sequence[CredentialMatch], issuer: str) -> str:
    return ", ".join(f"'{m.credential.label}'" for m in matches if m.credential.issuer == issuer)


def _trailing_slash(
    token_issuer: str, issuer: str, names: str, copy: tuple[Copyable, ...]
) -> Finding:
    platform = recognize(token_issuer, {})
    if platform.platform == "kubernetes":
        why = "AKS and most Kubernetes issuers end with '/'; copy it with the slash."
    elif platform.platform == "github-actions":
        why = "GitHub's issuer has no trailing '/'; some Microsoft examples show one by mistake."
    else:
        why = "Entra does not normalise URLs: the slash must be the same on both sides."
    has = "has a" if token_issuer.endswith("/") else "has no"
    return make_finding(
        "issuer-trailing-slash",
        f"Credential {names} has the issuer {issuer}; the token's issuer {token_issuer} {has} "
        f"trailing slash. {why}",
        (f"Set the credential's issuer to exactly {token_issuer}.",),
        {"token_issuer": token_issuer, "credential_issuer": issuer},
        copy=copy,
    )


def _special_pair(
    token_issuer: str,
    issuer: str,
    names: str,
    copy: tuple[Copyable, ...],
    evidence: dict[str, str],
) -> Finding | None:
    token_platform = recognize(token_issuer, {})
    credential_platform = recognize(issuer, {})
    if token_platform.platform == credential_platform.platform == "github-actions":
        return make_finding(
            "issuer-github-enterprise",
            f"The token's issuer is {token_issuer} ({_github_kind(token_platform.variant)}); "
            f"credential {names} has {issuer} ({_github_kind(credential_platform.variant)}). "
            "When an enterprise owner turns on the enterprise issuer, every repository's tokens "
            "carry https://token.actions.githubusercontent.com/<enterprise-slug>, and credentials "
            "with the plain issuer stop matching.",
            (
                f"Set the credential's issuer to {token_issuer}.",
                "Keep both issuers while switching, then delete the old credentials.",
            ),
            {**evidence, "credential_issuer": issuer},
            copy=copy,
        )
    if _ado_generations(token_issuer, issuer):
        return ado_migration_finding(token_issuer, issuer, names, copy)
    if is_entra_issuer(token_issuer) or issuer.startswith("https://sts.windows.net/"):
        tenant = entra_issuer_tenant(token_issuer)
        return make_finding(
            "issuer-mismatch",
            f"The token was issued by Entra ({token_issuer}); credential {names} has {issuer}. "
            "For a managed identity's token, the credential's issuer is "
            f"https://login.microsoftonline.com/{tenant or '<tenant-id>'}/v2.0, exactly, with "
            "/v2.0 and the managed identity's tenant.",
            (f"Set the credential's issuer to {token_issuer}.",),
            {**evidence, "credential_issuer": issuer},
            copy=copy,
        )
    if token_platform.platform == credential_platform.platform == "kubernetes":
        return make_finding(
            "issuer-mismatch",
            f"Both issuers are Kubernetes OIDC issuers, but of different clusters: the token's is "
            f"{token_issuer}, credential {names} has {issuer}. Each cluster has its own issuer, "
            "so each needs its own credential (blue/green clusters included).",
            (
                f"Add a credential with the issuer {token_issuer} (az aks show --query "
                "oidcIssuerProfile.issuerUrl -o tsv).",
            ),
            {**evidence, "credential_issuer": issuer},
            copy=copy,
        )
    return None


def _github_kind(variant: str | None) -> str:
    return {
        "ghec-enterprise-issuer": "GitHub Enterprise Cloud enterprise issuer",
        "ghes": "GitHub Enterprise Server",
        "ghe-com": "GitHub Enterprise Cloud with data residency",
    }.get(variant or "", "the plain GitHub issuer")


def _ado_generations(a: str, b: str) -> bool:
    return bool(_VSTOKEN.match(a)) != bool(_VSTOKEN.match(b)) and (
        is_entra_issuer(a) or is_entra_issuer(b)
    )


def ado_migration_finding(
    token_issuer: str, issuer: str, names: str, copy: tuple[Copyable, ...]
) -> Finding:
    token_is_entra = is_entra_issuer(token_issuer)
    if token_is_entra:
        story = (
            "The service connection now uses the Entra issuer (the default for new and "
            "converted connections since 2025), but the credential still has the Azure "
            "DevOps (vstoken) issuer and its sc:// subject."
        )
    else:
        story = (
            "The token comes from the Azure DevOps (vstoken) issuer, but the credential has "
            "the Entra issuer that converted connections use: the connection was not "
            "converted, or was reverted."
        )
    return make_finding(
        "issuer-azure-devops-migration",
        f"{story} Token issuer: {token_issuer}; credential {names}: {issuer}.",
        (
            "Open the service connection in Azure DevOps and copy its current issuer and subject "
            "into the credential (or edit and save the connection to have it update "
            "the credential).",
            "If another service connection that has not changed issuer uses the same identity, "
            "add a credential with these values instead of changing this one, and delete the "
            "old one when no connection uses it.",
        ),
        {"token_issuer": token_issuer, "credential_issuer": issuer},
        copy=copy,
    )
