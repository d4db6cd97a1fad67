"""Entra's answer, explained: each AADSTS code in the error text becomes its primary finding,
told in the values the error quotes (the subject it saw, the key id, the client ID ...).

These are the conclusions available from the error text alone. With a token or credentials at
hand, the other steps say more precisely why, and ``conclude`` keeps their version.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.knowledge.aadsts import AadstsEntry, lookup
from wifdoctor.knowledge.clouds import is_entra_issuer
from wifdoctor.knowledge.issuers import PUBLIC_SAAS_ISSUERS
from wifdoctor.knowledge.messages import CODES_EXPLAINED_BY
from wifdoctor.knowledge.platforms import parse_subject, recognize
from wifdoctor.knowledge.platforms.azure_devops import (
    ENTRA_ISSUER_IN_PIPELINE_FIX,
    ENTRA_ISSUER_IN_PIPELINE_NOTE,
)


@dataclass
class CodeReport:
    findings: list[Finding] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one per code, for the step's summary
    unknown: list[int] = field(default_factory=list)


def code_findings(evidence: ErrorEvidence, *, token_issuer: str | None = None) -> CodeReport:
    """``token_issuer``: the decoded token's issuer, for errors that do not quote one."""
    if evidence.issuer is None and token_issuer is not None:
        evidence = replace(evidence, issuer=token_issuer)
    report = CodeReport()
    # Codes whose own text in the input says why more precisely (a recognised message): that
    # message's finding is concluded instead of the code's default one.
    explained = {
        pattern.explains_code: pattern
        for pattern in (CODES_EXPLAINED_BY.get(signal.id) for signal in evidence.signals)
        if pattern is not None
    }
    for code in evidence.error_codes:
        found = lookup(code)
        if found is None:
            report.unknown.append(code)
            report.lines.append(
                f"AADSTS{code}: not in wifdoctor's catalogue; look it up at "
                f"https://login.microsoftonline.com/error?code={code}"
            )
            continue
        entry = found.entry
        kinship = "" if found.exact else f" (a variant of AADSTS{entry.code})"
        if code in explained:
            report.lines.append(f"AADSTS{code}{kinship}: {explained[code].meaning}")
            continue
        report.lines.append(f"AADSTS{code}{kinship}: {entry.title}")
        if not entry.finding_ids:
            continue
        report.findings.extend(_findings_for(code, entry, evidence, kinship))
    return report


def _base_evidence(code: int, evidence: ErrorEvidence) -> dict[str, str | None]:
    return {
        "code": f"AADSTS{code}",
        "trace_id": evidence.trace_id,
        "correlation_id": evidence.correlation_id,
        "timestamp": evidence.timestamp.isoformat() if evidence.timestamp else None,
    }


def _findings_for(
    code: int, entry: AadstsEntry, evidence: ErrorEvidence, kinship: str
) -> list[Finding]:
    primary = entry.finding_ids[0]
    said = f"Entra answered AADSTS{code}{kinship}: {entry.meaning}"
    base = _base_evidence(code, evidence)
    if code == 70021 and (evidence.issuer or evidence.subject or evidence.audience):
        return _triple(code, entry, evidence, said, base)
    special = _SPECIAL.get(primary)
    if special is not None:
        found = special(code, entry, evidence, said, base)
        if found:
            return found
    return [make_finding(primary, said, entry.remedy, base, docs=entry.docs)]


