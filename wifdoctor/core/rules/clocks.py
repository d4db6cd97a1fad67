"""Clock rules: a token whose start lies in the future, and clocks that disagree.

Two ways a clock shows up wrong:

* The assertion's ``nbf``/``iat`` is after the time it was checked (Entra's "Current time", the
  time given with ``--at``, or now): the issuer's clock runs ahead, or the checker's behind.
  When Entra refused it for its time (AADSTS700024) while it had not expired, that start is why,
  however small the gap; without Entra's word, a few seconds are nothing (clocks are never
  exactly equal), more than a minute is worth saying, more than five minutes fails.
* A client checked a token Entra had just issued against this machine's clock and found it out
  of time (MSAL's "The ID token is not yet valid ... Current epoch = N"): Entra stamped it, so
  this machine's clock is wrong, by at least the gap between the two.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from wifdoctor.core.evidence import LocalClockCheck
from wifdoctor.core.findings import Finding, make_finding
from wifdoctor.core.times import duration, iso
from wifdoctor.knowledge.clock_messages import MSAL_SKEW_SECONDS

SKEW_TOLERANCE = timedelta(minutes=5)  # beyond this, nbf/iat in the future is "not yet valid"
SKEW_NOTICE = timedelta(minutes=1)  # beyond this, clocks disagree enough to mention
# A gap this close to a whole number of half hours is a time zone, not a drifting clock (a clock
# showing the right local time under the wrong zone: MSAL PR #449 added "and time zone" for it).
_ZONE_SLACK = timedelta(minutes=3)

ISSUER_CLOCK_FIX = (
    "Set the issuer's clock right (NTP: chrony or systemd-timesyncd on the node or runner that "
    "mints the token), then retry.",
    "Check that it computes nbf, iat and exp from UTC, not from the local time.",
)
LOCAL_CLOCK_FIX = (
    "Set this machine's clock from the network and check its time zone: Windows 'Date & time' "
    "> 'Sync now' (or w32tm /resync); Linux and macOS: timedatectl / sntp -sS time.windows.com.",
    "On WSL 2 the clock drifts after the laptop sleeps: run 'sudo hwclock -s' or 'wsl "
    "--shutdown' and open the shell again.",
    "Compare with https://time.is (it shows the true time; epoch converters show your own clock).",
)


def future_start(
    name: str, moment: datetime, at: datetime, at_label: str, *, refused_for_time: bool
) -> Finding | None:
    """The token's ``name`` (nbf or iat) against the time it was checked; None when in order."""
    ahead = moment - at
    if ahead <= timedelta(0) or (ahead <= SKEW_NOTICE and not refused_for_time):
        return None
    amount = duration(ahead.total_seconds())
    evidence = {name: iso(moment), "checked_at": iso(at), "ahead_by": amount}
    if refused_for_time:
        return make_finding(
            "token-not-yet-valid",
            f"Entra refused the assertion for its time (AADSTS700024) although it had not "
            f"expired: its {name} is {iso(moment)}, {amount} after the time it was checked "
            f"{at_label}. The clock of the issuer that minted it runs at least {amount} ahead "
            "of Entra's." + _zone_hint(ahead),
            ISSUER_CLOCK_FIX,
            evidence,
        )
    if ahead > SKEW_TOLERANCE:
        return make_finding(
            "token-not-yet-valid",
            f"The token's {name} is {iso(moment)}, {amount} after it was checked {at_label}. "
            "Either the issuer's clock runs ahead or the clock of the machine that checked it "
            "runs behind." + _zone_hint(ahead),
            (
                "Compare the clocks of the issuer and of this machine (NTP).",
                "Retry after the token's start time.",
            ),
            evidence,
        )
    return make_finding(
        "clock-skew",
        f"The token's {name} ({iso(moment)}) is {amount} later than the time it was checked "
        f"{at_label}. Small offsets are tolerated, but they show that the issuer's clock and "
        "this clock disagree.",
        ("Check that the issuer and this machine keep time with NTP.",),
        evidence,
    )


