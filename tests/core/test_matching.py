"""Matching exactly as Entra does: case-sensitive, no normalisation, audience membership."""

from __future__ import annotations

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.matching import (
    Assertion,
    assertion_from_claims,
    compare_values,
    diff_spans,
    match_all,
    match_credential,
)

GH = "https://token.actions.githubusercontent.com"
SUB = "repo:contoso/api:ref:refs/heads/main"
AUD = "api://AzureADTokenExchange"
MI_ISSUER = "https://login.microsoftonline.com/3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d/v2.0"
GUID_AUD = "fb60f99c-7a34-4190-8149-302f77469936"


def credential(
    issuer: str = GH,
    subject: str | None = SUB,
    audience: str = AUD,
    expression: str | None = None,
    name: str = "c",
) -> FederatedCredential:
    return FederatedCredential(
        name=name, issuer=issuer, subject=subject, audiences=(audience,), expression=expression
    )


def assertion(**claims: object) -> Assertion:
    base: dict[str, object] = {"iss": GH, "sub": SUB, "aud": AUD}
    base.update(claims)
    return assertion_from_claims(base)


def test_exact_match() -> None:
    match = match_credential(assertion(), credential())
    assert match.matches is True
    assert [f.relation for f in match.fields] == ["equal", "equal", "equal"]


def test_subject_case_is_a_mismatch() -> None:
    match = match_credential(assertion(sub="repo:Contoso/api:ref:refs/heads/main"), credential())
    subject = match.field("subject")
    assert match.matches is False and subject is not None
    assert subject.relation == "case"
    assert subject.token_spans == ((5, 6),) and subject.credential_spans == ((5, 6),)


def test_trailing_slash_and_whitespace() -> None:
    assert compare_values("issuer", GH, GH + "/").relation == "trailing-slash"
    assert compare_values("issuer", GH, GH + " ").relation == "whitespace"
    assert compare_values("issuer", GH, GH.upper()).relation == "case"
    assert compare_values("issuer", GH, "https://gitlab.com").relation == "different"


def test_audience_is_membership_in_a_list() -> None:
    match = match_credential(assertion(aud=["something", AUD]), credential())
    assert match.matches is True


def test_audience_mismatch_compares_with_the_nearest_value() -> None:
    match = match_credential(assertion(aud="https://github.com/contoso"), credential())
    audience = match.field("audience")
    assert audience is not None and audience.relation == "different"
    assert audience.token_value == "https://github.com/contoso"


def test_guid_audience_of_an_entra_issuer_is_equivalent() -> None:
    match = match_credential(
        assertion(iss=MI_ISSUER, sub="c4d5e6f7", aud=GUID_AUD),
        credential(issuer=MI_ISSUER, subject="c4d5e6f7"),
    )
    assert match.matches is True
    audience = match.field("audience")
    assert audience is not None and audience.relation == "equivalent"


def test_guid_audience_is_not_equivalent_for_other_issuers() -> None:
    match = match_credential(assertion(aud=GUID_AUD), credential())
    assert match.matches is False


def test_flexible_expression_replaces_the_subject() -> None:
    fic = credential(
        subject=None, expression="claims['sub'] matches 'repo:contoso/api:ref:refs/heads/*'"
    )
    assert match_credential(assertion(), fic).matches is True
    miss = match_credential(assertion(sub="repo:contoso/api:pull_request"), fic)
    assert miss.matches is False
    assert miss.expression is not None and miss.expression.failed


def test_broken_expression_never_matches() -> None:
    fic = credential(subject=None, expression="claims[sub] eq 'x'")
    match = match_credential(assertion(), fic)
    assert match.matches is False and match.expression_error is not None


def test_error_text_assertion_leaves_unknown_fields_undecided() -> None:
    partial = Assertion(
        issuer=None, subject=SUB, audiences=None, complete=False, source="error-text"
    )
    match = match_credential(partial, credential())
    assert match.matches is None
    assert [f.relation for f in match.fields] == ["unknown", "equal", "unknown"]
    wrong = match_credential(partial, credential(subject="repo:contoso/api:pull_request"))
    assert wrong.matches is False


def test_nearest_miss_ranks_first() -> None:
    fics = [
        credential(subject="repo:other/thing:ref:refs/heads/dev", name="far"),
        credential(subject="repo:contoso/api:ref:refs/heads/mian", name="near"),
        credential(issuer="https://gitlab.com", subject="x", name="farther"),
    ]
    ranked = match_all(assertion(), fics)
    assert [m.credential.name for m in ranked] == ["near", "far", "farther"]


def test_exact_match_ranks_before_near_misses() -> None:
    fics = [credential(subject=SUB + "x", name="near"), credential(name="exact")]
    assert [m.credential.name for m in match_all(assertion(), fics)] == ["exact", "near"]


def test_diff_spans_point_at_the_differing_characters() -> None:
    a, b = diff_spans("refs/heads/main", "refs/heads/mian")
    assert a and b and all(12 <= start < end <= 15 for start, end in a + b)
    a, b = diff_spans("environment:prod", "environment:Prod")
    assert a == ((12, 13),) and b == ((12, 13),)
