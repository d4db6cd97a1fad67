"""GitHub subjects: the canonical parts, the prediction helpers and the known typos."""

from __future__ import annotations

import pytest

from wifdoctor.knowledge.platforms import parse_subject
from wifdoctor.knowledge.platforms.github import (
    ISSUER,
    KNOWN_SUBJECT_TYPOS,
    SUBJECT_PRECEDENCE,
    corrected_subject,
    default_subject,
    immutable_subject,
    subject_typos,
)

GITHUB_CASES = [
    (
        "repo:Contoso/payments-api:ref:refs/heads/main",
        "github-default",
        {"owner": "Contoso", "repo": "payments-api", "context": "branch", "ref": "refs/heads/main"},
    ),
    (
        "repo:Contoso/payments-api:environment:Production",
        "github-default",
        {
            "owner": "Contoso",
            "repo": "payments-api",
            "context": "environment",
            "environment": "Production",
        },
    ),
    (
        "repo:Contoso/payments-api:pull_request",
        "github-default",
        {"owner": "Contoso", "repo": "payments-api", "context": "pull_request"},
    ),
    (
        "repo:Contoso/payments-api:ref:refs/tags/v1.2.0",
        "github-default",
        {"owner": "Contoso", "repo": "payments-api", "context": "tag", "ref": "refs/tags/v1.2.0"},
    ),
    (
        "repo:o/r:ref:refs/pull/12/merge",
        "github-default",
        {"owner": "o", "repo": "r", "context": "branch", "ref": "refs/pull/12/merge"},
    ),
    (
        "repo:o/r:ref:refs/heads/gh-readonly-queue/main/pr-7-abc",
        "github-default",
        {
            "owner": "o",
            "repo": "r",
            "context": "branch",
            "ref": "refs/heads/gh-readonly-queue/main/pr-7-abc",
        },
    ),
    (
        "repo:o/r:ref:main",
        "github-default",
        {"owner": "o", "repo": "r", "context": "ref", "ref": "main"},
    ),
    (
        "repo:Contoso@1234567/payments-api@7654321:ref:refs/heads/main",
        "github-immutable",
        {
            "owner": "Contoso",
            "owner_id": "1234567",
            "repo": "payments-api",
            "repo_id": "7654321",
            "context": "branch",
            "ref": "refs/heads/main",
        },
    ),
    (
        "repo:Contoso@1234567/payments-api@7654321:environment:Prod",
        "github-immutable",
        {
            "owner": "Contoso",
            "owner_id": "1234567",
            "repo": "payments-api",
            "repo_id": "7654321",
            "context": "environment",
            "environment": "Prod",
        },
    ),
    ("repository_owner:contoso", "github-custom", {"repository_owner": "contoso"}),
    (
        "repo:contoso/app:environment:Prod:job_workflow_ref:"
        "contoso/shared/.github/workflows/deploy.yml@refs/heads/main",
        "github-custom",
        {
            "owner": "contoso",
            "repo": "app",
            "context": "environment",
            "environment": "Prod",
            "job_workflow_ref": "contoso/shared/.github/workflows/deploy.yml@refs/heads/main",
        },
    ),
    (
        "repository_owner_id:1234567:repository_id:7654321:ref:refs/heads/main",
        "github-custom",
        {
            "repository_owner_id": "1234567",
            "repository_id": "7654321",
            "context": "branch",
            "ref": "refs/heads/main",
        },
    ),
    (
        "repo:contoso@1/app@2:pull_request:repo_property_team:payments",
        "github-custom",
        {
            "owner": "contoso",
            "owner_id": "1",
            "repo": "app",
            "repo_id": "2",
            "context": "pull_request",
            "repo_property_team": "payments",
        },
    ),
]


@pytest.mark.parametrize(("subject", "shape", "parts"), GITHUB_CASES)
def test_github_subjects(subject: str, shape: str, parts: dict[str, str]) -> None:
    parsed = parse_subject(subject)
    assert parsed is not None
    assert (parsed.platform, parsed.shape) == ("github-actions", shape)
    assert parsed.as_dict() == parts
    assert [p.name for p in parsed.parts] == list(parts)
    assert all(p.explanation and "\n" not in p.explanation for p in parsed.parts)