def local_clock_findings(check: LocalClockCheck) -> list[Finding]:
    """What a client's check of an Entra-issued token says about this machine's clock."""
    gap = _gap(check)
    side = "behind" if check.direction == "behind" else "ahead of"
    quoted = f'The log says: "{check.excerpt}".'
    evidence: dict[str, str | None]
    if gap is None:
        told = (
            "MSAL found the ID token Entra had just issued "
            + ("not valid yet" if check.direction == "behind" else "already expired")
            + f" by this machine's clock, by more than the {MSAL_SKEW_SECONDS // 60} minutes it "
            f"tolerates. Entra stamped the token: this machine's clock is {side} Entra's."
        )
        evidence = {"message": check.excerpt, "local_clock": side.split()[0]}
    else:
        amount = duration(gap.total_seconds())
        told = (
            (
                f"Entra issued the ID token at {_shown(check.issued_at or check.not_before, check)}"
                if check.direction == "behind"
                else f"The ID token Entra had just issued expires at "
                f"{_shown(check.expires_at, check)}"
            )
            + f", and this machine's clock said {_shown(check.local_now, check)} when MSAL "
            f"checked it: this clock is at least {amount} {side} Entra's"
            + _estimate(check, gap)
            + "."
            + _zone_hint(gap)
        )
        evidence = {
            "message": check.excerpt,
            "local_clock": f"{amount} {side.split()[0]}",
            "local_now": _shown(check.local_now, check),
            "issued_at": _shown(check.issued_at, check) if check.issued_at else None,
        }
    consequence = (
        " MSAL only logged it and signed in; the same clock still decides what this machine "
        "thinks of token times (and the assertions it mints for Entra)."
        if check.logged_only
        else " The sign-in failed on it; the credentials are not the problem."
    )
    return [
        make_finding(
            "clock-skew",
            f"{quoted} {told}{consequence}",
            LOCAL_CLOCK_FIX,
            evidence,
            severity="warning" if check.logged_only else "error",
            title="This machine's clock is "
            + ("behind" if check.direction == "behind" else "ahead of")
            + " Entra's",
        )
    ]


def _gap(check: LocalClockCheck) -> timedelta | None:
    """How far this clock is off, at least; None when the printed times do not show it."""
    if check.local_now is None:
        return None
    # Entra's clock when it issued the token lies between its nbf/iat and its exp.
    if check.direction == "behind":
        starts = [t for t in (check.issued_at, check.not_before) if t is not None]
        gap = max(starts) - check.local_now if starts else None
    else:
        gap = check.local_now - check.expires_at if check.expires_at else None
    if gap is None or gap <= SKEW_NOTICE or gap > timedelta(days=3650):
        return None  # not what MSAL's own check implies: the values were edited or cut
    return gap


def _estimate(check: LocalClockCheck, gap: timedelta) -> str:
    """Ahead: Entra issued the token a moment before MSAL checked it, so its iat is about
    Entra's time then, a better guess than the lower bound its exp gives."""
    if check.direction != "ahead" or check.issued_at is None or check.local_now is None:
        return ""
    about = check.local_now - check.issued_at
    if about - gap <= SKEW_NOTICE:
        return ""
    return f", about {duration(about.total_seconds())} if it checked the token as soon as it came"


def _shown(moment: datetime | None, check: LocalClockCheck) -> str:
    if moment is None:
        return "(not shown)"
    if check.wall_clock:
        return moment.strftime("%Y-%m-%d %H:%M:%S") + " (local time)"
    return iso(moment)


def _zone_hint(gap: timedelta) -> str:
    half_hours = round(gap.total_seconds() / 1800)
    if half_hours < 1 or abs(gap - timedelta(minutes=30 * half_hours)) > _ZONE_SLACK:
        return ""
    hours = half_hours / 2
    shown = f"{hours:g} hour{'s' if hours != 1 else ''}"
    return (
        f" That is almost exactly {shown}: a time zone set wrong (the right local time under "
        "the wrong zone, or times computed from the local time as if it were UTC) rather than "
        "a drifting clock."
    )
