"""The lab's scenario files, read without the lab itself: their names, titles and what a correct
diagnosis concludes. Only the standard library, so that `wifdoctor demo` can check a name before
the app's first paint without importing httpx, Starlette or the issuers' keys."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SCENARIOS_DIR = Path(__file__).parent / "scenarios"  # package data: shipped in the wheel


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    data: dict[str, Any] = field(repr=False)

    @property
    def tenant_id(self) -> str:
        return str(self.data["tenant"]["id"])

    @property
    def client_id(self) -> str:
        return str(self.data["client_id"])

    @property
    def cloud(self) -> str:
        return str(self.data.get("cloud", "public"))

    @property
    def expected_codes(self) -> list[int]:
        return [int(c) for c in self.data["expect"].get("error_codes", [])]

    @property
    def expected_findings(self) -> list[str]:
        return [str(f) for f in self.data["expect"].get("findings", [])]

    @property
    def platform(self) -> str:
        return str(self.data["issuer"]["platform"])

    def summary(self) -> dict[str, Any]:
        """The ``lab scenarios --format json`` item (spec/cli.md)."""
        return {
            "name": self.name,
            "title": self.title,
            "tenant": self.tenant_id,
            "client_id": self.client_id,
            "cloud": self.cloud,
            "expect": {"error_codes": self.expected_codes, "findings": self.expected_findings},
        }


@cache
def all_scenarios() -> tuple[Scenario, ...]:
    found: list[Scenario] = []
    for item in sorted(SCENARIOS_DIR.glob("*.json")):
        data = json.loads(item.read_text(encoding="utf-8"))
        found.append(Scenario(data["name"], data["title"], data["description"], data))
    return tuple(found)


def scenario(name: str) -> Scenario | None:
    return next((s for s in all_scenarios() if s.name == name), None)
