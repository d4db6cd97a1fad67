"""Times as Entra prints them in error text, read into timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

# "2024-06-13T15:40:46.0000000Z" (AADSTS700024), "2024-06-13 15:40:46Z" (Timestamp:, JSON),
# optionally with an offset or " UTC". Seven fractional digits are .NET's; we keep microseconds.
TIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?"

_PARTS = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(Z| ?UTC|([+-])(\d{2}):?(\d{2}))?",
    re.ASCII,
)

# Seconds since 1970; ten digits today, up to 12 for dates far ahead. Longer values are not times.
_EPOCH = re.compile(r"\d{1,12}", re.ASCII)


def parse_time(text: str) -> datetime | None:
    """``text`` (one of the shapes of ``TIME``) as an aware UTC datetime; None if it is not one.

    A time without a zone is UTC: Entra prints UTC everywhere. "1970-01-01T00:00:00Z" comes back
    as that datetime (Entra's way of saying the assertion had no nbf); the caller decides.
    """
    match = _PARTS.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7) or ""
    micros = int((fraction + "000000")[:6])
    try:
        moment = datetime(year, month, day, hour, minute, second, micros, tzinfo=UTC)
    except ValueError:
        return None
    if match.group(9):
        sign = 1 if match.group(9) == "+" else -1
        offset = timedelta(hours=int(match.group(10)), minutes=int(match.group(11)))
        try:
            moment = moment - sign * offset
        except OverflowError:
            return None
    return moment


def parse_epoch(text: str) -> datetime | None:
    """Whole seconds since 1970 (AADSTS70023's "Token issued at 1718293246") as UTC; 0 is 1970."""
    value = text.strip()
    if _EPOCH.fullmatch(value) is None:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_time_or_epoch(text: str) -> datetime | None:
    value = text.strip()
    return parse_epoch(value) if _EPOCH.fullmatch(value) else parse_time(value)
