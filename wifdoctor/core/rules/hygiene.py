"""Validate FICs the way Entra does at creation, and flag what can never match or trusts too much.

Entra stores some FICs that can never match ("The error does not become apparent until the token
exchange fails"), so these checks are worth running on every credential, matching or not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.expression import (
    Expression,
    ExpressionError,
    parse_expression,
    support_problems,
)
from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.remedy import Remedy
from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID
from wifdoctor.knowledge.fic_rules import CARRIAGE_RETURN_NOTE, NEWLINE_NOTE
from wifdoctor.knowledge.platforms import slash_defect

MAX_CREDENTIALS = 20
MAX_FIELD = 600
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{2,119}")
# Comparands of a `matches` clause that open the door wider than one repository / project.
_BROAD_PATTERNS = (
    (re.compile(r"^repo:[^/:]*\*"), "any repository of any owner that matches"),
    (re.compile(r"^repo:[^/:]+/\*"), "every repository of the organisation"),
    (re.compile(r"^project_path:[^:]*\*:"), "every project of the group"),
    (re.compile(r"^organization:[^:]+:\*"), "every workspace of the organisation"),
    (re.compile(r"^\*$"), "any subject at all"),
)


def credential_findings(
    credentials: Sequence[FederatedCredential], *, assertion_known: bool = False
) -> list[Finding]:
    """What is wrong with the credentials on their own. With an assertion to compare, the
    match rules say how the issuer differs from the token's; without one, an issuer that
    differs from its platform's real one by a '/' is said here."""
    findings: list[Finding] = []
    for credential in credentials:
        findings.extend(_field_problems(credential))
        if not assertion_known:
            findings.extend(_slash_problem(credential))
        expression, problems = _expression_problems(credential)
        findings.extend(problems)
        findings.extend(_breadth(credential, expression))
    findings.extend(_collection_problems(credentials))
    return findings


def _slash_problem(fic: FederatedCredential) -> list[Finding]:
    real = slash_defect(fic.issuer) if fic.issuer else None
    if real is None or fic.issuer is None:
        return []
    has = "ends with '/'" if fic.issuer.endswith("/") else "lacks the trailing '/'"
    return [
        make_finding(
            "issuer-trailing-slash",
            f"Credential '{fic.label}' has the issuer {fic.issuer}, which {has}; the platform's "
            f"tokens carry {real}. Entra compares issuers exactly, so this credential never "
            "matches.",
            (f"Set the credential's issuer to {real}.",),
            {"credential": fic.label, "credential_issuer": fic.issuer, "expected": real},
            copy=(Copyable("Corrected issuer", real),),
        ).with_remedy(_same_credential(fic, {"issuer": real}))
    ]


def _whitespace_origin(value: str) -> str:
    """Where the whitespace probably came from, told by what was left behind."""
    outer = value[: len(value) - len(value.lstrip())] + value[len(value.rstrip()) :]
    if "\r" in outer:
        return f" {CARRIAGE_RETURN_NOTE}"
    if "\n" in outer:
        return f" {NEWLINE_NOTE}"
    return ""


def _same_credential(fic: FederatedCredential, changes: dict[str, str]) -> Remedy:
    """A defect of form in this credential, corrected in place (spec/cli.md, remedy)."""
    return Remedy(
        "update-credential",
        fic.label,
        changes,
        "managed-identity" if fic.identity_kind == "managed-identity" else "application",
        arm_id=fic.id,
    )


def _invalid(credential: FederatedCredential, problem: str, fix: str, **evidence: str) -> Finding:
    return make_finding(
        "credential-invalid-field",
        f"Credential '{credential.label}': {problem}",
        (fix,),
        {"credential": credential.label, **evidence},
    )