def test_github_percent_encoded_colon_is_kept_and_noted() -> None:
    parsed = parse_subject("repo:o/r:ref:refs/heads/feat%3Ax")
    assert parsed is not None and parsed.get("ref") == "refs/heads/feat%3Ax"
    assert any("%3A" in note for note in parsed.notes)
    custom = parse_subject("repo:o/r:environment:a%3Ab:workflow:Deploy")
    assert custom is not None and custom.shape == "github-custom"
    assert custom.get("environment") == "a%3Ab"
    assert any("%3A" in note for note in custom.notes)


def test_github_custom_template_is_noted() -> None:
    parsed = parse_subject("repository_owner:contoso")
    assert parsed is not None
    assert any("include_claim_keys" in note for note in parsed.notes)


def test_github_helpers() -> None:
    assert ISSUER == "https://token.actions.githubusercontent.com"
    assert (
        default_subject("Contoso", "app", "branch", "main")
        == "repo:Contoso/app:ref:refs/heads/main"
    )
    assert default_subject("o", "r", "tag", "v1") == "repo:o/r:ref:refs/tags/v1"
    assert default_subject("o", "r", "ref", "refs/pull/1/merge") == "repo:o/r:ref:refs/pull/1/merge"
    assert default_subject("o", "r", "environment", "Prod") == "repo:o/r:environment:Prod"
    assert default_subject("o", "r", "pull_request") == "repo:o/r:pull_request"
    assert default_subject("o", "r", "branch", "feat:x") == "repo:o/r:ref:refs/heads/feat%3Ax"
    assert (
        immutable_subject("Contoso", 1234567, "payments-api", "7654321", "branch", "main")
        == "repo:Contoso@1234567/payments-api@7654321:ref:refs/heads/main"
    )
    with pytest.raises(ValueError):
        default_subject("o", "r", "branch")
    with pytest.raises(ValueError):
        default_subject("o", "r", "deployment", "x")
    assert "environment > pull_request > ref" in SUBJECT_PRECEDENCE


def test_github_helpers_round_trip_through_the_parser() -> None:
    subject = immutable_subject("o", 1, "r", 2, "environment", "Prod")
    parsed = parse_subject(subject)
    assert parsed is not None and parsed.shape == "github-immutable"
    assert parsed.as_dict() == {
        "owner": "o",
        "owner_id": "1",
        "repo": "r",
        "repo_id": "2",
        "context": "environment",
        "environment": "Prod",
    }


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("repo:o/r:pull-request", "repo:o/r:pull_request"),
        ("repo:o/r:environment/Prod", "repo:o/r:environment:Prod"),
        ("repo:o/r:ref:refs/tag/v1", "repo:o/r:ref:refs/tags/v1"),
        ("repo:o/r:refs:refs/heads/main", "repo:o/r:ref:refs/heads/main"),
        ("repo:o/r:ref:refs/head/main", "repo:o/r:ref:refs/heads/main"),
        ("repo:o/r:ref:main", "repo:o/r:ref:refs/heads/main"),
        ("repo:o/r:ref:develop", "repo:o/r:ref:refs/heads/develop"),
        ("repo:o/r:ref:tags/v1", "repo:o/r:ref:refs/tags/v1"),
        ("repo:o/r:refs/heads/main", "repo:o/r:ref:refs/heads/main"),
    ],
)
def test_github_known_typos(wrong: str, right: str) -> None:
    assert subject_typos(wrong)
    assert corrected_subject(wrong) == right
    assert subject_typos(right) == ()


def test_known_typo_table_shape() -> None:
    wrongs = {wrong for wrong, _, _ in KNOWN_SUBJECT_TYPOS}
    assert {":pull-request", ":environment/", "refs/tag/", ":refs:", "ref:refs/head/"} <= wrongs
    assert all(len(entry) == 3 and all(entry) for entry in KNOWN_SUBJECT_TYPOS)
