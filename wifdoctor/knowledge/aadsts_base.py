"""The shape of one AADSTS catalogue entry, and the helper the data modules build entries with.

The catalogue itself is assembled in :mod:`wifdoctor.knowledge.aadsts`; the entries live in the
``aadsts_entries_*`` modules, grouped like the sections of the reference they come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wifdoctor.knowledge.findings_catalogue import LEARN

# How well the reference sources what an entry says about the workload identity federation
# path, from its [V]/[O]/[S]/[U] tags: "verified" (Microsoft documentation or SDK source),
# "observed" (real token-endpoint output quoted in public issues), "secondary" (third-party
# write-ups, field reports), "unverified" (inferred, or no source: treat as a hint).
Confidence = Literal["verified", "observed", "secondary", "unverified"]

# The public cloud's error lookup page; every entry links it.
ERROR_LOOKUP_URL = "https://login.microsoftonline.com/error?code={code}"

# Documentation the entries link to, beyond those of findings_catalogue.
CLIENT_CREDS_DOC = f"{LEARN}/entra/identity-platform/v2-oauth2-client-creds-grant-flow"
UAMI_TRUST_DOC = (
    f"{LEARN}/entra/workload-id/"
    "workload-identity-federation-create-trust-user-assigned-managed-identity"
)
AZURE_POLICY_BLOCK_DOC = (
    f"{LEARN}/entra/workload-id/workload-identity-federation-block-using-azure-policy"
)
AKS_OIDC_DOC = f"{LEARN}/azure/aks/use-oidc-issuer"
GITLAB_AZURE_DOC = "https://docs.gitlab.com/ci/cloud_services/azure/"
AZURE_LOGIN_ISSUES = "https://github.com/Azure/login/issues"
AWI_ISSUES = "https://github.com/Azure/azure-workload-identity/issues"


@dataclass(frozen=True)
class AadstsEntry:
    """What wifdoctor knows about one AADSTS code.

    ``message`` is the template as Entra prints it after ``AADSTS<code>: ``, with
    ``{placeholders}`` for the values Entra fills in; `` ... `` marks text the reference leaves
    out, and an empty string means no wording is known (only the symbolic ``name``).
    ``finding_ids`` are IDs of docs/findings.md, the most likely first: the first is the primary
    finding for the code.
    """

    code: int
    name: str | None
    title: str
    message: str
    meaning: str
    causes: tuple[str, ...]
    remedy: tuple[str, ...]
    docs: tuple[str, ...]
    finding_ids: tuple[str, ...]
    oauth_error: str | None
    http_status: int | None
    confidence: Confidence
    part_of_wif: bool = True

    @property
    def lookup_url(self) -> str:
        """Microsoft's own error lookup page for this code (public cloud)."""
        return ERROR_LOOKUP_URL.format(code=self.code)


def entry(
    code: int,
    *,
    title: str,
    message: str,
    meaning: str,
    causes: tuple[str, ...],
    remedy: tuple[str, ...],
    finding_ids: tuple[str, ...],
    confidence: Confidence,
    name: str | None = None,
    docs: tuple[str, ...] = (),
    oauth_error: str | None = None,
    http_status: int | None = None,
    part_of_wif: bool = True,
) -> AadstsEntry:
    """Build an entry; the error lookup link is appended to ``docs`` (after the specific pages)."""
    lookup = ERROR_LOOKUP_URL.format(code=code)
    return AadstsEntry(
        code=code,
        name=name,
        title=title,
        message=message,
        meaning=meaning,
        causes=causes,
        remedy=remedy,
        docs=docs if lookup in docs else (*docs, lookup),
        finding_ids=finding_ids,
        oauth_error=oauth_error,
        http_status=http_status,
        confidence=confidence,
        part_of_wif=part_of_wif,
    )