def _field_problems(fic: FederatedCredential) -> list[Finding]:
    out: list[Finding] = []
    if fic.name is not None and not _NAME.fullmatch(fic.name):
        out.append(
            _invalid(
                fic,
                f"the name '{fic.name}' is not 3-120 characters of letters, digits, '-' and '_' "
                "starting with a letter or digit.",
                "Create it again with a valid name (names cannot be changed).",
                name=fic.name,
            )
        )
    if not fic.issuer:
        out.append(_invalid(fic, "the issuer is empty.", "Set the issuer to the token's iss."))
    else:
        if fic.issuer != fic.issuer.strip():
            out.append(
                make_finding(
                    "issuer-whitespace",
                    f"Credential '{fic.label}' has whitespace around its issuer ({fic.issuer!r}); "
                    "Entra compares issuers exactly, so it can never match a real token."
                    + _whitespace_origin(fic.issuer),
                    ("Remove the whitespace from the credential's issuer.",),
                    {"credential": fic.label, "credential_issuer": repr(fic.issuer)},
                    copy=(Copyable("Corrected issuer", fic.issuer.strip()),),
                ).with_remedy(_same_credential(fic, {"issuer": fic.issuer.strip()}))
            )
        if not fic.issuer.strip().startswith("https://"):
            out.append(
                _invalid(
                    fic,
                    f"the issuer '{fic.issuer}' is not an https URL; Entra fetches "
                    "{issuer}/.well-known/openid-configuration from it.",
                    "Use the issuer exactly as the token's iss claim has it.",
                    issuer=fic.issuer,
                )
            )
        if "*" in fic.issuer:
            out.append(
                _invalid(
                    fic,
                    "the issuer contains '*'; FICs have no wildcards.",
                    "Use the exact issuer URL.",
                )
            )
    out.extend(_subject_problems(fic))
    out.extend(_audience_problems(fic))
    for label, value in (
        ("issuer", fic.issuer),
        ("subject", fic.subject),
        ("description", fic.description),
    ):
        if value is not None and len(value) > MAX_FIELD:
            out.append(
                _invalid(
                    fic,
                    f"the {label} is {len(value)} characters; at most {MAX_FIELD} are allowed.",
                    f"Shorten the {label}.",
                )
            )
    return out


def _subject_problems(fic: FederatedCredential) -> list[Finding]:
    out: list[Finding] = []
    if fic.expression is not None and fic.subject:
        out.append(
            _invalid(
                fic,
                "it has both a subject and a claims-matching expression; "
                "the subject must be null when an expression is set.",
                "Remove the subject, or the expression.",
            )
        )
    if fic.expression is None and not fic.subject:
        out.append(_invalid(fic, "the subject is empty.", "Set the subject to the token's sub."))
    if fic.expression is None and fic.subject:
        if fic.subject != fic.subject.strip():
            out.append(
                make_finding(
                    "subject-format-typo",
                    f"Credential '{fic.label}' has whitespace around its subject "
                    f"({fic.subject!r}); "
                    "token subjects never do, so it can never match.",
                    ("Remove the whitespace from the subject.",),
                    {"credential": fic.label, "credential_subject": repr(fic.subject)},
                    copy=(Copyable("Corrected subject", fic.subject.strip()),),
                )
            )
        if "*" in fic.subject:
            out.append(
                _invalid(
                    fic,
                    f"the subject '{fic.subject}' contains '*', but classic FICs have no "
                    "wildcards: it only matches a subject with a literal '*', which no platform "
                    "issues.",
                    "Create one credential per branch, tag or environment, or use a "
                    "flexible credential (claimsMatchingExpression) with 'matches'.",
                )
            )
    return out


def _audience_problems(fic: FederatedCredential) -> list[Finding]:
    if len(fic.audiences) != 1:
        return [
            _invalid(
                fic,
                f"it has {len(fic.audiences)} audiences; Entra requires exactly one.",
                "Keep one audience: api://AzureADTokenExchange unless your token says otherwise.",
                audiences=", ".join(fic.audiences) or "none",
            )
        ]
    audience = fic.audiences[0]
    if not audience.strip():
        return [_invalid(fic, "the audience is empty.", "Set it to api://AzureADTokenExchange.")]
    if audience == TOKEN_EXCHANGE_APP_ID:
        return [
            _invalid(
                fic,
                f"the audience is the GUID {audience}, copied from an Entra-issued token's aud. "
                "The credential must use the URI form (AADSTS700214).",
                "Set the audience to api://AzureADTokenExchange.",
                audience=audience,
            )
        ]
    if len(audience) > MAX_FIELD:
        return [_invalid(fic, "the audience is longer than 600 characters.", "Shorten it.")]
    return []


