"""Match a presented assertion against FICs exactly as Entra does, and rank the near misses.

Entra compares issuer, subject and audience exactly and case-sensitively (since the August 2024
change); the FIC's single audience must be one of the token's ``aud`` values. A flexible FIC
replaces the subject comparison with its expression. Nothing is normalised: a trailing slash, a
space or a letter's case is a mismatch.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.knowledge.clouds import (
    DEFAULT_EXCHANGE_AUDIENCE,
    TOKEN_EXCHANGE_APP_ID,
    is_entra_issuer,
)

if TYPE_CHECKING:  # the expression language loads only when a flexible credential is compared
    from wifdoctor.core.expression import ExpressionError, ExpressionResult

FieldName = Literal["issuer", "subject", "audience", "expression"]
# How two values relate. "equivalent": Entra accepts it although the strings differ (GUID audience).
Relation = Literal[
    "equal", "equivalent", "whitespace", "trailing-slash", "case", "different", "unknown", "absent"
]
Span = tuple[int, int]


@dataclass(frozen=True)
class Assertion:
    """What was presented to Entra, from a decoded token or from pasted error text."""

    issuer: str | None
    subject: str | None
    audiences: tuple[str, ...] | None  # None: not known (error text often quotes only one field)
    claims: Mapping[str, object] = field(default_factory=dict)
    complete: bool = True  # False when built from error text: missing values are unknown
    source: Literal["token", "error-text"] = "token"


@dataclass(frozen=True)
class FieldComparison:
    field: FieldName
    token_value: str | None
    credential_value: str | None
    relation: Relation
    token_spans: tuple[Span, ...] = ()  # characters of token_value that differ
    credential_spans: tuple[Span, ...] = ()  # characters of credential_value that differ

    @property
    def matches(self) -> bool | None:
        if self.relation in ("equal", "equivalent"):
            return True
        if self.relation == "unknown":
            return None
        return False


@dataclass(frozen=True)
class CredentialMatch:
    """One FIC compared with the assertion, field by field."""

    credential: FederatedCredential
    index: int
    fields: tuple[FieldComparison, ...]
    expression: ExpressionResult | None = None
    expression_error: ExpressionError | None = None
    score: float = 0.0  # closeness, higher is nearer; an exact match scores highest

    @property
    def matches(self) -> bool | None:
        """True: Entra accepts it; False: it does not; None: the input cannot tell."""
        results = [comparison.matches for comparison in self.fields]
        if any(result is False for result in results):
            return False
        if all(result is True for result in results):
            return True
        return None

    @property
    def consistent(self) -> bool:
        """No field contradicts the input and at least one agrees (error text shows only some)."""
        results = [comparison.matches for comparison in self.fields]
        return False not in results and True in results

    def field(self, name: FieldName) -> FieldComparison | None:
        for comparison in self.fields:
            if comparison.field == name:
                return comparison
        return None


def assertion_from_claims(claims: Mapping[str, object]) -> Assertion:
    issuer = claims.get("iss")
    subject = claims.get("sub")
    aud = claims.get("aud")
    if isinstance(aud, str):
        audiences: tuple[str, ...] = (aud,)
    elif isinstance(aud, list):
        audiences = tuple(item for item in aud if isinstance(item, str))
    else:
        audiences = ()
    return Assertion(
        issuer=issuer if isinstance(issuer, str) else None,
        subject=subject if isinstance(subject, str) else None,
        audiences=audiences,
        claims=claims,
    )


def compare_values(
    field_name: FieldName, token: str | None, credential: str | None, *, known: bool = True
) -> FieldComparison:
    """Classify how a credential value differs from the token's, with the differing spans."""
    if token is None:
        relation: Relation = "unknown" if not known else "absent"
        return FieldComparison(field_name, None, credential, relation)
    if credential is None:
        return FieldComparison(field_name, token, None, "absent")
    if token == credential:
        return FieldComparison(field_name, token, credential, "equal")
    if token.strip() == credential.strip():
        relation = "whitespace"
    elif token.rstrip("/") == credential.rstrip("/"):
        relation = "trailing-slash"
    elif token.casefold() == credential.casefold():
        relation = "case"
    else:
        relation = "different"
    token_spans, credential_spans = diff_spans(token, credential)
    return FieldComparison(field_name, token, credential, relation, token_spans, credential_spans)


