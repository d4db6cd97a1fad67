"""Clock skew between this machine, the token's ``iat`` and the servers' ``Date`` headers.

Reads only what the other steps saw (the HTTP trace), so it adds no request to the walk.
"""

from __future__ import annotations

import statistics
from email.utils import parsedate_to_datetime

from wifdoctor.checks.context import WalkContext
from wifdoctor.checks.plan import StepOutcome
from wifdoctor.core.findings import make_finding
from wifdoctor.core.rules.clocks import SKEW_NOTICE
from wifdoctor.core.times import duration

MAX_SKEW_SECONDS = SKEW_NOTICE.total_seconds()  # the same minute as the offline clock rules


def _server_offsets(ctx: WalkContext) -> list[float]:
    local = ctx.now.timestamp()
    offsets = []
    for call in ctx.trace():
        if not call.date:
            continue
        try:
            moment = parsedate_to_datetime(call.date)
        except (TypeError, ValueError, IndexError):
            continue
        if moment.tzinfo is not None:
            offsets.append(moment.timestamp() - local)
    return offsets


async def clock(ctx: WalkContext) -> StepOutcome:
    offsets = _server_offsets(ctx)
    evidence: dict[str, str] = {}
    problems = []
    if offsets:
        server = statistics.median(offsets)
        evidence["servers_minus_local"] = f"{server:+.0f} s ({len(offsets)} Date headers)"
        if abs(server) > MAX_SKEW_SECONDS:
            side = "ahead of" if server > 0 else "behind"
            problems.append(f"the servers' clocks are {duration(server)} {side} this machine's")
    token = ctx.token
    iat = token.claims.get("iat") if token is not None else None
    if isinstance(iat, int | float) and not isinstance(iat, bool):
        local = ctx.now.timestamp() + (statistics.median(offsets) if offsets else 0.0)
        ahead = float(iat) - local
        evidence["iat_minus_now"] = f"{ahead:+.0f} s"
        if ahead > MAX_SKEW_SECONDS:
            problems.append(f"the token was issued {duration(ahead)} in the future")
    if not evidence:
        return StepOutcome("skipped", "No server Date header or token iat to compare.")
    if problems:
        finding = make_finding(
            "clock-skew",
            "Clocks disagree: " + "; ".join(problems) + ". Entra judges token times by its own "
            "clock, so a skewed issuer or runner makes fresh tokens look not yet valid or expired.",
            ("Sync the clock (NTP) of the machine that is off.",),
            evidence,
        )
        return StepOutcome(
            "warn", "Clocks disagree: " + "; ".join(problems) + ".", evidence, (finding,)
        )
    return StepOutcome(
        "pass", "This machine, the token and the servers agree on the time.", evidence
    )