def _expression_problems(fic: FederatedCredential) -> tuple[Expression | None, list[Finding]]:
    """The parsed expression (None when absent or broken) and what Entra would refuse."""
    if fic.expression is None:
        return None, []
    try:
        parsed = parse_expression(fic.expression)
    except ExpressionError as exc:
        return None, [
            make_finding(
                "flexible-expression-unsupported",
                f"Credential '{fic.label}': the expression does not parse: {exc} (AADSTS700233).",
                ("Write each clause as claims['sub'] matches '...' and join clauses with and.",),
                {"credential": fic.label, "expression": fic.expression},
            )
        ]
    problems = support_problems(
        parsed,
        fic.issuer,
        managed_identity=fic.identity_kind == "managed-identity",
        language_version=fic.language_version,
    )
    return parsed, [
        make_finding(
            "flexible-expression-unsupported",
            f"Credential '{fic.label}': {problem.message} (AADSTS{problem.code}).",
            (
                "Use a classic credential (exact subject) for this case, or change the expression "
                "to what flexible credentials support.",
            ),
            {"credential": fic.label, "expression": fic.expression},
        )
        for problem in problems
    ]


def _breadth(fic: FederatedCredential, expression: Expression | None) -> list[Finding]:
    reasons: list[str] = []
    if fic.expression is None and fic.subject and fic.subject.endswith(":pull_request"):
        reasons.append(
            "the subject admits every pull request run of the repository; with "
            "pull_request_target or an id-token grant on PR workflows, code from a "
            "pull request can reach this identity"
        )
    clauses = expression.clauses if expression is not None else ()
    for clause in (c.comparand for c in clauses if c.claim == "sub" and c.operator == "matches"):
        for pattern, what in _BROAD_PATTERNS:
            if pattern.search(clause):
                reasons.append(f"the pattern '{clause}' trusts {what}")
        if clause.endswith(":ref:refs/heads/*"):
            reasons.append(
                f"the pattern '{clause}' trusts any branch, and anyone who can "
                "push a branch can then run as this identity"
            )
    return [
        make_finding(
            "credential-too-broad",
            f"Credential '{fic.label}': {reason}.",
            (
                "Narrow it to the branches, tags or environments that deploy (protected ones), or "
                "add a job_workflow_ref clause that pins a reviewed workflow.",
            ),
            {"credential": fic.label, "subject": fic.subject, "expression": fic.expression},
        )
        for reason in dict.fromkeys(reasons)  # a clause repeated 50,000 times is one finding
    ]


def _collection_problems(credentials: Sequence[FederatedCredential]) -> list[Finding]:
    out: list[Finding] = []
    if len(credentials) >= MAX_CREDENTIALS:
        over = len(credentials) > MAX_CREDENTIALS
        consequence = "these cannot all exist on one identity" if over else "no more can be added"
        out.append(
            make_finding(
                "credential-limit-reached",
                f"This identity has {len(credentials)} federated credentials; Entra allows "
                f"{MAX_CREDENTIALS}, so {consequence}.",
                (
                    "Replace per-branch credentials with one flexible credential, use "
                    "environments, or spread workloads over more identities.",
                ),
                {"count": str(len(credentials))},
                severity="error" if over else "warning",
            )
        )
    # One pass that groups by (issuer, subject): scanning every credential again for each
    # duplicated pair was quadratic (10,000 credentials with 5,000 pairs).
    groups: dict[tuple[str | None, str], list[str]] = {}
    for fic in credentials:
        if fic.subject:
            groups.setdefault((fic.issuer, fic.subject), []).append(fic.label)
    for (issuer, subject), names in groups.items():
        count = len(names)
        if count > 1:
            out.append(
                make_finding(
                    "credential-duplicate",
                    f"{count} credentials ({', '.join(names)}) have the same issuer and subject; "
                    "Entra requires the pair to be unique per identity.",
                    ("Delete the extra credentials.",),
                    {"issuer": issuer, "subject": subject, "credentials": ", ".join(names)},
                )
            )
    return out
