"""The steps that need no network: acquire, decode, exchange (as reported), validity, match.

Each step reads the request and what earlier steps put in the context, writes its own fields, and
returns a StepOutcome. The network steps of later versions plug into the same plan.

Rules that only apply to some inputs (error text, credentials) are imported inside the step that
uses them: `wifdoctor decode` never loads the AADSTS catalogue or the message patterns.
"""

from __future__ import annotations

from collections.abc import Sequence

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import Step, StepOutcome
from wifdoctor.core.diagnosis import StepStatus
from wifdoctor.core.errors import TokenError
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.matching import Assertion, assertion_from_claims, match_all
from wifdoctor.core.rules.assertion import assertion_findings
from wifdoctor.core.rules.token_shape import token_findings
from wifdoctor.core.rules.validity import check_validity
from wifdoctor.core.token import parse_token
from wifdoctor.core.words import indefinite, sentence_start
from wifdoctor.knowledge.platforms import UNKNOWN, parse_subject, platform_by_id, recognize
from wifdoctor.knowledge.platforms.base import Recognition


def status_of(findings: Sequence[Finding], *, default: StepStatus = "pass") -> StepStatus:
    if any(f.severity == "error" for f in findings):
        return "fail"
    if any(f.severity == "warning" for f in findings):
        return "warn"
    return default


async def acquire(ctx: WalkContext) -> StepOutcome:
    evidence = ctx.request.evidence
    if evidence is None:
        return StepOutcome("skipped", "No log or error text given.")
    if not evidence.signals:
        return StepOutcome(
            "pass", "Nothing in the text says that getting the token or configuring the SDK failed."
        )
    from wifdoctor.core.rules.acquisition import signal_findings

    findings = signal_findings(
        evidence.signals, evidence.platform_hints, entra_answered=bool(evidence.error_codes)
    )
    names = ", ".join(dict.fromkeys(signal.id for signal in evidence.signals))
    return StepOutcome(
        status_of(findings),
        f"The text reports problems getting the token or configuring the client: {names}.",
        {"messages": str(len(evidence.signals))},
        tuple(findings),
    )


async def decode(ctx: WalkContext) -> StepOutcome:
    text = ctx.request.token_text
    if text is None:
        return _quoted_assertion(ctx)
    try:
        token = parse_token(text)
    except TokenError as exc:
        finding = make_finding(exc.finding_id, str(exc), _token_fix(exc), {"reason": exc.message})
        return StepOutcome("fail", f"Not a usable token: {exc.message}", findings=(finding,))
    ctx.token = token
    ctx.recognition = recognize(token.issuer, token.claims)
    platform = ctx.recognition.platform
    ctx.subject = parse_subject(token.subject, platform) if token.subject else None
    ctx.assertion = assertion_from_claims(token.claims)
    findings = token_findings(token, ctx.recognition) + assertion_findings(
        ctx.assertion,
        ctx.recognition,
        ctx.subject,
        ctx.request.cloud,
        credentials_given=ctx.request.credentials_expected,
    )
    variant = f" ({ctx.recognition.variant})" if ctx.recognition.variant else ""
    evidence = {
        "platform": ctx.recognition.display_name + variant,
        "issuer": token.issuer or "(none)",
        "subject": token.subject or "(none)",
        "audience": ", ".join(token.audiences) or "(none)",
        "alg": token.algorithm or "(none)",
    }
    other = _other_run(ctx.request.evidence, token.subject)
    if other:
        evidence["note"] = other
    return StepOutcome(
        status_of(findings),
        f"{sentence_start(indefinite(ctx.recognition.display_name))}{variant} token for "
        f"{token.subject or '(no subject)'}.",
        evidence,
        tuple(findings),
    )


def _token_fix(exc: TokenError) -> tuple[str, ...]:
    return (exc.hint,) if exc.hint else ()


def _other_run(evidence: ErrorEvidence | None, subject: str | None) -> str | None:
    if evidence is None or evidence.subject is None or subject is None:
        return None
    if evidence.subject == subject:
        return None
    return (
        f"The error quotes the subject {evidence.subject}, this token has {subject}: the "
        "token is not the one that failed."
    )


def _quoted_assertion(ctx: WalkContext) -> StepOutcome:
    evidence = ctx.request.evidence
    if evidence is None or not (evidence.issuer or evidence.subject or evidence.audience):
        return StepOutcome("skipped", "No token given.")
    claims: dict[str, object] = {}
    if evidence.subject:
        claims["sub"] = evidence.subject
    if evidence.job_workflow_ref:
        claims["job_workflow_ref"] = evidence.job_workflow_ref
    ctx.assertion = Assertion(
        issuer=evidence.issuer,
        subject=evidence.subject,
        audiences=(evidence.audience,) if evidence.audience else None,
        claims=claims,
        complete=False,
        source="error-text",
    )
    recognition = recognize(evidence.issuer, claims) if evidence.issuer else UNKNOWN
    if recognition.platform == "unknown" and evidence.subject:
        parsed = parse_subject(evidence.subject)
        platform = platform_by_id(parsed.platform) if parsed else None
        if platform is not None:
            recognition = Recognition(platform.id, platform.display_name, basis="subject")
    ctx.recognition = recognition
    platform_id = ctx.recognition.platform if ctx.recognition.platform != "unknown" else None
    ctx.subject = parse_subject(evidence.subject, platform_id) if evidence.subject else None
    quoted = {
        k: v
        for k, v in (
            ("issuer", evidence.issuer),
            ("subject", evidence.subject),
            ("audience", evidence.audience),
        )
        if v
    }
    findings = assertion_findings(
        ctx.assertion,
        ctx.recognition,
        ctx.subject,
        ctx.request.cloud,
        credentials_given=ctx.request.credentials_expected,
    )
    said = (
        "No token given; the pasted claims give the "
        if evidence.decoded_claims
        else "No token given; the error text quotes the "
    )
    return StepOutcome(
        status_of(findings, default="skipped"),
        said + ", ".join(quoted) + (" presented." if evidence.decoded_claims else " Entra saw."),
        quoted,
        tuple(findings),
    )


