"""Why no credential has the presented subject: the precise reason for the nearest credential.

The nearest classic credential (by closeness of its subject) is explained; flexible credentials
are explained by the clause that failed. Platform-specific comparisons live in subject_shapes.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.matching import Assertion, CredentialMatch, FieldComparison, similarity
from wifdoctor.core.rules.subject_shapes import compare_shapes
from wifdoctor.knowledge.dated_rules import stage_date
from wifdoctor.knowledge.findings_catalogue import title_for
from wifdoctor.knowledge.platforms import github, parse_subject
from wifdoctor.knowledge.platforms.base import PlatformId


def subject_findings(
    assertion: Assertion,
    candidates: Sequence[CredentialMatch],
    platform: PlatformId | None,
) -> list[Finding]:
    """``candidates``: credentials whose issuer is (or nearly is) the token's, nearest first."""
    token_subject = assertion.subject
    if token_subject is None or not candidates:
        return []
    classic = [m for m in candidates if m.credential.expression is None]
    flexible = [m for m in candidates if m.credential.expression is not None]
    if any(_subject_ok(m) for m in candidates):
        return []
    findings: list[Finding] = []
    if classic:
        nearest = max(classic, key=lambda m: (_subject_closeness(m), -m.index))
        comparison = nearest.field("subject")
        if comparison is not None and comparison.credential_value is not None:
            findings.append(
                _explain(token_subject, comparison, nearest, classic, platform, assertion)
            )
    if flexible:
        immutable = _immutable_against_expression(token_subject, flexible, assertion)
        if immutable is not None:
            findings.append(immutable)
        findings.append(_expression_no_match(token_subject, flexible))
    return [finding for finding in findings if finding is not None]


def _subject_ok(match: CredentialMatch) -> bool:
    field = match.field("subject") or match.field("expression")
    return field is not None and field.matches is True


def _subject_closeness(match: CredentialMatch) -> float:
    comparison = match.field("subject")
    if comparison is None:
        return 0.0
    return similarity(comparison.token_value, comparison.credential_value)


def _explain(
    token_subject: str,
    comparison: FieldComparison,
    nearest: CredentialMatch,
    classic: Sequence[CredentialMatch],
    platform: PlatformId | None,
    assertion: Assertion,
) -> Finding:
    fic_subject = comparison.credential_value or ""
    label = f"'{nearest.credential.label}'"
    copy = (Copyable("Corrected subject", token_subject),)
    evidence = {
        "token_subject": token_subject,
        "credential_subject": fic_subject,
        "credential": nearest.credential.label,
    }
    if comparison.relation == "case":
        return make_finding(
            "subject-case-mismatch",
            f"Credential {label} has the subject {fic_subject}; the token's is {token_subject}. "
            f"They differ only in letter case ({_case_points(token_subject, fic_subject)}), and "
            f"Entra matches case-sensitively since {stage_date('case-sensitive-matching')} "
            "(AADSTS7002138). The "
            "platform writes names with their real casing.",
            (f"Set the credential's subject to exactly {token_subject}.",),
            evidence,
            copy=copy,
        )
    typo = _typo(token_subject, fic_subject)
    if typo:
        return make_finding(
            "subject-format-typo",
            f"Credential {label} has the subject {fic_subject}; the token's is {token_subject}. "
            f"{typo}",
            (f"Set the credential's subject to exactly {token_subject}.",),
            evidence,
            copy=copy,
        )
    azp = assertion.claims.get("azp")
    if isinstance(azp, str) and fic_subject == azp and assertion.claims.get("oid") == token_subject:
        return make_finding(
            "subject-mismatch",
            f"Credential {label} has the subject {fic_subject}, which is the managed identity's "
            f"client ID. For a managed identity's token the subject is its object (principal) "
            f"ID: {token_subject}.",
            (f"Set the credential's subject to {token_subject} (the identity's principalId).",),
            evidence,
            copy=copy,
        )
    token_parsed = parse_subject(token_subject, platform)
    fic_parsed = parse_subject(fic_subject, token_parsed.platform if token_parsed else platform)
    if token_parsed and fic_parsed:
        others = [m.credential.subject or "" for m in classic]
        shaped = compare_shapes(token_parsed, fic_parsed, label, others, assertion.claims)
        if shaped is not None:
            finding_id, explanation, fix = shaped
            return make_finding(
                finding_id,
                explanation,
                (*fix, f"Or set the subject of credential {label} to {token_subject}."),
                evidence,
                copy=copy,
                title=title_for(finding_id, token_parsed.platform),
            )
    listing = "; ".join(sorted({m.credential.subject or "" for m in classic}))
    return make_finding(
        "subject-mismatch",
        f"No credential has the token's subject {token_subject}. The nearest is {label} with "
        f"{fic_subject}. Credentials with this issuer have: {listing}. Entra compares the "
        "subject exactly (AADSTS700213).",
        (f"Add a credential with the subject {token_subject}, or correct {label}.",),
        evidence,
        copy=copy,
    )


