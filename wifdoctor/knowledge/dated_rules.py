"""Rules of the federation world that changed over time, each with its date and its sources.

Platforms and Entra change defaults (case-sensitive matching in 2024, the Azure DevOps issuer move
in 2025, GitHub immutable subjects in 2026), so an explanation that was right last year can be
wrong today. Checks cite these rules by ``id`` when a finding depends on when something happened
(a repository renamed after a date, a cluster's Kubernetes version, a GitLab version).

``since`` is as precise as the sources allow: a full ISO date, a month ("2025-11"), or a range of
years ("2023/2024"). Where a rule follows a product version rather than a date,
``applies_from_version`` names the version and ``since`` is when that version became available.
"""

from __future__ import annotations

from dataclasses import dataclass

from wifdoctor.knowledge.aadsts_base import AKS_OIDC_DOC
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    AKS_WI_DOC,
    AWI_TROUBLESHOOT_DOC,
    BREAKING_CHANGES_DOC,
    GITHUB_OIDC_DOC,
    GRAPH_FIC_DOC,
    IMMUTABLE_DOC,
)

_GH = "https://github.com"


@dataclass(frozen=True)
class DatedRule:
    id: str
    since: str  # ISO date, or partial ("2025-11", "2024", "2023/2024")
    summary: str  # what changed, in one or two sentences
    detail: str  # the dates of each stage and what the change breaks
    sources: tuple[str, ...]  # URLs, or names of sources that have no stable URL
    certainty: str  # "documented", "observed", ... with what is uncertain
    # (date, what happened) for rules rolled out in stages; dates as precise as ``since``.
    stages: tuple[tuple[str, str], ...] = ()
    applies_from_version: str | None = None  # "GitLab 17.0", "AKS Kubernetes 1.34", ...
    finding_ids: tuple[str, ...] = ()  # findings whose explanation may cite the rule
    aadsts_codes: tuple[int, ...] = ()  # Entra codes the change brought or affects


