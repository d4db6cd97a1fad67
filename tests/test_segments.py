"""Differences marked as whole parts of a value, the way people read subjects and issuers."""

from __future__ import annotations

from wifdoctor.report.segments import MAX_SEGMENTS, segment_spans


def marked(value: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [value[start:end] for start, end in spans]


def test_github_context_is_marked_whole_not_letter_by_letter() -> None:
    token = "repo:contoso/payments-api:environment:Production"
    fic = "repo:contoso/payments-api:ref:refs/heads/main"
    spans_token, spans_fic = segment_spans(token, fic)
    assert marked(token, spans_token) == ["environment", "Production"]
    assert marked(fic, spans_fic) == ["ref", "refs/heads/main"]


def test_owner_case_marks_the_owner() -> None:
    token, fic = "repo:Contoso/api:ref:refs/heads/main", "repo:contoso/api:ref:refs/heads/main"
    spans_token, spans_fic = segment_spans(token, fic)
    assert marked(token, spans_token) == ["Contoso"] and marked(fic, spans_fic) == ["contoso"]


def test_trailing_slash_and_whitespace_mark_only_that() -> None:
    assert segment_spans("https://x/a/", "https://x/a") == (((11, 12),), ())
    spans_token, spans_fic = segment_spans("sub", " sub ")
    assert spans_token == () and spans_fic == ((0, 1), (4, 5))


def test_equal_values_mark_nothing_and_long_values_are_bounded() -> None:
    assert segment_spans("a:b", "a:b") == ((), ())
    long_a = ":".join(["x"] * (MAX_SEGMENTS * 50))
    long_b = long_a + ":y"
    _spans_a, spans_b = segment_spans(long_a, long_b)
    assert spans_b  # a difference is found, within the bound