async def exchange(ctx: WalkContext) -> StepOutcome:
    evidence = ctx.request.evidence
    if evidence is None or not evidence.error_codes:
        return StepOutcome(
            "skipped",
            "No Entra error code in the input, so there is no answer from Entra to explain "
            "(wifdoctor does not send the token to Entra itself).",
        )
    from wifdoctor.core.rules.error_codes import code_findings

    report = code_findings(evidence, token_issuer=ctx.token.issuer if ctx.token else None)
    status = status_of(report.findings, default="warn" if report.unknown else "fail")
    step_evidence = {
        k: v
        for k, v in (
            ("codes", ", ".join(f"AADSTS{c}" for c in evidence.error_codes)),
            ("trace_id", evidence.trace_id),
            ("correlation_id", evidence.correlation_id),
            ("timestamp", evidence.timestamp.isoformat() if evidence.timestamp else None),
        )
        if v
    }
    return StepOutcome(
        status, "Entra answered " + "; ".join(report.lines), step_evidence, tuple(report.findings)
    )


async def validity(ctx: WalkContext) -> StepOutcome:
    evidence = ctx.evidence  # pasted, else Entra's answer to the live exchange (its own time)
    has_times = evidence is not None and (
        700024 in evidence.error_codes
        or 70023 in evidence.error_codes
        or evidence.local_clock is not None
    )
    if ctx.token is None and not has_times:
        return StepOutcome("skipped", "No token or token times to check.")
    platform = platform_by_id(ctx.recognition.platform) if ctx.recognition else None
    report = check_validity(
        ctx.token,
        evidence,
        ctx.now,
        at=ctx.request.at,
        platform_name=platform.display_name if platform else None,
        usual_lifetime=platform.usual_lifetime if platform else None,
    )
    status = status_of(report.findings)
    summary = "; ".join(f.title for f in report.findings) or "The token is within its valid time."
    if report.notes:
        summary += " " + " ".join(report.notes)
    return StepOutcome(status, summary, report.evidence, tuple(report.findings))


async def match(ctx: WalkContext) -> StepOutcome:
    credentials = ctx.credentials  # a file given, else what the identity step read
    if credentials is None:
        how = (
            "paste them, ctrl+o or ctrl+n" if ctx.request.command == "tui" else "--credentials FILE"
        )
        return StepOutcome("skipped", f"No federated credentials given ({how}).")
    from wifdoctor.core.rules.hygiene import credential_findings
    from wifdoctor.core.rules.mismatch import mismatch_findings

    findings = credential_findings(credentials, assertion_known=ctx.assertion is not None)
    if not credentials:
        findings.append(
            make_finding(
                "no-federated-credentials",
                "The credentials given list no federated credential at all; Entra answers "
                "AADSTS70025 for such an identity.",
                ("Add a federated credential to the identity whose client ID the job uses.",),
                {"credentials": "0"},
            )
        )
        return StepOutcome(
            "fail", "The identity has no federated credentials.", findings=tuple(findings)
        )
    if ctx.assertion is None:
        return StepOutcome(
            status_of(findings),
            f"Checked {len(credentials)} credential(s) on their own; nothing to compare them with.",
            findings=tuple(findings),
        )
    ctx.matches = match_all(ctx.assertion, list(credentials))
    platform = ctx.recognition.platform if ctx.recognition else None
    # Why the token does not match comes first; what else is wrong with a credential (a
    # wildcard Entra takes literally, a bad name) follows.
    findings = mismatch_findings(ctx.assertion, ctx.matches, platform) + findings
    best = ctx.matches[0]
    if best.matches is True or (not ctx.assertion.complete and best.consistent):
        summary = f"Credential '{best.credential.label}' matches exactly."
        return StepOutcome(
            status_of(findings), summary, {"matched": best.credential.label}, tuple(findings)
        )
    differing = [c.field for c in best.fields if c.matches is False]
    summary = (
        f"No credential matches. Nearest: '{best.credential.label}' "
        f"({', '.join(differing) or 'undecided'} differ{'s' if len(differing) == 1 else ''})."
    )
    return StepOutcome(
        "fail" if not findings else status_of(findings, default="fail"),
        summary,
        {"nearest": best.credential.label},
        tuple(findings),
    )


def offline_steps() -> list[Step]:
    """The walk without network: the order here is the order steps are shown in."""
    return [
        Step("acquire", "Getting the token", acquire),
        Step("decode", "Decoding the token", decode),
        Step("validity", "Validity in time", validity, needs=("decode",)),
        Step("match", "Matching federated credentials", match, needs=("decode",)),
        Step("exchange", "Entra's answer", exchange, needs=("decode",)),
    ]
