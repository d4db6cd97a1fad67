"""Any input to the setup engine is answered: a proposal or a SetupInputError, never another
exception, and quickly, whatever was typed or pasted."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from wifdoctor.core.setup.engine import BUILDERS, propose, propose_from_token
from wifdoctor.core.setup.fields import FIELDS, check_field
from wifdoctor.core.setup.model import SetupInputError, Target
from wifdoctor.core.setup.snippets import render

TEXT = st.text(st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    ["", " ", "a/b", "refs/heads/x", "https://x/", "*", "'", "${x}", "[b]", ":", "%2F", "\x00"]
)


@settings(max_examples=150, deadline=None)
@given(
    platform=st.sampled_from(sorted(BUILDERS)),
    values=st.dictionaries(
        st.sampled_from(sorted({s.key for f in FIELDS.values() for s in f})), TEXT, max_size=8
    ),
    flexible=st.booleans(),
)
def test_the_engine_answers_every_input(
    platform: str, values: dict[str, str], flexible: bool
) -> None:
    target = Target("application", "3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c")
    try:
        proposal = propose(platform, values, target, flexible=flexible)  # type: ignore[arg-type]
    except SetupInputError as exc:
        assert exc.problems
        return
    assert render(proposal)  # every snippet renders for whatever was accepted
    for key, value in values.items():
        check_field(platform, key, value, values)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(
    claims=st.dictionaries(
        st.sampled_from(
            ["iss", "sub", "aud", "repository", "repository_id", "repository_owner_id"]
        ),
        TEXT | st.integers() | st.none() | st.lists(TEXT, max_size=3),
        max_size=6,
    )
)
def test_from_token_answers_any_claims(claims: dict[str, object]) -> None:
    try:
        proposal = propose_from_token(claims, Target())
    except SetupInputError as exc:
        assert exc.problems
        return
    assert proposal.credential.issuer == claims["iss"]  # the token's own values, verbatim
    assert proposal.credential.subject == claims["sub"]


def test_a_huge_paste_is_refused_at_once() -> None:
    values = {"repo": "a/" + "b" * 1_000_000, "claim_keys": "[" + '"repo",' * 200_000 + "]"}
    started = time.perf_counter()
    try:
        propose("github-actions", values, Target())
    except SetupInputError as exc:
        assert {"repo", "claim_keys"} <= dict(exc.problems).keys()
    assert time.perf_counter() - started < 1.0
