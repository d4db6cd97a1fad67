"""One-line summaries shared by every renderer and the TUI."""

from __future__ import annotations

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.knowledge.clouds import CLOUDS
from wifdoctor.knowledge.findings_catalogue import Severity

STEP_SYMBOLS = {
    "pass": "✓",
    "warn": "!",
    "fail": "✗",
    "skipped": "-",
    "incomplete": "?",
    "pending": "·",
    "running": "…",
}


def step_symbol(status: str) -> str:
    return STEP_SYMBOLS.get(status, "?")


def counts(diagnosis: Diagnosis) -> dict[str, int]:
    result = {"error": 0, "warning": 0, "info": 0}
    for finding in diagnosis.findings:
        result[finding.severity] += 1
    return result


def headline(diagnosis: Diagnosis) -> tuple[str, Severity | str]:
    """("2 errors, 1 warning: <first title>", most severe) or a no-problem line."""
    tally = counts(diagnosis)
    if not diagnosis.findings:
        if diagnosis.incomplete:
            return "nothing wrong found, but some checks could not complete", "warning"
        return "no problems found", "ok"
    parts = [f"{n} {name}{'s' if n != 1 else ''}" for name, n in tally.items() if n]
    first = diagnosis.findings[0]
    return f"{', '.join(parts)}. {first.title}", first.severity


def cloud_line(diagnosis: Diagnosis) -> str | None:
    """What --cloud changes, said where it is not the public cloud (whose values are implied)."""
    cloud = CLOUDS.get(diagnosis.cloud)
    if cloud is None or cloud.id == "public":
        return None
    return (
        f"Cloud: {cloud.display_name}; token-exchange audience {cloud.token_exchange_audience}, "
        f"Entra at {cloud.authority_host}"
    )
