"""A client's own clock check in pasted text: MSAL's "The ID token is not yet valid ... Current
epoch = N.  The id_token was: {... "iat": M ...}" -> ``LocalClockCheck``.

The work is bounded: one literal search per known message, then two small expressions on at most
``WINDOW`` characters after it (the message and the token's claims, which MSAL prints right after).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from wifdoctor.core.error_text_scan import EXCERPT_CHARS, WINDOW, Scanner, excerpt
from wifdoctor.core.error_text_times import parse_epoch
from wifdoctor.core.evidence import LocalClockCheck
from wifdoctor.knowledge.clock_messages import CLOCK_MESSAGES, CURRENT_EPOCH, LOGGED_ONLY_MARKER

_WALL = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
_CURRENT = re.compile(re.escape(CURRENT_EPOCH) + r" ?(?P<v>\d{9,11}|" + _WALL + ")", re.ASCII)
# "iat": 1637312767 (before MSAL 1.27) or "iat": "2024-01-29 10:03:00" (since).
_CLAIM = re.compile(r"\"(?P<k>iat|nbf|exp)\"\s{0,5}:\s{0,5}(?P<v>\d{9,11}|\"" + _WALL + '")')


def local_clock_check(scanner: Scanner) -> LocalClockCheck | None:
    """The first MSAL clock message in the text, with the times it prints; None if there is none."""
    found = [
        (pos, message) for message in CLOCK_MESSAGES if (pos := scanner.find(message.phrase)) >= 0
    ]
    if not found:
        return None
    pos, message = min(found, key=lambda item: item[0])
    scanner.note(pos)
    start, end = scanner.bounds(pos)
    line = excerpt(scanner.text[start:end], pos - start, EXCERPT_CHARS)
    window = scanner.text[pos : pos + WINDOW]
    current = _CURRENT.search(window)
    local_now, wall_clock = _instant(current.group("v")) if current else (None, False)
    claims: dict[str, datetime] = {}
    if current is not None:
        for match in _CLAIM.finditer(window, current.end()):
            moment, wall = _instant(match.group("v").strip('"'))
            # Since MSAL 1.27 iat and exp are the wall clock like "Current epoch", nbf an epoch:
            # only times of the same kind as "Current epoch" can be compared with it.
            if moment is not None and wall == wall_clock:
                claims.setdefault(match.group("k"), moment)
    return LocalClockCheck(
        direction=message.direction,
        excerpt=line,
        local_now=local_now,
        issued_at=claims.get("iat"),
        not_before=claims.get("nbf"),
        expires_at=claims.get("exp"),
        wall_clock=wall_clock,
        logged_only=LOGGED_ONLY_MARKER.lower() in window.lower(),
    )


def _instant(value: str) -> tuple[datetime | None, bool]:
    """(the time, whether it is a zone-less wall-clock time) for an epoch or "Y-m-d H:M:S"."""
    if value.isdigit():
        return parse_epoch(value), False
    try:
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None, True
    return moment.replace(tzinfo=UTC), True
