"""What every platform's builder shares: the audience, the expression, the name, input checks."""

from __future__ import annotations

from collections.abc import Mapping

from wifdoctor.core.setup import validate
from wifdoctor.core.setup.model import SetupInputError, Target, Why
from wifdoctor.core.setup.names import safe_name
from wifdoctor.knowledge.clouds import cloud_by_id

Values = Mapping[str, str]


def get(values: Values, key: str) -> str:
    value = values.get(key)
    return value if isinstance(value, str) else ""


class Problems:
    """Collects (field, message) pairs; raise() when any were found."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def check(self, values: Values, key: str, check: validate.Check, required: bool = True) -> str:
        value = get(values, key)
        if not value and not required:
            return ""
        problem = check(value)
        if problem:
            self.items.append((key, problem))
        return value

    def add(self, key: str, message: str) -> None:
        self.items.append((key, message))

    def raise_any(self) -> None:
        if self.items:
            raise SetupInputError(self.items)


def audience(target: Target) -> tuple[str, Why]:
    cloud = cloud_by_id(target.cloud)
    value = cloud.token_exchange_audience
    return value, Why(
        "audience",
        value,
        f"the token-exchange audience of {cloud.display_name}: Entra accepts exactly one audience "
        "per credential, and the workload asks its platform for a token with this aud",
    )


def quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sub_expression(pattern: str) -> str:
    return f"claims['sub'] matches {quoted(pattern)}"


def chosen_name(values: Values, *parts: str) -> tuple[str, Why]:
    """The user's name when Graph and ARM accept it; otherwise a safe generated one."""
    typed = get(values, "name")
    generated = safe_name(*parts)
    if typed:
        problem = validate.credential_name(typed)
        if problem is None:
            return typed, Why("name", typed, "the name you chose (it cannot be changed later)")
        safe = safe_name(typed)
        return safe, Why(
            "name",
            safe,
            f"made from the name you typed, which Graph or ARM would refuse: {problem}",
        )
    return generated, Why(
        "name",
        generated,
        "generated from your values with only letters, digits and '-' (Graph and ARM refuse "
        "'/', '.' and spaces; names cannot be changed later)",
    )
