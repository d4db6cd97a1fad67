"""Turn the steps' findings into the diagnosis' findings: drop what a more precise finding
explains, say so when the configuration matches, and order errors first.

The exchange step maps Entra's codes to generic findings ("no FIC has this subject"); the match
step, with credentials at hand, says precisely why. When both speak about the same field, the
precise one stays. When the credentials match exactly but Entra said otherwise, the answer is not a
mismatch: it is propagation (or a different identity), and we say that instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import (
    SEVERITY_ORDER,
    Copyable,
    Finding,
    make_finding,
    sort_findings,
)
from wifdoctor.core.matching import Assertion, CredentialMatch
from wifdoctor.core.remedy import ADD_FOR, UPDATE_FOR, remedy_for
from wifdoctor.knowledge.aadsts import NO_CREDENTIALS_CODE, NO_MATCH_CODES
from wifdoctor.knowledge.findings_catalogue import spec_for

GENERIC_BY_FAMILY = {
    "issuer": "issuer-mismatch",
    "subject": "subject-mismatch",
    "audience": "audience-mismatch",
}
FAMILY_PREFIXES = {
    "issuer": ("issuer-",),
    "subject": ("subject-", "flexible-expression-"),
    "audience": ("audience-",),
}


# Entra's older combined no-match answer (issuer, subject and audience quoted, none singled out).
COMBINED_CODES = frozenset({"AADSTS70021"})


@dataclass(frozen=True)
class Facts:
    evidence: ErrorEvidence | None
    assertion: Assertion | None
    credentials_given: bool
    matches: tuple[CredentialMatch, ...]
    cloud: str = "public"


def conclude(findings: Iterable[Finding], facts: Facts) -> list[Finding]:
    kept = _dedupe(list(findings))
    partial = facts.assertion is not None and not facts.assertion.complete
    matched = [
        match for match in facts.matches if match.matches is True or (partial and match.consistent)
    ]
    if matched:
        kept = _configuration_matches(kept, facts, matched)
    kept = _drop_generic(kept)
    out: list[Finding] = []
    commands: dict[str, str] = {}  # az command -> the finding that shows it
    for finding in _causes_first(sort_findings(kept)):
        out.append(_with_remedy(finding, facts, commands))
    return _match_leads(out)


def _match_leads(findings: list[Finding]) -> list[Finding]:
    """A credential that matches exactly is said before what the match only makes possible.

    What the input itself shows (an error or warning from Entra's code, the token's times, a
    line of the log) stays in front: it is why the job failed. What the match step adds beside
    a matching credential (a retry for propagation, another credential's hygiene) is a
    candidate, and a user who pasted matching values must first read that they match, not a
    mismatch (spec/findings.md: say so, then name what remains possible).
    """
    lead = next((f for f in findings if f.id == "configuration-matches"), None)
    if lead is None:
        return findings
    rest = [f for f in findings if f is not lead]
    shown = [f for f in rest if _shown_by_input(f)]
    return [*shown, lead, *(f for f in rest if not _shown_by_input(f))]


def _shown_by_input(finding: Finding) -> bool:
    return finding.step != "match" and finding.severity != "info"


def _with_remedy(finding: Finding, facts: Facts, commands: dict[str, str]) -> Finding:
    """Every error about issuer, subject, audience or an expression carries its remedy, also as
    the ready ``az`` command (a fix step and a value to copy)."""
    if finding.severity != "error":
        return finding
    remedy = finding.remedy  # a rule that knows the change sets it itself
    if remedy is None and finding.id in UPDATE_FOR | ADD_FOR | {"audience-mismatch"}:
        remedy = remedy_for(
            finding.id,
            facts.assertion,
            facts.matches,
            credential_label=finding.evidence.get("credential"),
            credential_issuer=finding.evidence.get("credential_issuer"),
            client_id=facts.evidence.client_id if facts.evidence else None,
            cloud=facts.cloud,
        )
    if remedy is None:
        return finding
    command = remedy.command()
    if command in commands:  # the same change as an earlier finding's: said once
        return replace(
            finding,
            remedy=remedy,
            fix=(*finding.fix, f"The Azure CLI command under {commands[command]} makes it."),
        )
    commands[command] = finding.id
    verb = (
        "Add a credential"
        if remedy.action == "add-credential"
        else (f"Update credential '{remedy.credential}'")
    )
    return replace(
        finding,
        remedy=remedy,
        fix=(*finding.fix, f"{verb} with the Azure CLI: {command}"),
        copy=(*finding.copy, Copyable("az command", command)),
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out: list[Finding] = []
    precise_ids = {f.id for f in findings if f.step != "exchange"}
    for finding in findings:
        if finding.step == "exchange" and finding.id in precise_ids:
            continue  # the same conclusion, said more precisely by another step
        # One finding per id (per credential, for the ones about a credential): the same
        # conclusion from two steps is said once, by the first.
        key = (finding.id, finding.evidence.get("credential") or "")
        if key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return out


def _drop_generic(findings: list[Finding]) -> list[Finding]:
    """Drop a generic mismatch when a precise finding of its family explains it.

    spec/findings.md: ``subject-mismatch`` is for when "none of the more precise subject findings
    explains it"; so whichever step said it, it goes when one does (a controller's service
    account, an in-cluster issuer...). The precise finding then carries the generic one's
    severity: it is why the exchange failed.
    """
    out: list[Finding] = []
    raise_to_error: set[str] = set()
    for finding in findings:
        family = next(
            (f for f, generic in GENERIC_BY_FAMILY.items() if generic == finding.id), None
        )
        if family is not None:
            prefixes = FAMILY_PREFIXES[family]
            if finding.step == "exchange" and finding.evidence.get("code") in COMBINED_CODES:
                # The combined no-match answer names no field: a precise finding about any
                # of the three explains it (an issuer generation, a slash, whitespace ...).
                prefixes = tuple(
                    p for family_prefixes in FAMILY_PREFIXES.values() for p in family_prefixes
                )
            precise = [
                other
                for other in findings
                if other.id.startswith(prefixes)
                and other.id not in GENERIC_BY_FAMILY.values()
                and other.step != "exchange"
                and other.id not in _NOT_AN_EXPLANATION
                and other.evidence.get("controller") != "probably"  # a guess explains nothing
            ]
            if precise and (finding.step == "exchange" or finding.step != precise[0].step):
                if finding.severity == "error":
                    raise_to_error.update(other.id for other in precise)
                continue
        out.append(finding)
    return [
        replace(f, severity="error") if f.id in raise_to_error and f.severity != "error" else f
        for f in out
    ]


# Precise findings that do not explain a mismatch of their family on their own.
_NOT_AN_EXPLANATION = frozenset({"issuer-unreachable", "credential-too-broad"})
# (cause, symptom): when both are concluded, the cause is said first, right before the symptom.
CAUSE_OF = (
    ("token-refresh-missing", "token-expired"),
    ("issuer-not-public", "issuer-unreachable"),
    ("platform-incident", "issuer-unreachable"),
    ("token-wrong-kind", "token-lifetime-too-long"),
    ("workload-identity-not-injected", "client-settings-missing"),
)


# Causes that are certain when their symptom is there: they take its severity.
_CERTAIN_CAUSES = frozenset(
    {
        "token-refresh-missing",
        "issuer-not-public",
        "token-wrong-kind",
        "workload-identity-not-injected",
    }
)


def _causes_first(findings: list[Finding]) -> list[Finding]:
    out = list(findings)
    for cause, symptom in CAUSE_OF:
        ids = [f.id for f in out]
        if cause in ids and symptom in ids and ids.index(cause) > ids.index(symptom):
            severity = out[ids.index(symptom)].severity
            moved = [
                replace(f, severity=severity)
                if cause in _CERTAIN_CAUSES
                and SEVERITY_ORDER[severity] < SEVERITY_ORDER[f.severity]
                else f
                for f in out
                if f.id == cause
            ]
            rest = [f for f in out if f.id != cause]
            at = next(i for i, f in enumerate(rest) if f.id == symptom)
            out = rest[:at] + moved + rest[at:]
    return out


def _configuration_matches(
    findings: list[Finding], facts: Facts, matched: list[CredentialMatch]
) -> list[Finding]:
    names = ", ".join(f"'{match.credential.label}'" for match in matched)
    codes = facts.evidence.error_codes if facts.evidence else ()
    refused = [code for code in codes if code in NO_MATCH_CODES or code == NO_CREDENTIALS_CODE]
    # A credential that matches trusts this very subject: a controller's service account is then
    # the identity the user meant (KEDA's operator with azure-workload: kedacore/keda#8152).
    out = [
        f
        for f in findings
        if not (f.step == "exchange" and _is_mismatch(f)) and f.id != "subject-controller-account"
    ]
    if not any(f.id == "configuration-matches" for f in out):
        out.append(_matches_finding(facts, names, refused))
    if refused and not any(f.id == "credential-propagation" for f in out):
        code_list = ", ".join(f"AADSTS{code}" for code in refused)
        out.append(
            make_finding(
                "credential-propagation",
                f"Entra answered {code_list} (no matching federated credential), yet credential "
                f"{names} matches exactly. Entra caches credentials for minutes after they are "
                "created or edited, so a fresh credential fails first; a credential that keeps "
                "failing while matching is either on a different identity than the client ID "
                "used, or a stale record.",
                (
                    "Wait a few minutes and retry the exchange.",
                    "Confirm the client ID in the failing job is the one of the identity that "
                    "holds this credential (app registration or user-assigned managed identity).",
                    "If it still fails after 15 minutes, delete the credential and create it "
                    "again with the same values.",
                ),
                {"codes": code_list, "credentials": names},
            ).with_step("match")
        )
    return out


def _matches_finding(facts: Facts, names: str, refused: list[int]) -> Finding:
    """Say that the credential matches, then what remains possible for the failure."""
    shown = facts.assertion
    # Error text is partial evidence, unless it quotes all three (AADSTS70021 does).
    partial = (
        shown is not None
        and not shown.complete
        and None in (shown.issuer, shown.subject, shown.audiences)
    )
    scope = "on every value the error text shows" if partial else "on issuer, subject and audience"
    explanation = (
        f"Credential {names} matches what was presented {scope}, exactly as Entra compares "
        "(case-sensitive). Whatever failed, it was not this comparison."
    )
    if refused:
        code_list = ", ".join(f"AADSTS{code}" for code in refused)
        explanation += (
            f" Entra still answered {code_list}, so the cause lies outside the values: the client "
            "ID or tenant the job used, a credential too new (or a stale record), or Entra itself."
        )
    return make_finding(
        "configuration-matches",
        explanation,
        _REMAINING_WHEN_REFUSED if refused else _REMAINING,
        {"credentials": names},
        severity="warning" if refused else None,
        title=(
            "The values the error quotes match a federated credential exactly" if partial else None
        ),
    ).with_step("match")


# What remains possible when the values match, in the order worth checking (a wrong client ID is
# the usual one: hmcts/sds-flux-config#3646; a stale record: Azure/azure-workload-identity#1200;
# a failure now and then on an unchanged credential: kedacore/keda#8152).
_REMAINING_WHEN_REFUSED = (
    "Check that the client ID the job used is the one of the identity that holds this "
    "credential (app registration or user-assigned managed identity), and that the tenant ID is "
    "that identity's tenant: a client ID left over from another identity gets this same answer.",
    "If the credential was created or edited in the last minutes, wait and retry: Entra caches "
    "credentials.",
    "If it keeps failing with the same values, delete the credential and create it again with "
    "the same values (a stale record).",
    "If it fails only now and then, or for many identities at once, it is on Entra's side: "
    f"retry the request, and check {spec_for('platform-incident').docs[0]}.",
)
_REMAINING = (
    "Check that the client ID used is the identity that holds this credential.",
    "If the credential was created or edited in the last minutes, retry later.",
)


def _is_mismatch(finding: Finding) -> bool:
    return (
        finding.id in GENERIC_BY_FAMILY.values()
        or finding.id == "flexible-expression-no-match"
        or finding.id.startswith(("issuer-trailing", "issuer-case", "subject-", "audience-"))
    )
