"""Durations as the app shows them."""

from __future__ import annotations


def test_elapsed_times_fit_a_column_in_milliseconds_then_seconds() -> None:
    from wifdoctor.core.times import elapsed

    assert elapsed(6.24) == "6.2 ms"
    assert elapsed(999.9) == "999.9 ms"
    assert elapsed(3246.9) == "3.2 s"  # a step that waited for the user's answer
