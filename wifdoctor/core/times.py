"""Times as people read them, relative to an injected clock ("expires in 4 min", "12 min ago")."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 time or a Unix epoch in seconds, as an aware UTC datetime; None if neither."""
    value = text.strip()
    if re.fullmatch(r"\d{9,11}(\.\d+)?", value):
        return from_epoch(float(value))
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_at(value: str) -> datetime:
    """The ``--at`` option: when the failing exchange happened. Raises InputError."""
    from wifdoctor.core.errors import InputError

    moment = parse_instant(value)
    if moment is None:
        raise InputError(
            f"--at {value!r} is not a time.",
            hint="Give it in ISO 8601, e.g. 2025-10-13T14:54:34Z, or as Unix seconds.",
        )
    return moment


def from_epoch(seconds: float) -> datetime | None:
    """A NumericDate as an aware UTC datetime; None when it is outside what datetime can hold."""
    if not math.isfinite(seconds):
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def iso(moment: datetime) -> str:
    """``2025-10-13T14:54:34Z``: seconds precision, UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration(seconds: float) -> str:
    """A short duration: "45 s", "4 min", "2 h 5 min", "3 days"."""
    seconds = abs(seconds)
    if seconds < 90:
        return f"{round(seconds)} s"
    minutes = seconds / 60
    if minutes < 90:
        return f"{round(minutes)} min"
    hours = int(minutes // 60)
    rest = round(minutes - hours * 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{round(hours / 24)} days"


def elapsed(milliseconds: float) -> str:
    """How long a step or a request took, short enough for a column: "6.2 ms", "3.2 s"."""
    if milliseconds < 1000:
        return f"{milliseconds:.1f} ms"
    return f"{milliseconds / 1000:.1f} s"


def relative(moment: datetime, now: datetime) -> str:
    """``in 4 min`` or ``12 min ago`` (``now`` when within a second)."""
    delta = (moment - now).total_seconds()
    if abs(delta) < 1:
        return "now"
    return f"in {duration(delta)}" if delta > 0 else f"{duration(delta)} ago"