def _triple(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    quoted = [
        f"{name} '{value}'"
        for name, value in (
            ("issuer", ev.issuer),
            ("subject", ev.subject),
            ("audience", ev.audience),
        )
        if value is not None
    ]
    values = ", ".join(quoted)
    return [
        make_finding(
            "subject-mismatch",
            f"{said} Entra quoted the assertion's {values} and did not say which of the three "
            "differs from the credentials; the subject is the usual culprit. A "
            "credential created in "
            "the last minutes also fails like this until it propagates.",
            (
                "Compare each value, character for character, with the identity's credentials "
                "(az ad app federated-credential list --id <app>), or give them to wifdoctor "
                "(paste them in the app, or --credentials FILE) to have them compared.",
                *entry.remedy,
            ),
            {
                **base,
                "token_issuer": ev.issuer,
                "token_subject": ev.subject,
                "token_audience": ev.audience,
            },
            docs=entry.docs,
            copy=tuple(
                Copyable(f"{name.capitalize()} for the credential", value)
                for name, value in (
                    ("subject", ev.subject),
                    ("issuer", ev.issuer),
                    ("audience", ev.audience),
                )
                if value
            ),
        )
    ]


def _issuer(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    if ev.issuer is None:
        return []
    platform = recognize(ev.issuer, {})
    display, notes = platform.display_name, " ".join(platform.notes)
    steps = entry.remedy
    if "azure-devops" in ev.platform_hints and is_entra_issuer(ev.issuer):
        # The same issuer from a pipeline is a service connection's, not a managed identity's:
        # the managed-identity and AKS steps of the general remedy do not apply.
        display = "Azure DevOps service connection, Entra issuer"
        notes, steps = ENTRA_ISSUER_IN_PIPELINE_NOTE, (ENTRA_ISSUER_IN_PIPELINE_FIX,)
    return [
        make_finding(
            "issuer-mismatch",
            f"{said} The token's issuer was {ev.issuer}"
            + (f" ({display})" if platform.platform != "unknown" else "")
            + f", and no federated credential of this identity has exactly that issuer. {notes}",
            (
                f"Give the credential the issuer {ev.issuer}, character for character.",
                *steps,
            ),
            {**base, "token_issuer": ev.issuer},
            docs=entry.docs,
            copy=(Copyable("Issuer for the credential", ev.issuer),),
        )
    ]


def _audience(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    if ev.audience is None:
        return []
    return [
        make_finding(
            "audience-mismatch",
            f"{said} The token's audience was {ev.audience}; no federated credential of this "
            "identity has it as its audience.",
            (
                f"Request the token for the credential's audience (usually "
                f"api://AzureADTokenExchange), or set the credential's audience to {ev.audience}.",
                *entry.remedy[1:],  # the first step, restated above with values
            ),
            {**base, "token_audience": ev.audience},
            docs=entry.docs,
        )
    ]


def _subject(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    subject = ev.expected_subject if code == 7002137 else ev.subject
    if subject is None:
        return []
    parsed = parse_subject(ev.subject or subject)
    described = ""
    if parsed is not None:
        parts = ", ".join(f"{p.name.replace('_', ' ')} {p.value}" for p in parsed.parts)
        described = f" That subject reads: {parts}."
        if parsed.get("context") == "environment":
            described += (
                " The job references an environment, so GitHub names the environment "
                "in the subject instead of the branch."
            )
        elif parsed.get("context") == "pull_request":
            described += " The run was a pull request, so the subject says pull_request."
        described += "".join(f" {note}" for note in parsed.notes)
    primary = entry.finding_ids[0]
    if code == 7002137:
        text = (
            f"{said} Entra says the credential's subject must be {subject} (the token "
            f"presented {ev.subject})."
        )
    else:
        text = (
            f"{said} The token's subject was {subject}; no federated credential of this "
            f"identity has exactly that subject.{described}"
        )
    return [
        make_finding(
            primary if primary.startswith(("subject-", "flexible-")) else "subject-mismatch",
            text,
            (
                f"Create (or correct) a credential whose subject is exactly {subject}, or change "
                "the workflow so that it produces the subject you trust.",
                *entry.remedy[1:],  # the first step, restated above with values
            ),
            {**base, "token_subject": ev.subject, "expected_subject": ev.expected_subject},
            docs=entry.docs,
            copy=(Copyable("Subject for the credential", subject),),
        )
    ]


def _unreachable(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    findings = [make_finding("issuer-unreachable", said, entry.remedy, base, docs=entry.docs)]
    # An issuer Entra can never reach (in-cluster, private) is an assertion rule: it is concluded
    # from the issuer itself, quoted or in a token (rules.assertion), not from this code.
    saas_log = any(h in ev.platform_hints for h in ("azure-devops", "github-actions", "ci"))
    if ev.issuer is None and "platform-incident" in entry.finding_ids and saas_log:
        # AADSTS50166 with no issuer in sight: the unchanged pipelines of many users failed so
        # at once during service incidents (Azure/azure-cli#28863, Azure/azure-powershell#24652).
        findings.append(
            make_finding(
                "platform-incident",
                "The text does not show the issuer, but it comes from a CI job. For a "
                "SaaS issuer (GitHub, Azure DevOps, GitLab.com, HCP Terraform), whose "
                "endpoints Entra normally reaches, this is a service-side incident, the more "
                "so if it worked before without a change; "
                "for a self-hosted issuer (a cluster, GHES), Entra cannot reach it. The token's "
                "iss (or the service connection's issuer) tells the two apart.",
                (
                    "Check https://azure.status.microsoft/ and the platform's status page "
                    "(status.dev.azure.com, githubstatus.com), then retry with backoff.",
                    "If the issuer is self-hosted, publish its discovery document and keys on "
                    "the internet.",
                ),
                base,
            )
        )
    if ev.issuer and ev.issuer.startswith(PUBLIC_SAAS_ISSUERS):
        findings.append(
            make_finding(
                "platform-incident",
                f"{ev.issuer} is a public SaaS issuer that Entra normally reaches; "
                "a failure to "
                "fetch its keys points at a service-side incident, not your configuration.",
                (
                    "Check https://azure.status.microsoft/ and the platform's "
                    "status page, then "
                    "retry with backoff.",
                ),
                {**base, "issuer": ev.issuer},
            )
        )
    return findings


def _key(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    kid = ev.key_id
    detail = (
        f" The token's kid is '{kid}'."
        if kid
        else " The identifier is empty: the token has no kid in its header."
    )
    return [
        make_finding(
            "signing-key-not-published",
            said + detail,
            entry.remedy,
            {**base, "kid": kid or "missing", "issuer": ev.issuer},
            docs=entry.docs,
        )
    ]


def _client(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    who = ""
    if ev.client_id:
        who += f" The client ID used was {ev.client_id}."
    if ev.tenant:
        who += f" The tenant was {ev.tenant}."
    return [
        make_finding(
            entry.finding_ids[0],
            said + who,
            entry.remedy,
            {**base, "client_id": ev.client_id, "tenant": ev.tenant},
            docs=entry.docs,
        )
    ]


def _conditional_access(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    copy: tuple[Copyable, ...] = ()
    if ev.correlation_id:
        query = (
            'az rest --url "https://graph.microsoft.com/beta/auditLogs/signIns?$filter='
            f"correlationId eq '{ev.correlation_id}' and signInEventTypes/any(t: t eq "
            "'servicePrincipal')\""
        )
        copy = (Copyable("Sign-in log query", query),)
    return [
        make_finding(
            "conditional-access-blocked", said, entry.remedy, base, docs=entry.docs, copy=copy
        )
    ]


def _time_range(
    code: int, entry: AadstsEntry, ev: ErrorEvidence, said: str, base: dict[str, str | None]
) -> list[Finding]:
    """AADSTS700024 whose own times show an assertion that had not expired but starts later
    than Entra's clock: not valid yet, not expired (the validity step says by how much)."""
    now, start, end = ev.current_time, ev.valid_from, ev.expires_at
    if now is None or start is None or end is None or end <= now or start <= now:
        return []
    if start.year == 1970:  # Entra's way of saying the assertion had no nbf
        return []
    return [
        make_finding(
            "token-not-yet-valid",
            said + " Its own times show an assertion that had not expired but starts after "
            "Entra's clock.",
            ("Set the clock of the issuer that minted the assertion right (NTP), then retry.",),
            {**base, "current_time": now.isoformat(), "valid_from": start.isoformat()},
            docs=entry.docs,
        )
    ]


_SPECIAL = {
    "token-expired": _time_range,
    "issuer-mismatch": _issuer,
    "audience-mismatch": _audience,
    "subject-mismatch": _subject,
    "subject-case-mismatch": _subject,
    "flexible-expression-no-match": _subject,
    "issuer-unreachable": _unreachable,
    "signing-key-not-published": _key,
    "client-id-not-found": _client,
    "conditional-access-blocked": _conditional_access,
}
