"""recognize, parse_subject and explain_claim answer on any input and never raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wifdoctor.knowledge.platforms import PLATFORMS, explain_claim, parse_subject, recognize
from wifdoctor.knowledge.platforms.base import ParsedSubject, Recognition

PLATFORM_IDS = st.sampled_from([None, "unknown", *(p.id for p in PLATFORMS)])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
CLAIM_NAMES = st.sampled_from(
    [
        "iss",
        "sub",
        "aud",
        "azp",
        "idtyp",
        "scp",
        "xms_mirid",
        "kubernetes.io",
        "amr",
        "https://sts.amazonaws.com/",
        "repository",
        "workflow_ref",
        "runner_environment",
        "project_path",
        "namespace_id",
        "terraform_run_phase",
        "stepUuid",
        "repositoryUuid",
        "oidc.circleci.com/project-id",
        "organization_slug",
        "pipeline_slug",
        "build_number",
        "google",
        "oid",
    ]
) | st.text(max_size=12)
CLAIMS = st.dictionaries(CLAIM_NAMES, JSON, max_size=8)
ISSUERS = (
    st.none()
    | st.text(max_size=60)
    | st.sampled_from(
        [
            "https://token.actions.githubusercontent.com",
            "https://login.microsoftonline.com/3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d/v2.0",
            "https://sts.windows.net/3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d/",
            "https://vstoken.dev.azure.com/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
            "https://jenkins.contoso.com/oidc",
            "https://gitlab.com",
        ]
    )
)
SUBJECT_PIECES = st.sampled_from(
    [
        "repo:",
        "o/r",
        "@1",
        ":",
        "ref:",
        "refs/heads/",
        "environment:",
        "pull_request",
        "sc://",
        "p://",
        "/eid1/",
        "c/pub/t/",
        "a/",
        "sc/",
        "system:serviceaccount:",
        "project_path:",
        "organization:",
        "project:",
        "workspace:",
        "run_phase:",
        "org/",
        "/project/",
        "/user/",
        "/vcs-origin/",
        "/vcs-ref/",
        "spiffe://",
        "arn:aws:iam::123456789012:role/",
        "https://",
        "/job/",
        "{",
        "}",
        "%3A",
        "x",
        "1",
        "-",
    ]
)
SUBJECTS = st.text(max_size=80) | st.lists(SUBJECT_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(issuer=ISSUERS, claims=CLAIMS)
def test_recognize_never_raises(issuer: str | None, claims: dict[str, object]) -> None:
    assert isinstance(recognize(issuer, claims), Recognition)


@settings(max_examples=300, deadline=None)
@given(subject=SUBJECTS, platform=PLATFORM_IDS)
def test_parse_subject_never_raises(subject: str, platform: str | None) -> None:
    parsed = parse_subject(subject, platform)  # type: ignore[arg-type]
    assert parsed is None or isinstance(parsed, ParsedSubject)
    if parsed is not None:
        assert all(isinstance(p.value, str) for p in parsed.parts)


@settings(max_examples=200, deadline=None)
@given(name=CLAIM_NAMES, value=JSON, platform=PLATFORM_IDS)
def test_explain_claim_never_raises(name: str, value: object, platform: str | None) -> None:
    result = explain_claim(name, value, platform)  # type: ignore[arg-type]
    assert result is None or isinstance(result, str)
