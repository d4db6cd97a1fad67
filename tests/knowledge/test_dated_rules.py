from __future__ import annotations

import re
from datetime import date

import pytest

from wifdoctor.knowledge.aadsts import lookup
from wifdoctor.knowledge.dated_rules import RULES, DatedRule, rule
from wifdoctor.knowledge.findings_catalogue import FINDINGS

REQUIRED = {
    "case-sensitive-matching",
    "github-immutable-subjects",
    "azure-devops-issuer-migration",
    "ado-issuer-retirement",
    "aks-issuer-trailing-slash",
    "no-match-code-split",
    "gitlab-ci-job-jwt-removed",
    "buildkite-subject-claim",
    "aks-oidc-issuer-default",
    "aks-no-token-expiration-extension",
}

# ISO date, year-month, year, or a range of years ("2023/2024").
PARTIAL_DATE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?|/(?P<y2>\d{4}))?")


def _check_date(value: str) -> None:
    match = PARTIAL_DATE.fullmatch(value)
    assert match, f"not a date: {value!r}"
    year = int(match["y"])
    assert 2015 <= year <= 2035
    if match["d"]:
        date.fromisoformat(value)
    elif match["m"]:
        assert 1 <= int(match["m"]) <= 12
    elif match["y2"]:
        assert year < int(match["y2"]) <= 2035


def test_the_required_rules_exist() -> None:
    assert set(RULES) >= REQUIRED
    assert all(key == r.id for key, r in RULES.items())


@pytest.mark.parametrize("dated", list(RULES.values()), ids=lambda r: r.id)
class TestEveryRule:
    def test_has_a_date(self, dated: DatedRule) -> None:
        _check_date(dated.since)

    def test_has_a_source(self, dated: DatedRule) -> None:
        assert dated.sources
        for source in dated.sources:
            assert source.strip()
            assert not source.startswith("http:")

    def test_is_explained_and_says_how_sure_it_is(self, dated: DatedRule) -> None:
        assert dated.summary.strip() and dated.detail.strip() and dated.certainty.strip()
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", dated.id)

    def test_stages_are_dated_and_start_with_since(self, dated: DatedRule) -> None:
        for when, what in dated.stages:
            assert what.strip()
            if when != "later":
                _check_date(when)
        if dated.stages:
            assert dated.stages[0][0] == dated.since

    def test_links_point_at_real_findings_and_codes(self, dated: DatedRule) -> None:
        assert set(dated.finding_ids) <= set(FINDINGS)
        for code in dated.aadsts_codes:
            found = lookup(code)
            assert found is not None and found.exact

    def test_version_rules_explain_their_version(self, dated: DatedRule) -> None:
        if dated.applies_from_version:
            number = dated.applies_from_version.split()[-1]
            assert re.fullmatch(r"\d+\.\d+", number)
            assert number in f"{dated.summary} {dated.detail} {dated.certainty}"


def test_unknown_rule_lists_the_known_ones() -> None:
    with pytest.raises(KeyError) as err:
        rule("no-such-rule")
    assert "case-sensitive-matching" in str(err.value)


def test_rule_returns_the_registered_object() -> None:
    assert rule("case-sensitive-matching") is RULES["case-sensitive-matching"]


def test_uncertain_dates_are_flagged_as_such() -> None:
    # The sources disagree on when GitHub switched immutable subjects on automatically.
    immutable = rule("github-immutable-subjects")
    assert "2026-06-18" in immutable.certainty and "2026-07-15" in immutable.certainty
    # Rules that the sources date only roughly must not claim a day.
    for rule_id in (
        "azure-devops-issuer-migration",
        "no-match-code-split",
        "buildkite-subject-claim",
    ):
        assert PARTIAL_DATE.fullmatch(rule(rule_id).since)
        assert len(rule(rule_id).since) < 10


def test_stage_date_is_what_findings_quote() -> None:
    from wifdoctor.knowledge.dated_rules import stage_date

    assert stage_date("case-sensitive-matching") == "2024-08-14"
    assert stage_date("github-immutable-subjects", 2) == "2026-07-15"