def diff_spans(a: str, b: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The character ranges that differ between ``a`` and ``b`` (for highlighting)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    spans_a: list[Span] = []
    spans_b: list[Span] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if a1 > a0:
            spans_a.append((a0, a1))
        if b1 > b0:
            spans_b.append((b0, b1))
    return tuple(spans_a), tuple(spans_b)


def audience_comparison(assertion: Assertion, credential: FederatedCredential) -> FieldComparison:
    fic_audience = credential.audiences[0] if credential.audiences else None
    if assertion.audiences is None:
        return FieldComparison("audience", None, fic_audience, "unknown")
    if fic_audience is None:
        return FieldComparison("audience", ", ".join(assertion.audiences) or None, None, "absent")
    if fic_audience in assertion.audiences:
        return FieldComparison("audience", fic_audience, fic_audience, "equal")
    if (
        fic_audience == DEFAULT_EXCHANGE_AUDIENCE
        and TOKEN_EXCHANGE_APP_ID in assertion.audiences
        and assertion.issuer is not None
        and is_entra_issuer(assertion.issuer)
    ):
        # Entra-issued assertions carry the GUID of AzureADTokenExchange; Entra treats it as equal.
        return FieldComparison("audience", TOKEN_EXCHANGE_APP_ID, fic_audience, "equivalent")
    if not assertion.audiences:
        return FieldComparison(
            "audience", None, fic_audience, "absent" if assertion.complete else "unknown"
        )
    nearest = max(
        assertion.audiences,
        key=lambda aud: difflib.SequenceMatcher(None, aud, fic_audience, autojunk=False).ratio(),
    )
    return compare_values("audience", nearest, fic_audience)


def match_credential(
    assertion: Assertion, credential: FederatedCredential, index: int = 0
) -> CredentialMatch:
    known_issuer = assertion.complete or assertion.issuer is not None
    issuer = compare_values("issuer", assertion.issuer, credential.issuer, known=known_issuer)
    audience = audience_comparison(assertion, credential)
    expression_result: ExpressionResult | None = None
    expression_error: ExpressionError | None = None
    if credential.expression is not None:
        from wifdoctor.core.expression import ExpressionError, evaluate, parse_expression

        try:
            parsed = parse_expression(credential.expression)
        except ExpressionError as exc:
            expression_error = exc
            third = FieldComparison(
                "expression", assertion.subject, credential.expression, "different"
            )
        else:
            claims = dict(assertion.claims)
            if assertion.subject is not None:
                claims.setdefault("sub", assertion.subject)
            expression_result = evaluate(parsed, claims, complete=assertion.complete)
            relation = _EXPRESSION_RELATION[expression_result.matched]
            third = FieldComparison(
                "expression", assertion.subject, credential.expression, relation
            )
    else:
        known_subject = assertion.complete or assertion.subject is not None
        third = compare_values(
            "subject", assertion.subject, credential.subject, known=known_subject
        )
    fields = (issuer, third, audience)
    match = CredentialMatch(credential, index, fields, expression_result, expression_error)
    return CredentialMatch(
        credential, index, fields, expression_result, expression_error, _score(match)
    )


_EXPRESSION_RELATION: dict[bool | None, Relation] = {
    True: "equal",
    False: "different",
    None: "unknown",
}
_FIELD_WEIGHTS: dict[FieldName, float] = {
    "issuer": 3.0,
    "subject": 4.0,
    "expression": 4.0,
    "audience": 1.5,
}
_RELATION_CREDIT: dict[Relation, float] = {
    "equal": 1.0,
    "equivalent": 1.0,
    "whitespace": 0.9,
    "trailing-slash": 0.9,
    "case": 0.85,
    "unknown": 0.5,
    "absent": 0.0,
    "different": 0.0,
}


def _score(match: CredentialMatch) -> float:
    score = 0.0
    for comparison in match.fields:
        weight = _FIELD_WEIGHTS[comparison.field]
        credit = _RELATION_CREDIT[comparison.relation]
        if comparison.relation == "different" and comparison.field != "expression":
            credit = 0.7 * similarity(comparison.token_value, comparison.credential_value)
        if comparison.field == "expression" and match.expression is not None:
            passed = sum(1 for result in match.expression.clauses if result.matched)
            credit = max(credit, 0.6 * passed / max(1, len(match.expression.clauses)))
        score += weight * credit
    return round(score, 4)


def similarity(a: str | None, b: str | None) -> float:
    """0..1: how alike two values are (difflib ratio); 0 when either is missing."""
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_all(
    assertion: Assertion, credentials: list[FederatedCredential]
) -> list[CredentialMatch]:
    """Every FIC compared; exact matches first, then the nearest misses."""
    matches = [match_credential(assertion, fic, index) for index, fic in enumerate(credentials)]
    return sorted(matches, key=lambda m: (m.matches is not True, -m.score, m.index))
