"""Flexible FIC expressions: ``claims['sub'] matches 'repo:o/r:ref:refs/heads/*' and ...``.

Grammar (Entra's documented language version 1)::

    expression := clause ( " and " clause )*
    clause     := "claims['" name "']" " " operator " " "'" comparand "'"
    operator   := "eq" | "matches"          (wildcards in matches: * any run, ? one character)

Inside single quotes a quote is written twice (``''``). Matching is taken to be case-sensitive, like
classic FIC matching (the documentation does not say otherwise). The parts are separated by exactly
one space, as the documentation says ("operator separated by a single space"); an expression with
other spacing does not parse (found by the lab's agreement test, tests/lab/test_agreement.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from wifdoctor.core.errors import WifdoctorError
from wifdoctor.knowledge.flexible import (
    LANGUAGE_VERSION,
    SUPPORTED_OPERATORS,
    UNVERIFIED_OPERATORS,
    flexible_issuer,
)

_KNOWN_OPERATORS = SUPPORTED_OPERATORS + UNVERIFIED_OPERATORS


class ExpressionError(WifdoctorError):
    """The expression does not parse (Entra: AADSTS700233). ``position`` is 0-based."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.position = position


@dataclass(frozen=True)
class Clause:
    claim: str
    operator: str
    comparand: str
    start: int
    end: int

    def __str__(self) -> str:
        quoted = self.comparand.replace("'", "''")
        return f"claims['{self.claim}'] {self.operator} '{quoted}'"


@dataclass(frozen=True)
class Expression:
    text: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class ClauseResult:
    clause: Clause
    value: str | None  # the token's claim value, None when absent or unknown
    matched: bool | None  # None: the claim is not known (error text gives only some claims)
    reason: str


@dataclass(frozen=True)
class ExpressionResult:
    matched: bool | None
    clauses: tuple[ClauseResult, ...]

    @property
    def failed(self) -> tuple[ClauseResult, ...]:
        return tuple(result for result in self.clauses if result.matched is False)


@dataclass(frozen=True)
class SupportProblem:
    message: str
    code: int  # the AADSTS code Entra would answer


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parse(self) -> Expression:
        clauses = [self._clause()]
        while self.pos < len(self.text):
            self._space("before 'and'")
            if not self.text.startswith("and", self.pos):
                word = re.match(r"\S+", self.text[self.pos :])
                found = word.group(0) if word else self.text[self.pos]
                raise ExpressionError(f"expected 'and' between clauses, found '{found}'", self.pos)
            self.pos += 3
            self._space("after 'and'")
            clauses.append(self._clause())
        return Expression(self.text, tuple(clauses))

    def _space(self, where: str) -> None:
        """Exactly one space: the documented grammar separates its parts by a single space."""
        if not self.text.startswith(" ", self.pos):
            raise ExpressionError(f"expected a space {where}", self.pos)
        self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos].isspace():
            raise ExpressionError(f"expected a single space {where}", self.pos)

    def _expect(self, literal: str, what: str) -> None:
        if not self.text.startswith(literal, self.pos):
            raise ExpressionError(f"expected {what}", self.pos)
        self.pos += len(literal)

    def _clause(self) -> Clause:
        start = self.pos
        if self.text.startswith('claims["', self.pos):
            raise ExpressionError("claim names take single quotes: claims['sub']", self.pos)
        self._expect("claims[", "claims['<name>']")
        if not self.text.startswith("'", self.pos):
            raise ExpressionError("the claim name must be in single quotes", self.pos)
        claim = self._quoted()
        if not claim:
            raise ExpressionError("the claim name is empty", self.pos)
        self._expect("]", "']' after the claim name")
        self._space("between the claim and the operator")
        match = re.match(r"[A-Za-z]+", self.text[self.pos :])
        if not match:
            raise ExpressionError("expected an operator (eq or matches)", self.pos)
        operator = match.group(0)
        if operator not in _KNOWN_OPERATORS:
            raise ExpressionError(f"unknown operator '{operator}' (use eq or matches)", self.pos)
        self.pos += len(operator)
        self._space("between the operator and the value")
        if not self.text.startswith("'", self.pos):
            if self.text.startswith('"', self.pos):
                raise ExpressionError("the value takes single quotes, not double quotes", self.pos)
            raise ExpressionError("the value must be in single quotes", self.pos)
        comparand = self._quoted()
        return Clause(claim, operator, comparand, start, self.pos)

    def _quoted(self) -> str:
        opening = self.pos
        self.pos += 1
        chunks: list[str] = []
        while self.pos < len(self.text):
            end = self.text.find("'", self.pos)
            if end < 0:
                break
            chunks.append(self.text[self.pos : end])
            if self.text.startswith("''", end):
                chunks.append("'")
                self.pos = end + 2
                continue
            self.pos = end + 1
            return "".join(chunks)
        raise ExpressionError("a quoted value is not closed", opening)