def _case_points(token: str, fic: str) -> str:
    points = [
        f"'{fic[i]}' at position {i + 1} should be '{token[i]}'"
        for i in range(min(len(token), len(fic)))
        if token[i] != fic[i]
    ]
    shown = ", ".join(points[:3])
    return shown + (f" and {len(points) - 3} more" if len(points) > 3 else "")


def _typo(token_subject: str, fic_subject: str) -> str | None:
    """The explanation of a known hand-made mistake that turns the token's subject into the
    credential's, or None."""
    corrected = github.corrected_subject(fic_subject)
    if corrected == token_subject:
        reasons = [explanation for _, _, explanation in github.subject_typos(fic_subject)]
        return " ".join(dict.fromkeys(reasons)) or "The credential's subject has a typo."
    for wrong, right in ((":ref:refs/heads/", ":ref:"), (":ref:refs/tags/", ":ref:")):
        if wrong in fic_subject and fic_subject.replace(wrong, right) == token_subject:
            return (
                "GitLab puts the short ref name in the subject (ref:main), not the full "
                "ref as GitHub does (ref:refs/heads/main)."
            )
    if (
        fic_subject.replace("Default-Project", "Default Project").replace(
            "DefaultProject", "Default Project"
        )
        == token_subject
    ):
        return "HCP Terraform's default project is named 'Default Project', with a space."
    return None


_IDS = re.compile(r"@\d+(?=[/:])")


def _immutable_against_expression(
    token_subject: str, flexible: Sequence[CredentialMatch], assertion: Assertion
) -> Finding | None:
    """The token has GitHub's immutable owner@ID/repo@ID form and an expression written for
    names would match its name form (SecurityRonin/ronin-issen docs/release-standard.md)."""
    if not token_subject.startswith("repo:") or _IDS.search(token_subject) is None:
        return None
    from wifdoctor.core.expression import ExpressionError, evaluate, parse_expression

    named = _IDS.sub("", token_subject)
    for match in flexible:
        try:
            parsed = parse_expression(match.credential.expression or "")
        except ExpressionError:
            continue
        claims = {**assertion.claims, "sub": named}
        if evaluate(parsed, claims, complete=assertion.complete).matched is True:
            label = match.credential.label
            return make_finding(
                "subject-immutable-ids",
                f"The token's subject {token_subject} uses GitHub's immutable owner@ID/repo@ID "
                f"form; credential '{label}' has an expression written for names, which "
                f"would match {named}. GitHub applies the immutable form to repositories "
                f"created, renamed or transferred since "
                f"{stage_date('github-immutable-subjects', 2)}, and it cannot be reverted.",
                (
                    "Write the expression for the immutable form (owner@ID/repo@ID), or add a "
                    "credential whose subject is the token's.",
                ),
                {"token_subject": token_subject, "credential": label},
            )
    return None


def _expression_no_match(token_subject: str, flexible: Sequence[CredentialMatch]) -> Finding:
    nearest = flexible[0]
    label = nearest.credential.label
    if nearest.expression_error is not None:
        detail = f"its expression does not parse ({nearest.expression_error})"
    elif nearest.expression is not None:
        failed = nearest.expression.failed or tuple(
            r for r in nearest.expression.clauses if r.matched is not True
        )
        detail = (
            "; ".join(
                f"{result.clause} fails: the token's {result.clause.claim} is "
                f"{result.value!r} ({result.reason})"
                for result in failed
            )
            or "it did not match"
        )
    else:
        detail = "it did not match"
    others = len(flexible) - 1
    more = (
        f" ({others} other expression{'s' if others != 1 else ''} did not match either)"
        if others
        else ""
    )
    return make_finding(
        "flexible-expression-no-match",
        f"Credential '{label}' has the expression {nearest.credential.expression!r}, and "
        f"{detail}{more}. Entra answers AADSTS7002131 when neither a subject nor an expression "
        "matches.",
        (
            "Widen the failing clause so it admits the token's value (wildcards: * any run, ? one "
            "character), or add a credential for this case.",
        ),
        {
            "token_subject": token_subject,
            "credential": label,
            "expression": nearest.credential.expression,
        },
    )
