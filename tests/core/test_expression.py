"""Flexible FIC expressions: parsing, evaluation and Entra's support rules."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wifdoctor.core.expression import (
    ExpressionError,
    evaluate,
    parse_expression,
    support_problems,
    wildcard_match,
)

GITHUB = "https://token.actions.githubusercontent.com"


def test_documented_examples_parse() -> None:
    for text in (
        "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*'",
        "claims['sub'] matches 'repo:contoso/contoso-repo-*:ref:refs/heads/????'",
        "claims['sub'] eq 'repo:contoso/contoso-repo:ref:refs/heads/main'",
        "claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*' and "
        "claims['job_workflow_ref'] matches "
        "'contoso/contoso-prod/.github/workflows/*.yml@refs/heads/main'",
        "claims['sub'] matches 'project_path:contoso/contoso-project:ref_type:branch:ref:main'",
        "claims['sub'] matches "
        "'organization:contoso:project:contoso-proj:workspace:wrk-1:run_phase:*'",
    ):
        assert parse_expression(text).clauses


def test_doubled_quote_is_a_literal_quote() -> None:
    expression = parse_expression("claims['sub'] eq 'it''s'")
    assert expression.clauses[0].comparand == "it's"
    assert evaluate(expression, {"sub": "it's"}).matched is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("claims[\"sub\"] eq 'x'", "single quotes"),
        ("claims['sub'] eq x", "single quotes"),
        ("claims['sub'] eq \"x\"", "not double quotes"),
        ("claims['sub'] equals 'x'", "unknown operator 'equals'"),
        ("claims['sub'] eq 'x' or claims['sub'] eq 'y'", "expected 'and'"),
        ("claims['sub'] eq 'x", "not closed"),
        ("sub eq 'x'", "claims['<name>']"),
        ("claims[''] eq 'x'", "claim name is empty"),
    ],
)
def test_parse_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert message in str(caught.value)
    assert "at character" in str(caught.value)


def test_failed_clause_is_identified() -> None:
    expression = parse_expression(
        "claims['sub'] matches 'repo:contoso/api:ref:refs/heads/*' and "
        "claims['job_workflow_ref'] eq "
        "'contoso/shared/.github/workflows/deploy.yml@refs/heads/main'"
    )
    result = evaluate(
        expression,
        {
            "sub": "repo:contoso/api:ref:refs/heads/dev",
            "job_workflow_ref": "contoso/api/.github/workflows/deploy.yml@refs/heads/dev",
        },
    )
    assert result.matched is False
    assert [r.clause.claim for r in result.failed] == ["job_workflow_ref"]
    assert result.clauses[0].matched is True


def test_missing_claim_fails_on_a_token_but_is_unknown_from_error_text() -> None:
    expression = parse_expression("claims['job_workflow_ref'] matches '*'")
    assert evaluate(expression, {"sub": "x"}).matched is False
    assert evaluate(expression, {"sub": "x"}, complete=False).matched is None


def test_matching_is_case_sensitive() -> None:
    expression = parse_expression("claims['sub'] matches 'repo:Contoso/*'")
    assert evaluate(expression, {"sub": "repo:contoso/api"}).matched is False


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("repo:o/r:ref:refs/heads/*", "repo:o/r:ref:refs/heads/feature/x", True),
        ("repo:o/r:ref:refs/heads/????", "repo:o/r:ref:refs/heads/main", True),
        ("repo:o/r:ref:refs/heads/????", "repo:o/r:ref:refs/heads/mains", False),
        ("*", "", True),
        ("a*b*c", "aXbYc", True),
        ("a*b*c", "aXbY", False),
        ("a.c", "abc", False),
        ("[ab]", "a", False),
    ],
)
def test_wildcards(pattern: str, value: str, expected: bool) -> None:
    assert wildcard_match(pattern, value) is expected


@given(st.text(alphabet="ab*?", max_size=30), st.text(alphabet="ab", max_size=200))
def test_wildcard_agrees_with_fnmatch_semantics(pattern: str, value: str) -> None:
    import re

    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    assert wildcard_match(pattern, value) == (re.fullmatch(regex, value, re.S) is not None)


def test_adversarial_wildcard_is_fast() -> None:
    import time

    start = time.perf_counter()
    assert not wildcard_match("*a" * 300 + "b", "a" * 600)
    assert time.perf_counter() - start < 2


@given(st.text(max_size=300))
def test_parser_raises_only_its_own_error(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse_expression(text)


def test_support_rules() -> None:
    expression = parse_expression("claims['sub'] matches 'x*' and claims['environment'] eq 'prod'")
    problems = support_problems(expression, GITHUB)
    assert [p.code for p in problems] == [700237]
    assert "'environment'" in problems[0].message
    assert support_problems(parse_expression("claims['sub'] eq 'x'"), GITHUB) == []
    assert (
        support_problems(parse_expression("claims['sub'] eq 'x'"), "https://gitlab.example.ca")
        == []
    )
    codes = [
        p.code
        for p in support_problems(
            parse_expression("claims['sub'] eq 'x'"), "https://vstoken.dev.azure.com/abc"
        )
    ]
    assert codes == [7002241]
    codes = [
        p.code for p in support_problems(parse_expression("claims['sub'] startswith 'x'"), GITHUB)
    ]
    assert codes == [700237]
    codes = [
        p.code
        for p in support_problems(
            parse_expression("claims['sub'] eq 'x'"), GITHUB, managed_identity=True
        )
    ]
    assert codes == [700235]
    codes = [
        p.code
        for p in support_problems(
            parse_expression("claims['sub'] eq 'x'"), GITHUB, language_version=2
        )
    ]
    assert codes == [700233]
    # Issuers are compared exactly: a trailing slash is not the GitHub issuer.
    codes = [
        p.code for p in support_problems(parse_expression("claims['sub'] eq 'x'"), GITHUB + "/")
    ]
    assert codes == [7002241]
