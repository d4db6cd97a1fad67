"""Time rules: expired, not yet valid, lifetime over 25 h, clocks apart, stale assertions reused.

A token is judged at the time of the failed exchange: ``--at``, else what the input tells
(Entra's ``Current time`` or ``Timestamp``, the log's own line timestamps). When nothing tells it,
"now" is not the moment of the exchange: a token that has expired since is a warning that says
when, never the cause, and matching decides the rest. The error text alone is enough for
AADSTS700024 and AADSTS70023: their messages carry the times.

``token-refresh-missing`` (a tool reused the job's first assertion) comes from the times the input
shows: an assertion that expired long before it was used, a log whose steps span more than the
token's life, or an AADSTS700024 from a consuming tool known to keep the assertion it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.rules.clocks import future_start, local_clock_findings
from wifdoctor.core.times import duration, from_epoch, iso, relative
from wifdoctor.core.token import Token
from wifdoctor.knowledge.platforms import kubernetes

MAX_LIFETIME = timedelta(days=1, hours=1)  # Entra: 1.01:00:00 (AADSTS70023)
# Expired this long before use: an old assertion was reused. A token is fetched right before its
# exchange, so minutes late is already a reused one (Azure/login#372: 8 minutes).
STALE_AFTER = timedelta(minutes=5)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

FRESH_TOKEN_FIX = (
    "Request the ID token right before the exchange, not at the start of the job.",
    "In code, use a credential that fetches a new assertion on every token request "
    "(azure-identity ClientAssertionCredential with a callback, or WorkloadIdentityCredential).",
)
REFRESH_FIX = (
    "Sign in again right before the steps that run late (re-run azure/login, or the "
    "AzureCLI task).",
    "Use a tool that fetches a fresh assertion itself: the Terraform azurerm provider with OIDC, "
    "or an SDK credential with a callback; the Azure CLI reuses the assertion it was given.",
    "On Azure DevOps, prefer a managed identity service connection for jobs longer than an hour.",
)


@dataclass
class ValidityReport:
    findings: list[Finding] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def check_validity(
    token: Token | None,
    evidence: ErrorEvidence | None,
    now: datetime,
    *,
    at: datetime | None = None,
    platform_name: str | None = None,
    usual_lifetime: str | None = None,
) -> ValidityReport:
    """``at``: when the failing exchange happened, if the user said (``--at``)."""
    report = ValidityReport()
    moment, at_label = exchange_time(evidence, at)
    if token is not None:
        _token_times(
            token,
            moment,
            at_label,
            now,
            report,
            platform_name,
            usual_lifetime,
            refused_for_time=evidence is not None and 700024 in evidence.error_codes,
        )
    if evidence is not None:
        if evidence.local_clock is not None:
            report.findings.extend(local_clock_findings(evidence.local_clock))
        _error_times(evidence, report, token is not None, platform_name, usual_lifetime)
        _stale_from_log(evidence, token, moment, report)
    _root_cause_first(report)
    return report


def exchange_time(
    evidence: ErrorEvidence | None, at: datetime | None = None
) -> tuple[datetime | None, str]:
    """When the failing exchange happened, and how we know; (None, "") when nothing says."""
    if at is not None:
        return at, f"at the time given ({iso(at)})"
    if evidence is not None:
        if evidence.current_time is not None:
            return evidence.current_time, f"when Entra refused it ({iso(evidence.current_time)})"
        if evidence.timestamp is not None:
            return evidence.timestamp, f"when the error happened ({iso(evidence.timestamp)})"
        if evidence.log_times:
            last = evidence.log_times[-1]
            return last, f"at the log's last timestamp ({iso(last)})"
    return None, ""


def _root_cause_first(report: ValidityReport) -> None:
    """A reused assertion is why it expired: say that before the symptom."""
    causes = [f for f in report.findings if f.id == "token-refresh-missing"]
    if causes:
        report.findings[:] = causes + [f for f in report.findings if f not in causes]


def _lifetime_phrase(platform_name: str | None, usual_lifetime: str | None) -> str:
    if platform_name and usual_lifetime:
        return f" {platform_name} tokens usually live {usual_lifetime}."
    return ""


def _token_times(
    token: Token,
    known_at: datetime | None,
    at_label: str,
    now: datetime,
    report: ValidityReport,
    platform_name: str | None,
    usual_lifetime: str | None,
    *,
    refused_for_time: bool = False,
) -> None:
    exp = _claim_time(token, "exp")
    nbf = _claim_time(token, "nbf")
    iat = _claim_time(token, "iat")
    for name, moment in (("issued_at", iat), ("not_before", nbf), ("expires_at", exp)):
        if moment is not None:
            report.evidence[name] = f"{iso(moment)} ({relative(moment, now)})"
    at = known_at or now
    if known_at is None:
        at_label = "now"
    if exp is not None and known_at is None and exp <= now:
        report.findings.append(_expired_since(exp, now, platform_name, usual_lifetime))
    elif exp is not None and exp <= at:
        report.findings.append(
            make_finding(
                "token-expired",
                f"The token expired at {iso(exp)}, {duration((at - exp).total_seconds())} before "
                f"it was checked {at_label}. Entra refuses expired assertions (AADSTS700024)."
                + _lifetime_phrase(platform_name, usual_lifetime),
                FRESH_TOKEN_FIX,
                {"expires_at": iso(exp), "checked_at": iso(at)},
            )
        )
        if at - exp > STALE_AFTER and iat is not None and exp - iat < STALE_AFTER * 12:
            report.findings.append(_reused(at - exp, at, {}))
    elif exp is not None and at != now and exp <= now:
        report.notes.append(
            f"It was valid {at_label} and has expired since ({relative(exp, now)}), so expiry "
            "did not cause that failure."
        )
    # Entra refused it for its time although it had not expired: its start (nbf, what Entra
    # quotes as "valid from") is why.
    refused = refused_for_time and known_at is not None and (exp is None or exp > at)
    for name, moment in (("nbf", nbf), ("iat", iat)):
        found = (
            future_start(name, moment, at, at_label, refused_for_time=refused and name == "nbf")
            if moment is not None
            else None
        )
        if found is not None:
            report.findings.append(found)
            break
    if iat is None:
        report.findings.append(
            make_finding(
                "token-lifetime-too-long",
                "The token has no iat (issued-at) claim. Entra requires it and answers "
                "AADSTS70023 ('Token issued at 0').",
                ("Configure the issuer to include iat in its tokens.",),
                {"iat": "missing"},
            )
        )
    elif exp is not None and exp - iat > MAX_LIFETIME:
        report.findings.append(_too_long(iat, exp))
    if exp is None:
        report.notes.append("The token has no exp claim; Entra cannot accept it.")


def _expired_since(
    exp: datetime, now: datetime, platform_name: str | None, usual_lifetime: str | None
) -> Finding:
    return make_finding(
        "token-expired",
        f"The token expired at {iso(exp)} ({relative(exp, now)}). The input does not say when "
        "the failing exchange happened: expiry was its cause only if that was after "
        f"{iso(exp)}. The other checks do not depend on it."
        + _lifetime_phrase(platform_name, usual_lifetime),
        (
            "If the failure happened after the expiry, request the ID token right before the "
            "exchange.",
            "To judge it at the time of the failure, give that time: --at TIME (ISO 8601).",
        ),
        {"expires_at": iso(exp), "checked_at": iso(now)},
        severity="warning",
        title="The token has expired since (this matters only if the exchange was later)",
    )


def _reused(late: timedelta, at: datetime, extra: dict[str, str]) -> Finding:
    tools = extra.get("tools")
    return make_finding(
        "token-refresh-missing",
        f"The assertion had expired {duration(late.total_seconds())} before it was used at "
        f"{iso(at)}. Nobody fetches a token that long before using it: a tool kept the first "
        "assertion of the job and reused it to get a new access token later (the Azure CLI "
        "does this; so do older Terraform providers, Packer's client_jwt and Az PowerShell after "
        "the first hour)." + (f" Tools seen in the log: {tools}." if tools else ""),
        REFRESH_FIX,
        {"expired_for": duration(late.total_seconds()), "current_time": iso(at), **extra},
    )


def _stale_from_log(
    evidence: ErrorEvidence, token: Token | None, moment: datetime | None, report: ValidityReport
) -> None:
    """AADSTS700024 without Entra's times: the log's span, or a tool that keeps its assertion."""
    if 700024 not in evidence.error_codes and not any(
        s.finding_id == "token-expired" for s in evidence.signals
    ):
        return
    if any(f.id == "token-refresh-missing" for f in report.findings):
        return
    if "token-login" in evidence.platform_hints:
        return  # the sign-in was handed an expired token; nothing was reused
    if evidence.current_time is not None and evidence.expires_at is not None:
        return  # Entra's own times decided above
    tools = ", ".join(f"{k} {v}" for k, v in evidence.tool_versions.items())
    if len(evidence.log_times) >= 2:
        span = evidence.log_times[-1] - evidence.log_times[0]
        if span > STALE_AFTER:
            report.findings.append(
                make_finding(
                    "token-refresh-missing",
                    f"The log runs {duration(span.total_seconds())} from its first line "
                    f"({iso(evidence.log_times[0])}) to the failure "
                    f"({iso(evidence.log_times[-1])}), longer than a CI ID token lives, and Entra "
                    "says the assertion was out of its valid time: the assertion taken at the "
                    "start of the job was reused late." + (f" Tools: {tools}." if tools else ""),
                    REFRESH_FIX,
                    {"log_span": duration(span.total_seconds())},
                )
            )
            return
    if token is not None and moment is None:
        return  # the token's own times are shown; nothing says when it was used
    report.findings.append(
        make_finding(
            "token-refresh-missing",
            "Entra says the client assertion was not within its valid time range, and the text "
            "does not give the times. A federated ID token is fetched right before it is "
            "exchanged and lives minutes to an hour, so it goes out of range in use only when a "
            "tool keeps the assertion it was given and presents it again later (a long job, a "
            "plan reused for apply, a token file read once). The other explanation is a clock "
            "running ahead (the assertion not yet valid): Entra's 'Current time' and 'assertion "
            "valid from' in the full message tell the two apart."
            + (f" Tools seen in the log: {tools}." if tools else ""),
            REFRESH_FIX,
            {"tools": tools or None},
        )
    )


def _default_service_account_token(lifetime: timedelta) -> Finding:
    return make_finding(
        "token-wrong-kind",
        f"The token lives {duration(lifetime.total_seconds())}: that is the pod's default "
        "service-account token (the API server extends it to a year), not the projected "
        "azure-identity-token that workload identity mounts at "
        "/var/run/secrets/azure/tokens/azure-identity-token with the audience "
        "api://AzureADTokenExchange.",
        (
            "Read the token from AZURE_FEDERATED_TOKEN_FILE, not from "
            "/var/run/secrets/kubernetes.io/serviceaccount/token.",
            'Label the pod azure.workload.identity/use: "true" so the webhook projects it.',
        ),
        {"lifetime": duration(lifetime.total_seconds())},
    )


def _claim_time(token: Token, name: str) -> datetime | None:
    value = token.numeric_claim(name)
    return from_epoch(value) if value is not None else None


def _too_long(iat: datetime, exp: datetime) -> Finding:
    lifetime = (exp - iat).total_seconds()
    return make_finding(
        "token-lifetime-too-long",
        f"The token lives {duration(lifetime)} (issued {iso(iat)}, expires {iso(exp)}). Entra "
        "accepts external tokens that live at most 1 day and 1 hour (AADSTS70023).",
        ("Issue tokens with a lifetime of 24 hours at most; minutes are better.",),
        {"issued_at": iso(iat), "expires_at": iso(exp), "lifetime": duration(lifetime)},
    )


def _error_times(
    evidence: ErrorEvidence,
    report: ValidityReport,
    have_token: bool,
    platform_name: str | None,
    usual_lifetime: str | None,
) -> None:
    now, exp, nbf = evidence.current_time, evidence.expires_at, evidence.valid_from
    if 700024 in evidence.error_codes and now is not None and exp is not None and not have_token:
        if exp <= now:
            report.findings.append(
                make_finding(
                    "token-expired",
                    f"Entra's own times say it: the assertion expired at {iso(exp)}, "
                    f"{duration((now - exp).total_seconds())} before the exchange at {iso(now)} "
                    "(AADSTS700024)." + _lifetime_phrase(platform_name, usual_lifetime),
                    FRESH_TOKEN_FIX,
                    {"expires_at": iso(exp), "current_time": iso(now)},
                )
            )
        elif nbf is not None and nbf != EPOCH:
            found = future_start("nbf", nbf, now, exchange_time(evidence)[1], refused_for_time=True)
            if found is not None:
                report.findings.append(found)
    if 700024 in evidence.error_codes and now is not None and exp is not None:
        late = now - exp
        if late > STALE_AFTER and "token-login" not in evidence.platform_hints:
            versions = ", ".join(f"{k} {v}" for k, v in evidence.tool_versions.items())
            report.findings.append(_reused(late, now, {"tools": versions} if versions else {}))
    if 70023 in evidence.error_codes:
        iat, until = evidence.issued_at, evidence.expires_at
        if iat is not None and iat == EPOCH:
            report.findings.append(
                make_finding(
                    "token-lifetime-too-long",
                    "Entra reports 'Token issued at 0': the token has no iat claim, which Entra "
                    "requires (AADSTS70023).",
                    ("Configure the issuer to include iat in its tokens.",),
                    {"iat": "missing"},
                )
            )
        elif iat is not None and until is not None:
            report.findings.append(_too_long(iat, until))
            year = timedelta(days=kubernetes.EXTENDED_TOKEN_LIFETIME_DAYS)
            if abs((until - iat) - year) <= timedelta(days=2):
                report.findings.append(_default_service_account_token(until - iat))
        else:
            report.findings.append(
                make_finding(
                    "token-lifetime-too-long",
                    "Entra refused the token because it lives longer than 1 day and 1 hour, or "
                    "has no iat claim (AADSTS70023).",
                    ("Issue tokens with iat and a lifetime of 24 hours at most.",),
                    {"max_lifetime": evidence.max_lifetime or "1.01:00:00"},
                )
            )