def parse_expression(text: str) -> Expression:
    """Parse an expression; raises ExpressionError with the position of the first problem."""
    if not text.strip():
        raise ExpressionError("the expression is empty", 0)
    if text != text.strip():
        at = 0 if text[0].isspace() else len(text.rstrip())
        raise ExpressionError("the expression starts or ends with whitespace", at)
    return _Parser(text).parse()


def wildcard_match(pattern: str, value: str) -> bool:
    """``matches``: ``*`` is any run of characters (also none), ``?`` exactly one; case-sensitive.

    Greedy with one back-track point, so it stays O(len(pattern) * len(value)) on any input.
    """
    p = v = 0
    star = -1
    mark = 0
    while v < len(value):
        if p < len(pattern) and pattern[p] in ("?", value[v]) and pattern[p] != "*":
            p += 1
            v += 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark = p, v
            p += 1
        elif star >= 0:
            p = star + 1
            mark += 1
            v = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def evaluate(
    expression: Expression, claims: Mapping[str, object], *, complete: bool = True
) -> ExpressionResult:
    """Evaluate against token claims. With ``complete=False`` (claims from error text), a claim
    that is absent is unknown rather than a failed clause."""
    results = tuple(_evaluate_clause(clause, claims, complete) for clause in expression.clauses)
    if any(result.matched is False for result in results):
        matched: bool | None = False
    elif all(result.matched for result in results):
        matched = True
    else:
        matched = None
    return ExpressionResult(matched, results)


def _evaluate_clause(clause: Clause, claims: Mapping[str, object], complete: bool) -> ClauseResult:
    raw = claims.get(clause.claim)
    if raw is None:
        if not complete:
            return ClauseResult(clause, None, None, f"'{clause.claim}' is not known from the input")
        return ClauseResult(clause, None, False, f"the token has no '{clause.claim}' claim")
    if not isinstance(raw, str):
        return ClauseResult(
            clause, str(raw), False, f"'{clause.claim}' is not a string in the token"
        )
    if clause.operator == "eq":
        ok = raw == clause.comparand
        why = "equal" if ok else "not equal"
    elif clause.operator == "matches":
        ok = wildcard_match(clause.comparand, raw)
        why = "matches the pattern" if ok else "does not match the pattern"
    else:
        return ClauseResult(clause, raw, False, f"'{clause.operator}' is not a supported operator")
    return ClauseResult(clause, raw, ok, why)


def support_problems(
    expression: Expression,
    issuer: str | None,
    *,
    managed_identity: bool = False,
    language_version: int | None = LANGUAGE_VERSION,
) -> list[SupportProblem]:
    """What Entra would refuse about this expression on this issuer and identity type."""
    problems: list[SupportProblem] = []
    if managed_identity:
        problems.append(
            SupportProblem(
                "Flexible credentials are documented for app registrations only; on managed "
                "identities they are a preview of some API versions.",
                700235,
            )
        )
    if language_version not in (None, LANGUAGE_VERSION):
        problems.append(
            SupportProblem(f"languageVersion is {language_version}; it must be 1.", 700233)
        )
    allowed = flexible_issuer(issuer) if issuer is not None else None
    if issuer is not None and allowed is None:
        problems.append(
            SupportProblem(
                f"The issuer '{issuer}' may not use flexible credentials (only GitHub Actions, "
                "GitLab and HCP Terraform issuers may).",
                7002241,
            )
        )
    for clause in expression.clauses:
        if clause.operator not in SUPPORTED_OPERATORS:
            problems.append(
                SupportProblem(
                    f"The operator '{clause.operator}' is not documented; use eq or matches.",
                    700237,
                )
            )
        if allowed is not None and clause.claim not in allowed.claims:
            names = " and ".join(f"'{name}'" for name in allowed.claims)
            problems.append(
                SupportProblem(
                    f"{allowed.platform} expressions may test only {names}, not '{clause.claim}'.",
                    700237,
                )
            )
    return problems
