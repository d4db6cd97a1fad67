"""Two independent implementations of Entra's matching rules must agree: the lab's Entra
(wifdoctor.lab.entra_rules) and wifdoctor's diagnosis (wifdoctor.core.matching), on generated
tokens and credential sets full of near misses: case, slashes, whitespace, entities, audiences
(also as arrays and the token exchange GUID), flexible expressions (also with other spacing than
the documented single space: this test found wifdoctor's parser accepting those, which Entra's
documented grammar does not)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.matching import assertion_from_claims, match_all
from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID
from wifdoctor.lab import entra_rules
from wifdoctor.lab.state import Credential

GH = "https://token.actions.githubusercontent.com"
AKS = "https://westeurope.oic.prod-aks.azure.com/t/g/"
ENTRA = "https://login.microsoftonline.com/5f0c2d1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f/v2.0"
GITLAB = "https://gitlab.com"
ISSUERS = [GH, AKS, ENTRA, GITLAB]
AUDIENCES = ["api://AzureADTokenExchange", "api://AzureADTokenExchangeUSGov", "https://gitlab.com"]
SUBJECTS = [
    "repo:contoso/payments-api:ref:refs/heads/main",
    "repo:contoso/payments-api:environment:production",
    "repo:contoso/payments-api:pull_request",
    "repo:contoso/payments-api:ref:refs/tags/v1.2",
    "repo:contoso@6844498/payments-api@117169328:ref:refs/heads/main",
    "system:serviceaccount:payments:workload-sa",
]


def _near(value: str) -> st.SearchStrategy[str]:
    """The value itself (about half the time) or a near miss of it."""
    return st.sampled_from(
        [
            *[value] * 8,
            value.upper(),
            value.swapcase(),
            value + "/",
            value.rstrip("/"),
            " " + value,
            value + " ",
            value.replace(":", "/", 1),
            value.replace("main", "Main"),
            value.replace("pull_request", "pull-request"),
        ]
    )


@st.composite
def claims_strategy(draw: st.DrawFn) -> dict[str, Any]:
    issuer = draw(st.sampled_from(ISSUERS))
    audience: Any = draw(st.sampled_from([*AUDIENCES, TOKEN_EXCHANGE_APP_ID]))
    if draw(st.booleans()):
        audience = [audience, *draw(st.lists(st.sampled_from(AUDIENCES), max_size=2))]
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": draw(st.sampled_from(SUBJECTS)),
        "aud": audience,
    }
    if draw(st.booleans()):
        claims["job_workflow_ref"] = draw(
            st.sampled_from(
                [
                    "contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main",
                    "contoso/other/.github/workflows/deploy.yml@refs/heads/main",
                ]
            )
        )
    return claims


_PATTERN_PIECES = st.lists(
    st.sampled_from(["*", "?", "main", "contoso", "payments-api", ":", "/", "refs", "heads", "'"]),
    max_size=3,
).map("".join)


# The documented grammar separates its parts by a single space; near misses have other spacing.
_SPACING = st.sampled_from([" "] * 8 + ["  ", "", "\t"])


@st.composite
def expression_strategy(draw: st.DrawFn, claims: dict[str, Any]) -> str:
    clauses = []
    for _ in range(draw(st.integers(1, 2))):
        claim = draw(st.sampled_from(["sub", "job_workflow_ref"]))
        base = str(claims.get(claim) or draw(st.sampled_from(SUBJECTS)))
        if draw(st.booleans()):
            comparand = draw(_near(base))
            operator = draw(st.sampled_from(["eq", "matches"]))
        else:
            cut = draw(st.integers(0, len(base)))
            comparand = base[:cut] + draw(_PATTERN_PIECES) + draw(st.sampled_from(["*", "", "?"]))
            operator = "matches"
        quoted = comparand.replace("'", "''")
        left, right = draw(_SPACING), draw(_SPACING)
        clauses.append(f"claims['{claim}']{left}{operator}{right}'{quoted}'")
    joined = draw(st.sampled_from([" and "] * 6 + ["  and ", " and  ", "and "]))
    text = joined.join(clauses)
    return draw(st.sampled_from([text] * 8 + [" " + text, text + " "]))


@st.composite
def case(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[str, str | None, str, str | None]]]:
    claims = draw(claims_strategy())
    credentials = []
    for _ in range(draw(st.integers(0, 4))):
        issuer = draw(_near(draw(st.sampled_from([claims["iss"]] * 4 + ISSUERS))))
        audience_source = claims["aud"][0] if isinstance(claims["aud"], list) else claims["aud"]
        audience = draw(_near(draw(st.sampled_from([audience_source] * 4 + AUDIENCES))))
        if draw(st.integers(0, 3)) == 0:
            credentials.append((issuer, None, audience, draw(expression_strategy(claims))))
        else:
            subject = draw(_near(draw(st.sampled_from([claims["sub"]] * 3 + SUBJECTS))))
            credentials.append((issuer, subject, audience, None))
    return claims, credentials


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case())
def test_lab_and_wifdoctor_agree_on_every_generated_case(
    generated: tuple[dict[str, Any], list[tuple[str, str | None, str, str | None]]],
) -> None:
    claims, raw = generated
    lab_credentials = [
        Credential(f"c{i}", iss, sub, [aud], expression=expr)
        for i, (iss, sub, aud, expr) in enumerate(raw)
    ]
    core_credentials = [
        FederatedCredential(f"c{i}", iss, sub, (aud,), expression=expr)
        for i, (iss, sub, aud, expr) in enumerate(raw)
    ]
    lab_accepts = entra_rules.match(claims, lab_credentials).code is None
    core_matches = match_all(assertion_from_claims(claims), core_credentials)
    core_accepts = any(m.matches is True for m in core_matches if _entra_allows(m.credential))
    assert lab_accepts == core_accepts, (claims, raw)


def _entra_allows(credential: FederatedCredential) -> bool:
    """wifdoctor reports expressions on issuers outside the allow-list separately (support
    problems, 7002241); Entra never matches them, so they cannot make an exchange succeed."""
    from wifdoctor.core.expression import parse_expression, support_problems

    if credential.expression is None:
        return True
    try:
        parsed = parse_expression(credential.expression)
    except Exception:
        return False
    return not any(p.code == 7002241 for p in support_problems(parsed, credential.issuer))


def test_expression_spacing_follows_the_documented_grammar() -> None:
    """Reference entra-errors-and-fic-rules.md B.8: "operator separated by a single space"."""
    from wifdoctor.core.expression import ExpressionError, parse_expression
    from wifdoctor.lab.entra_expressions import ExpressionSyntaxError, parse

    good = "claims['sub'] eq 'x' and claims['job_workflow_ref'] matches 'o/r/*'"
    assert parse_expression(good).clauses and parse(good)
    for bad in (
        "claims['sub']  eq 'x'",
        "claims['sub'] eq'x'",
        " claims['sub'] eq 'x'",
        "claims['sub'] eq 'x'and claims['sub'] eq 'x'",
    ):
        with pytest.raises(ExpressionError):
            parse_expression(bad)
        with pytest.raises(ExpressionSyntaxError):
            parse(bad)