_RULES: tuple[DatedRule, ...] = (
    DatedRule(
        id="case-sensitive-matching",
        since="2024-08-14",
        summary=(
            "Entra compares a federated credential's issuer, subject and audience with the token "
            "case-sensitively; before the change it ignored letter case."
        ),
        detail=(
            "Announced in August 2024 and rolled out in stages: first to apps and managed "
            "identities created after 2024-08-14; from 2024-09-27 to those with no federation "
            "requests between 2024-08-01 and 2024-08-31; to active ones at a later, unannounced "
            "date. A credential typed with other casing than the platform emits (owner, "
            "repository, environment) stopped matching; since early 2025 such case-only "
            "differences are widely answered with AADSTS7002138."
        ),
        sources=(
            BREAKING_CHANGES_DOC,
            GRAPH_FIC_DOC,
            f"{_GH}/Azure/login/issues/515",
            f"{_GH}/Azure/login/issues/573",
        ),
        certainty="documented; the date for apps that were active in August 2024 was not announced",
        stages=(
            ("2024-08-14", "apps and managed identities created after this date"),
            (
                "2024-09-27",
                "apps and managed identities without federation requests in August 2024",
            ),
            ("later", "all others, at a date not announced"),
            ("2025", "AADSTS7002138 widely returned for case-only differences (observed)"),
        ),
        finding_ids=("subject-case-mismatch", "issuer-case-mismatch"),
        aadsts_codes=(7002138,),
    ),
    DatedRule(
        id="github-immutable-subjects",
        since="2026-04-23",
        summary=(
            "GitHub Actions subjects can carry the owner's and repository's numeric IDs "
            "(repo:owner@<owner-id>/repo@<repo-id>:...), first by opt-in, then by default for "
            "repositories created, renamed or transferred after the switch date."
        ),
        detail=(
            "The changelog of 2026-04-23 introduced the opt-in (setting use_immutable_subject on "
            "a repository or organisation). Its edit of 2026-06-10 changed the separator from "
            "'-' to '@'. GitHub applies the form automatically to repositories created, renamed "
            "or transferred after 2026-07-15 (the changelog first said 2026-06-18). Not available "
            "on GitHub Enterprise Server. Breaks trust both ways: the Azure portal now pre-fills "
            "ID subjects, which fail for repositories that send the name form (AADSTS700213), "
            "while new or renamed repositories send the ID form to credentials made by older "
            "scripts."
        ),
        sources=(
            "GitHub changelog 2026-04-23, 'Immutable subject claims for GitHub Actions OIDC "
            "tokens' (edited 2026-06-10)",
            IMMUTABLE_DOC,
            GITHUB_OIDC_DOC,
            f"{_GH}/Azure/login/issues/617",
            f"{_GH}/Azure/login/issues/635",
        ),
        certainty=(
            "documented; the date of automatic application is uncertain (changelog said "
            "2026-06-18, docs say 2026-07-15)"
        ),
        stages=(
            ("2026-04-23", "opt-in per repository or organisation"),
            ("2026-06-10", "separator corrected to '@' in the changelog"),
            ("2026-07-15", "automatic for repositories created, renamed or transferred after it"),
        ),
        finding_ids=("subject-immutable-ids",),
        aadsts_codes=(700213,),
    ),
    DatedRule(
        id="azure-devops-issuer-migration",
        since="2025-11",
        summary=(
            "New Azure DevOps workload identity service connections use the Entra issuer "
            "(https://login.microsoftonline.com/<tenant>/v2.0) instead of the Azure DevOps issuer "
            "(https://vstoken.dev.azure.com/<org-id>)."
        ),
        detail=(
            "With the Entra issuer the subject becomes /eid1/c/pub/t/<tenant>/a/<app>/sc/<org-id>/"
            "<connection-id> (IDs, so renames no longer break it) and the token's aud is the GUID "
            "of the token-exchange app. Converting an existing connection changes issuer and "
            "subject, so its federated credential must change too (or both be kept while "
            "converting). Multi-tenant app registrations cannot use the Entra issuer "
            "(AADSTS70052)."
        ),
        sources=(
            "Azure DevOps release notes 2025 (Entra issuer for workload identity service "
            "connections)",
            ADO_TROUBLESHOOT_DOC,
            "https://learn.microsoft.com/azure/devops/pipelines/release/configure-workload-identity",
        ),
        certainty="documented; the month is approximate (about November 2025)",
        finding_ids=("issuer-azure-devops-migration", "identity-type-unsupported"),
        aadsts_codes=(700211, 70052),
    ),
    DatedRule(
        id="ado-issuer-retirement",
        since="2027-07-01",
        summary=(
            "The Azure DevOps issuer is retired for single-tenant app registrations and managed "
            "identities in the public cloud; their service connections must use the Entra issuer."
        ),
        detail=(
            "Until this date connections on either issuer work. Multi-tenant app registrations "
            "and sovereign clouds are out of scope and keep the Azure DevOps issuer."
        ),
        sources=(
            "Azure DevOps announcement of the Azure DevOps issuer retirement (2027-07-01)",
            ADO_TROUBLESHOOT_DOC,
        ),
        certainty="documented (an announced date)",
        finding_ids=("issuer-azure-devops-migration",),
    ),
    DatedRule(
        id="aks-issuer-trailing-slash",
        since="2022-01-20",
        summary=(
            "An AKS cluster's OIDC issuer ends with '/', and Entra does not normalise issuers: a "
            "credential without the slash does not match (GitHub's issuer, conversely, has none)."
        ),
        detail=(
            "The earliest quoted failure is an AADSTS70021 response of 2022-01-20 in the "
            "azure-workload-identity troubleshooting guide; Microsoft documentation showed "
            "GitHub's issuer with a wrong trailing slash (azure-docs #97699, 2022-08-29); the "
            "failure is answered with AADSTS700211 since about 2024 (azure-workload-identity "
            "#1200). One report (azure-workload-identity #1700, 2026-02-09) says a credential "
            "without the slash had matched for months and then stopped; that is unconfirmed, "
            "and the behaviour today is an exact match either way."
        ),
        sources=(
            AWI_TROUBLESHOOT_DOC,
            f"{_GH}/Azure/azure-workload-identity/issues/1200",
            f"{_GH}/MicrosoftDocs/azure-docs/issues/97699",
            f"{_GH}/Azure/azure-workload-identity/issues/1700",
        ),
        certainty="observed in quoted Entra responses; not a documented rule beyond 'exact match'",
        finding_ids=("issuer-trailing-slash",),
        aadsts_codes=(70021, 700211),
    ),
    DatedRule(
        id="no-match-code-split",
        since="2023/2024",
        summary=(
            "The single 'no matching federated identity record' error AADSTS70021, which quoted "
            "issuer, subject and audience, was split into 700211 (issuer), 700212 (audience) and "
            "700213 (subject), each naming only the field that failed."
        ),
        detail=(
            "70021 is quoted from 2021 to 2023 (invalid_request with HTTP 400 in 2022, "
            "invalid_client with 401 in 2023); the split codes appear from about 2023-2024, and "
            "later the sub-codes 7002131, 7002137 and 7002138. Microsoft's propagation note "
            "still names 70021, and the Azure DevOps troubleshooting page lists both forms. A "
            "parser must accept both, and with the split codes Entra no longer quotes the "
            "fields that did match."
        ),
        sources=(
            ADO_TROUBLESHOOT_DOC,
            AWI_TROUBLESHOOT_DOC,
            f"{_GH}/Azure/azure-workload-identity/issues/1200",
        ),
        certainty="observed; no announcement found, dates inferred from quoted responses",
        finding_ids=("issuer-mismatch", "audience-mismatch", "subject-mismatch"),
        aadsts_codes=(70021, 700211, 700212, 700213),
    ),
    DatedRule(
        id="gitlab-ci-job-jwt-removed",
        since="2024-05-16",
        summary=(
            "GitLab removed the predefined CI_JOB_JWT and CI_JOB_JWT_V2 variables; jobs declare "
            "ID tokens with id_tokens and an explicit aud."
        ),
        detail=(
            "Deprecated in GitLab 15.9 and removed in GitLab 17.0 (released 2024-05-16 on "
            "GitLab.com; self-managed instances when they upgrade). A job that still reads "
            "CI_JOB_JWT* gets an empty value, so no token reaches Entra."
        ),
        sources=(
            "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
            "https://docs.gitlab.com/ee/update/deprecations.html"
            "#old-versions-of-json-web-tokens-are-deprecated",
        ),
        certainty="documented (GitLab 17.0); the date is GitLab 17.0's scheduled release date",
        applies_from_version="GitLab 17.0",
        finding_ids=("token-empty-or-malformed", "client-settings-missing"),
    ),
    DatedRule(
        id="buildkite-subject-claim",
        since="2026-03",
        summary=(
            "Buildkite's Azure guide now says to request the token with --subject-claim "
            "pipeline_id, so that sub is the pipeline's UUID; the default sub contains the "
            "commit SHA, which no fixed federated credential can match."
        ),
        detail=(
            "Older versions of the guide said the pipeline UUID was used automatically for the "
            "Azure audience. The option comes from buildkite-agent (PR #3784)."
        ),
        sources=(
            "https://buildkite.com/docs/pipelines/security/oidc/azure",
            "https://buildkite.com/docs/agent/v3/cli-oidc",
            f"{_GH}/buildkite/agent/pull/3784",
        ),
        certainty="documented; the month the guidance changed is approximate (about 2026-03)",
        finding_ids=("subject-mismatch",),
        aadsts_codes=(700213,),
    ),
    DatedRule(
        id="aks-oidc-issuer-default",
        since="2025/2026",
        summary=(
            "New AKS clusters created with Kubernetes 1.34 or later have the OIDC issuer enabled "
            "without a flag; existing and older clusters need --enable-oidc-issuer."
        ),
        detail=(
            "Follows the cluster's Kubernetes version at creation, not a date. Upstream "
            "Kubernetes 1.34 was released 2025-08-27 and reached AKS later (one third-party plan "
            "names an AKS release of 2026-01-04; unconfirmed). Once enabled the issuer cannot be "
            "disabled; workload identity itself still needs --enable-workload-identity."
        ),
        sources=(AKS_OIDC_DOC, AKS_WI_DOC),
        certainty="documented by version; the calendar date is approximate",
        applies_from_version="AKS Kubernetes 1.34",
        finding_ids=("workload-identity-not-injected",),
    ),
    DatedRule(
        id="aks-no-token-expiration-extension",
        since="2024",
        summary=(
            "From Kubernetes 1.30, AKS runs the API server with "
            "--service-account-extend-token-expiration=false: projected service-account tokens "
            "expire after their requested lifetime (1 hour by default) instead of being silently "
            "extended to a year."
        ),
        detail=(
            "The lifetime can be set from 3600 to 86400 seconds with the workload identity "
            "annotation. A workload that reads the token file once and keeps the value fails "
            "after the lifetime with AADSTS700024; the kubelet refreshes the file, so re-read it. "
            "The AKS release date of 1.30 is not in the reference (upstream Kubernetes 1.30 "
            "was released 2024-04-17)."
        ),
        sources=(
            AKS_WI_DOC,
            "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/",
        ),
        certainty="observed (the reference's Kubernetes notes), by version; year approximate",
        applies_from_version="AKS Kubernetes 1.30",
        finding_ids=("token-expired", "token-refresh-missing"),
        aadsts_codes=(700024,),
    ),
)

RULES: dict[str, DatedRule] = {r.id: r for r in _RULES}


def stage_date(rule_id: str, index: int = 0) -> str:
    """The date of a rule's ``index``-th stage (``since`` when it has no stages)."""
    found = rule(rule_id)
    return found.stages[index][0] if found.stages else found.since


def rule(id: str) -> DatedRule:
    """The rule named ``id``; KeyError (listing the known ids) when there is none."""
    try:
        return RULES[id]
    except KeyError:
        raise KeyError(f"unknown dated rule {id!r}; known rules: {', '.join(RULES)}") from None
