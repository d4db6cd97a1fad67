"""Every algorithm on user input grows linearly: the worst case is timed against a case twenty
times smaller in the same run, and the ratio must stay far below the 400-fold of quadratic growth.

A ratio, not an absolute time, so a slow CI machine does not fail it and a quadratic regression
cannot pass it (twentyfold input: ~20 when linear, ~400 when quadratic; caches and a loaded
machine push linear code to ~30).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.expression import SHIFT_AND_FROM, parse_expression, wildcard_match
from wifdoctor.core.matching import Assertion, diff_spans, match_all, similarity
from wifdoctor.core.recognize import classify
from wifdoctor.core.rules.hygiene import credential_findings
from wifdoctor.report import text_report

GH = "https://token.actions.githubusercontent.com"
FACTOR = 20  # how much larger the worst case is than the small one


def ceiling(factor: int) -> float:
    """Linear growth gives ~factor, quadratic ~factor**2: allow four times linear."""
    return 4.0 * factor


def best_time(action: Callable[[], object], repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return max(best, 1e-4)  # below 0.1 ms the clock's noise dominates


def ratio(make: Callable[[int], Callable[[], object]], small: int, factor: int = FACTOR) -> float:
    return best_time(make(small * factor)) / best_time(make(small))


def credentials(count: int) -> list[FederatedCredential]:
    # Pairs share (issuer, subject): half the credentials are duplicates.
    return [
        FederatedCredential(
            name=f"c{i}",
            issuer=GH,
            subject=f"repo:o/r:ref:refs/heads/b{i // 2}",
            audiences=("api://AzureADTokenExchange",),
        )
        for i in range(count)
    ]


class Bound(NamedTuple):
    make: Callable[[int], Callable[[], object]]  # size -> the work to time
    small: int
    factor: int = FACTOR


def highlight(n: int) -> Callable[[], object]:
    value = "a" * n + "xy" * 300
    spans = diff_spans(value, "a" * n + "yx" * 300)[0]  # computed once, outside the timing
    return lambda: text_report._Writer(False, 80).highlighted("token", value, spans)


_TABLE: dict[str, tuple[Any, ...]] = {  # name: (make, small[, factor])
    # A run of "eyJ" with no dots: the embedded-token search used to try every "eyJ" to the end.
    "recognise-eyJ-run": (lambda n: lambda: classify("x " + "eyJ" * n), 20_000),
    "recognise-near-tokens": (lambda n: lambda: classify("eyJabcdefgh." * n), 5_000),
    "expression-clauses": (
        lambda n: lambda: parse_expression(" and ".join(["claims['sub'] eq 'x'"] * n)),
        1_000,
    ),
    # A long segment with "?" (the shift-and scan) against ever longer claim values.
    "wildcard-long-value": (
        lambda n: lambda: wildcard_match("*" + "a?" * 100 + "b*", "a" * n),
        2_000,
    ),
    # A short segment with "?" (the regex search). The engine runs faster per character on
    # short values (its cost steps up to a flat one by ~50,000): start there, grow eightfold.
    "wildcard-short-segment": (
        lambda n: lambda: wildcard_match("*" + "a?" * 30 + "b*", "a" * n),
        50_000,
        8,
    ),
    "wildcard-many-stars": (lambda n: lambda: wildcard_match("*a" * 300 + "*b", "a" * n), 4_000),
    "diff-long-values": (lambda n: lambda: diff_spans("ab" * n, "ba" * n), 20_000),
    "similarity-long-values": (
        lambda n: lambda: similarity("x" * n + "ab", "x" * n + "ba"),
        20_000,
    ),
    # A long common prefix with a differing middle of Entra's size: the most spans there are.
    "highlight-long-value": (highlight, 3_000),
    "duplicate-credentials": (lambda n: lambda: credential_findings(credentials(n)), 500),
    "audiences-x-credentials": (
        lambda n: (
            lambda: match_all(
                Assertion(
                    GH, "repo:o/r:ref:refs/heads/main", tuple(f"api://a{i}" for i in range(n))
                ),
                credentials(50),
            )
        ),
        300,
    ),
}
CASES = {name: Bound(*row) for name, row in _TABLE.items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_growth_is_linear(name: str) -> None:
    bound = CASES[name]
    grown = ratio(bound.make, bound.small, bound.factor)
    assert grown < ceiling(bound.factor), (
        f"{name}: {bound.factor}-fold input took {grown:.0f}x as long"
    )


def test_the_bounded_middle_stays_exact_for_real_values() -> None:
    # Values of Entra's sizes keep the exact difflib spans (the trimming only shifts them).
    token = "repo:contoso/payments-api:environment:Production"
    credential = "repo:contoso/payments-api:environment:production"
    assert diff_spans(token, credential) == (((38, 39),), ((38, 39),))
    assert similarity(token, token) == 1.0


def _oracle(pattern: str, value: str) -> bool:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.fullmatch(regex, value, re.S) is not None


@settings(max_examples=400, deadline=None)
@given(st.text("ab*?", max_size=12), st.text("ab", max_size=14))
def test_wildcard_agrees_with_a_regular_expression(pattern: str, value: str) -> None:
    assert wildcard_match(pattern, value) == _oracle(pattern, value)


@settings(max_examples=300, deadline=None)
@given(
    st.text("ab?", min_size=SHIFT_AND_FROM, max_size=90),
    st.text("ab*", max_size=3),
    st.text("ab", max_size=200),
)
def test_long_segments_agree_with_a_regular_expression(segment: str, ends: str, value: str) -> None:
    # Segments this long take the shift-and path; the value is mostly long enough to try them.
    pattern = f"{ends}*{segment}*{ends[::-1]}"
    assert wildcard_match(pattern, value) == _oracle(pattern, value)
    assert wildcard_match(f"*{segment}*", value) == _oracle(f"*{segment}*", value)
