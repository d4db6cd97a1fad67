"""Time rules: expired, not yet valid, lifetime over 25 h, clocks apart, stale assertions reused.

A token is judged at the time of the failed exchange when the error text tells it (Entra's
``Current time`` or ``Timestamp``), otherwise now. The error text alone is enough for AADSTS700024
and AADSTS70023: their messages carry the times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.times import duration, from_epoch, iso, relative
from wifdoctor.core.token import Token

MAX_LIFETIME = timedelta(days=1, hours=1)  # Entra: 1.01:00:00 (AADSTS70023)
SKEW_TOLERANCE = timedelta(minutes=5)  # beyond this, nbf/iat in the future is "not yet valid"
SKEW_NOTICE = timedelta(minutes=1)  # beyond this, clocks disagree enough to mention
STALE_AFTER = timedelta(minutes=10)  # expired this long before use: an old assertion was reused
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
    platform_name: str | None = None,
    usual_lifetime: str | None = None,
) -> ValidityReport:
    report = ValidityReport()
    at, at_label = _reference_time(evidence, now)
    if token is not None:
        _token_times(token, at, at_label, now, report, platform_name, usual_lifetime)
    if evidence is not None:
        _error_times(evidence, report, token is not None, platform_name, usual_lifetime)
    return report


def _reference_time(evidence: ErrorEvidence | None, now: datetime) -> tuple[datetime, str]:
    if evidence is not None:
        if evidence.current_time is not None:
            return evidence.current_time, f"when Entra refused it ({iso(evidence.current_time)})"
        if evidence.timestamp is not None:
            return evidence.timestamp, f"when the error happened ({iso(evidence.timestamp)})"
    return now, "now"


def _lifetime_phrase(platform_name: str | None, usual_lifetime: str | None) -> str:
    if platform_name and usual_lifetime:
        return f" {platform_name} tokens usually live {usual_lifetime}."
    return ""


def _token_times(
    token: Token,
    at: datetime,
    at_label: str,
    now: datetime,
    report: ValidityReport,
    platform_name: str | None,
    usual_lifetime: str | None,
) -> None:
    exp = _claim_time(token, "exp")
    nbf = _claim_time(token, "nbf")
    iat = _claim_time(token, "iat")
    for name, moment in (("issued_at", iat), ("not_before", nbf), ("expires_at", exp)):
        if moment is not None:
            report.evidence[name] = f"{iso(moment)} ({relative(moment, now)})"
    if exp is not None and exp <= at:
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
    elif exp is not None and at != now and exp <= now:
        report.notes.append(
            f"It was valid {at_label} and has expired since ({relative(exp, now)}), so expiry "
            "did not cause that failure."
        )
    for name, moment in (("nbf", nbf), ("iat", iat)):
        if moment is None:
            continue
        ahead = moment - at
        if ahead > SKEW_TOLERANCE:
            report.findings.append(
                make_finding(
                    "token-not-yet-valid",
                    f"The token's {name} is {iso(moment)}, {duration(ahead.total_seconds())} after "
                    f"it was checked {at_label}. Either the issuer's clock runs ahead or the "
                    "clock of the machine that checked it runs behind.",
                    (
                        "Compare the clocks of the issuer and of this machine (NTP).",
                        "Retry after the token's start time.",
                    ),
                    {name: iso(moment), "checked_at": iso(at)},
                )
            )
            break
        if ahead > SKEW_NOTICE:
            report.findings.append(_skew(name, moment, at, at_label))
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


def _claim_time(token: Token, name: str) -> datetime | None:
    value = token.numeric_claim(name)
    return from_epoch(value) if value is not None else None


def _skew(name: str, moment: datetime, at: datetime, at_label: str) -> Finding:
    return make_finding(
        "clock-skew",
        f"The token's {name} ({iso(moment)}) is {duration((moment - at).total_seconds())} later "
        f"than the time it was checked {at_label}. Small offsets are tolerated, but they show that "
        "the issuer's clock and this clock disagree.",
        ("Check that the issuer and this machine keep time with NTP.",),
        {name: iso(moment), "checked_at": iso(at)},
    )


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
        elif nbf is not None and nbf > now and nbf != EPOCH:
            report.findings.append(
                make_finding(
                    "token-not-yet-valid",
                    f"Entra's times say the assertion is valid only from {iso(nbf)}, "
                    f"{duration((nbf - now).total_seconds())} after the exchange at {iso(now)}: "
                    "the issuer's clock runs ahead of Entra's.",
                    ("Fix the issuer's clock (NTP), then retry.",),
                    {"valid_from": iso(nbf), "current_time": iso(now)},
                )
            )
    if 700024 in evidence.error_codes and now is not None and exp is not None:
        late = now - exp
        if late > STALE_AFTER:
            versions = ", ".join(f"{k} {v}" for k, v in evidence.tool_versions.items())
            report.findings.append(
                make_finding(
                    "token-refresh-missing",
                    f"The assertion had expired {duration(late.total_seconds())} before it was "
                    "used. Nobody fetches a token that long before using it: a tool kept the "
                    "first assertion of the job and reused it to refresh its access token "
                    "(the Azure CLI does this; so do older Terraform providers and Az PowerShell "
                    "after the first hour)."
                    + (f" Tools seen in the log: {versions}." if versions else ""),
                    REFRESH_FIX,
                    {"expired_for": duration(late.total_seconds()), "current_time": iso(now)},
                )
            )
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
