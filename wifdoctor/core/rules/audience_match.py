"""Why the token's audience is not the credential's."""

from __future__ import annotations

from collections.abc import Sequence

from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.matching import Assertion, CredentialMatch
from wifdoctor.knowledge.clouds import (
    DEFAULT_EXCHANGE_AUDIENCE,
    TOKEN_EXCHANGE_APP_ID,
    cloud_for_token_exchange_audience,
    is_token_exchange_audience,
)


def audience_findings(assertion: Assertion, candidates: Sequence[CredentialMatch]) -> list[Finding]:
    """``candidates``: the credentials whose issuer is (or nearly is) the token's."""
    if assertion.audiences is None or not candidates:
        return []
    results = [m.field("audience") for m in candidates]
    if any(result is not None and result.matches for result in results):
        return []
    nearest = candidates[0]
    comparison = nearest.field("audience")
    if comparison is None or comparison.credential_value is None:
        return []
    token_auds = ", ".join(assertion.audiences) or "(none)"
    fic_aud = comparison.credential_value
    why = _why(assertion.audiences, fic_aud)
    return [
        make_finding(
            "audience-mismatch",
            f"The token's audience is {token_auds}; credential "
            f"'{nearest.credential.label}' expects "
            f"{fic_aud}. The credential's audience must be one of the token's aud values, exactly "
            f"(AADSTS700212).{why}",
            _fix(assertion.audiences, fic_aud),
            {
                "token_audience": token_auds,
                "credential_audience": fic_aud,
                "credential": nearest.credential.label,
            },
            copy=_copy(assertion.audiences, fic_aud),
        )
    ]


def _why(token_auds: Sequence[str], fic_aud: str) -> str:
    if fic_aud == TOKEN_EXCHANGE_APP_ID:
        return (
            " The credential has the GUID form, copied from an Entra token's aud; credentials "
            "must use the URI api://AzureADTokenExchange (AADSTS700214)."
        )
    token_cloud = next(
        (
            cloud_for_token_exchange_audience(a)
            for a in token_auds
            if cloud_for_token_exchange_audience(a)
        ),
        None,
    )
    fic_cloud = cloud_for_token_exchange_audience(fic_aud)
    if token_cloud and fic_cloud and token_cloud.id != fic_cloud.id:
        return (
            f" Both are token-exchange audiences, of different clouds: the token's is "
            f"{token_cloud.display_name}'s, the credential's {fic_cloud.display_name}'s. "
            "Use the audience of the cloud where the identity lives."
        )
    if "api://AKSIdentityBinding" in token_auds:
        return (
            " api://AKSIdentityBinding is the audience of AKS identity bindings (preview); "
            "their tokens go through the cluster's proxy (WorkloadIdentityCredential with "
            "enable_azure_proxy=True)."
        )
    if any(a.startswith("https://github.com/") for a in token_auds):
        return (
            " https://github.com/<owner> is GitHub's default audience: the job requested "
            "the token without an audience."
        )
    if any(a.casefold() == fic_aud.casefold() for a in token_auds):
        return " They differ only in letter case, which Entra does not ignore."
    return ""


def _fix(token_auds: Sequence[str], fic_aud: str) -> tuple[str, ...]:
    if fic_aud == TOKEN_EXCHANGE_APP_ID:
        return ("Set the credential's audience to api://AzureADTokenExchange.",)
    if is_token_exchange_audience(fic_aud):
        steps = [
            f"Request the token for the audience {fic_aud} (GitHub: core.getIDToken("
            f"'{fic_aud}') or azure/login's audience input; GitLab: id_tokens aud:; "
            "Kubernetes: the projected token's audience)."
        ]
        if token_auds:
            steps.append(f"Or set the credential's audience to the token's: {token_auds[0]}.")
        return tuple(steps)
    return (
        f"Set the credential's audience to the token's ({token_auds[0]})."
        if token_auds
        else "Request a token with an audience.",
    )


def _copy(token_auds: Sequence[str], fic_aud: str) -> tuple[Copyable, ...]:
    if fic_aud == TOKEN_EXCHANGE_APP_ID:
        return (Copyable("Corrected audience", DEFAULT_EXCHANGE_AUDIENCE),)
    if is_token_exchange_audience(fic_aud):
        return (Copyable("Audience to request", fic_aud),)
    return (Copyable("Corrected audience", token_auds[0]),) if token_auds else ()
