"""The lab's own reading of Entra's flexible FIC expression language (version 1).

Written apart from ``wifdoctor.core.expression`` on purpose: the property test compares the two.
Per Entra's documentation (https://aka.ms/flexiblefic): ``claims['<name>'] <op> '<comparand>'``
clauses joined by `` and ``, operators ``eq`` (exact) and ``matches`` (``*`` any run, ``?`` one
character), comparands in single quotes, where a doubled quote stands for one quote. The lab is
strict: a single space around operators and ``and``, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_CLAUSE = re.compile(r"claims\['([^'\]]+)'\] (eq|matches) '((?:[^']|'')*)'")


class ExpressionSyntaxError(ValueError):
    """Entra: AADSTS700233 (expression parsing failed)."""


@dataclass(frozen=True)
class LabClause:
    claim: str
    operator: str
    comparand: str


def parse(text: str) -> list[LabClause]:
    clauses: list[LabClause] = []
    position = 0
    while True:
        found = _CLAUSE.match(text, position)
        if found is None:
            raise ExpressionSyntaxError(f"cannot parse the expression at character {position + 1}")
        clauses.append(LabClause(found[1], found[2], found[3].replace("''", "'")))
        position = found.end()
        if position == len(text):
            return clauses
        if not text.startswith(" and ", position):
            raise ExpressionSyntaxError(f"expected ' and ' at character {position + 1}")
        position += len(" and ")


def wildcard(pattern: str, value: str) -> bool:
    """``*`` any run (also empty), ``?`` one character; an O(n*m) table, bounded by the inputs."""
    previous = [True] + [False] * len(value)
    for char in pattern:
        current = [previous[0] and char == "*"] + [False] * len(value)
        for j, letter in enumerate(value, start=1):
            if char == "*":
                current[j] = previous[j] or current[j - 1]
            else:
                current[j] = previous[j - 1] and (char == "?" or char == letter)
        previous = current
    return previous[-1]


def holds(clauses: list[LabClause], claims: Mapping[str, object]) -> bool:
    for clause in clauses:
        value = claims.get(clause.claim)
        if not isinstance(value, str):
            return False
        if clause.operator == "eq" and value != clause.comparand:
            return False
        if clause.operator == "matches" and not wildcard(clause.comparand, value):
            return False
    return True
