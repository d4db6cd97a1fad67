"""Values JSON allows in a token but nobody can use: non-finite numbers, times outside what a
date can hold, strings with lone surrogates. Each becomes a problem (token-empty-or-malformed)
instead of an exception or a silent pass further on.
"""

from __future__ import annotations

import math
import re
from typing import Any

# NumericDates a datetime can hold: 0001-01-01 .. 9999-12-31 (seconds from the Unix epoch).
_EARLIEST_TIME = -62_135_596_800
_LATEST_TIME = 253_402_300_799
_TIME_CLAIMS = ("exp", "nbf", "iat")
# Claims nest a few levels (kubernetes.io.pod.name); deeper values are cut so that every renderer
# (and json.dumps, which recurses) works on a bounded depth.
MAX_DEPTH = 32
NESTED_TOO_DEEP = "(nested too deeply to show)"
_MAX_PROBLEMS_LISTED = 5


def value_problems(part: str, data: dict[str, Any]) -> list[str]:
    """Numbers JSON allows but nobody can use (NaN, Infinity, 1e999, 10**400), and strings with
    lone surrogates (an unpaired \\ud800 escape): each is named, and each surrogate is replaced
    with U+FFFD in place so that no renderer or terminal meets it. One pass over the values."""
    numbers: list[str] = []
    surrogates: list[str] = []
    deep: list[str] = []
    _clean_keys(data, "", surrogates)
    stack: list[tuple[str, object, dict[str, Any] | list[Any], str | int, int]] = [
        (name, value, data, name, 1) for name, value in reversed(data.items())
    ]  # reversed pushes: values come off the stack in the order they appear
    while stack:
        path, value, parent, key, depth = stack.pop()
        replacement: object = None
        if isinstance(value, dict | list) and depth >= MAX_DEPTH:
            deep.append(f"'{_printable(path)}'")
            replacement = NESTED_TOO_DEEP
        elif isinstance(value, dict):
            _clean_keys(value, f"{path}.", surrogates)
            stack.extend(
                (f"{path}.{k}", v, value, k, depth + 1) for k, v in reversed(value.items())
            )
        elif isinstance(value, list):
            stack.extend(
                (f"{path}[{i}]", v, value, i, depth + 1)
                for i, v in reversed(list(enumerate(value)))
            )
        elif isinstance(value, float) and not math.isfinite(value):
            numbers.append(f"'{_printable(path)}' is {value!r}")
        elif isinstance(value, int) and not isinstance(value, bool) and _too_big(value):
            numbers.append(f"'{_printable(path)}' is a {len(str(abs(value)))}-digit number")
        elif isinstance(value, str) and _SURROGATE.search(value):
            surrogates.append(f"'{_printable(path)}'")
            replacement = replace_surrogates(value)
        if replacement is not None:
            if isinstance(parent, dict):
                parent[str(key)] = replacement
            else:
                parent[int(key)] = replacement
    problems: list[str] = []
    if deep:
        problems.append(
            f"In the {part}, {_listed(deep)} nest{'s' if len(deep) == 1 else ''} more than "
            f"{MAX_DEPTH} levels deep; wifdoctor does not show what is deeper."
        )
    if numbers:
        problems.append(
            f"In the {part}, {_listed(numbers)}: not a finite number, which no JSON reader of "
            "Entra's accepts (AADSTS50027)."
        )
    if surrogates:
        problems.append(
            f"In the {part}, {_listed(surrogates)} hold{'s' if len(surrogates) == 1 else ''} a "
            "lone surrogate (an unpaired \\ud800-style escape), which is not Unicode text; "
            "wifdoctor shows it as U+FFFD."
        )
    return problems


def time_problems(claims: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for name in _TIME_CLAIMS:
        value = claims.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        try:
            number = float(value)
        except OverflowError:
            continue  # named by value_problems
        if math.isfinite(number) and not _EARLIEST_TIME <= number < _LATEST_TIME + 1:
            when = "after the year 9999" if number > 0 else "before the year 1"
            problems.append(
                f"The {name} claim ({value!r}) is a time {when}: not a usable NumericDate, so "
                "the token's validity cannot be judged."
            )
    return problems


def _clean_keys(mapping: dict[str, Any], prefix: str, surrogates: list[str]) -> None:
    for name in [name for name in mapping if _SURROGATE.search(name)]:
        surrogates.append(f"'{_printable(prefix + name)}'")
        mapping[replace_surrogates(name)] = mapping.pop(name)


def _too_big(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return True
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (not Unicode text; no encoder takes them) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _printable(text: str) -> str:
    shown = replace_surrogates(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:_MAX_PROBLEMS_LISTED])
    more = len(items) - _MAX_PROBLEMS_LISTED
    return shown + (f" and {more} more" if more > 0 else "")
