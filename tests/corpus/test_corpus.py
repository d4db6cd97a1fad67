"""The real-world corpus as a regression suite: each case's expected finding comes first.

A case wifdoctor gets wrong stays, marked ``xfail = "reason"`` in its [expect] table; the mark is
strict, so a case that starts passing must have its xfail removed.
"""

from __future__ import annotations

import pytest

from tests.corpus.harness import CLASSES, Case, case_files, load_all, run_case

CASES, INVALID = load_all()


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case: Case) -> None:
    outcome = run_case(case)
    assert outcome.passed, (
        f"{case.name} ({case.source}): expected {case.finding} first"
        + (f" and {', '.join(case.also)}" if case.also else "")
        + f"; got {outcome.describe()}"
    )


def test_every_case_file_is_valid() -> None:
    assert not INVALID, "; ".join(reason for _path, reason in INVALID)


def test_cases_live_in_known_classes() -> None:
    assert len(CASES) + len(INVALID) == len(case_files())
    assert {case.klass for case in CASES} <= set(CLASSES)
