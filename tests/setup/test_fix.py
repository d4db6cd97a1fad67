"""diagnose --fix: the remedy applied through setup's apply path, then the walk again says the
configuration matches, once the lab's propagation delay has passed."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from click.testing import CliRunner

from tests.lab.helpers import Clock
from tests.live.helpers import request_for, tweaked, walk_lab
from wifdoctor.cli import main
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.lab.scenario import build_lab
from wifdoctor.provision.fix import fix_then_diagnose
from wifdoctor.provision.stores import Request


def errors(diagnosis: Diagnosis) -> list[str]:
    return [f.id for f in diagnosis.findings if f.severity == "error"]


def status(diagnosis: Diagnosis, step_id: str) -> str:
    return next(s.status for s in diagnosis.steps if s.id == step_id)


@pytest.mark.parametrize(
    ("scenario", "method"),
    [
        ("branch-not-covered", "POST"),  # add-credential on an app (Graph)
        ("subject-case", "PATCH"),  # update-credential on an app (Graph, by name)
        ("issuer-slash-missing", "PUT"),  # update-credential on a managed identity (ARM)
    ],
)
def test_fix_on_the_command_line_then_the_walk_matches(scenario: str, method: str) -> None:
    result = CliRunner().invoke(
        main, ["diagnose", "--lab", scenario, "--exchange", "--fix", "--yes", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert f"wifdoctor will send:\n{method} https://" in result.stderr
    body = json.loads(result.stdout)
    assert [f["id"] for f in body["findings"] if f["severity"] == "error"] == []
    steps = {step["id"]: step["status"] for step in body["steps"]}
    assert steps["match"] == "pass" and steps["exchange"] == "pass"


def slow_lab() -> tuple[Any, Clock]:
    def slow(data: dict[str, Any]) -> None:
        # The lab's Graph checks operator tokens against wall time with 60 s of leeway, so the
        # lab clock can move less than that within one test.
        data["propagation_seconds"] = 45

    clock = Clock()
    return build_lab(tweaked("branch-not-covered", slow), clock=clock), clock


async def yes(request: Request) -> bool:
    return True


def test_straight_after_the_fix_entra_does_not_use_the_credential_yet() -> None:
    lab, clock = slow_lab()
    request = request_for(lab)
    before = asyncio.run(walk_lab(lab, request=request))
    assert "subject-ref-not-covered" in errors(before)

    def rerun() -> Diagnosis:
        return asyncio.run(walk_lab(lab, request=request))

    early = fix_then_diagnose(before, lab, None, yes, rerun, sleep=lambda seconds: None)
    assert status(early, "match") == "pass"  # Graph lists the new credential at once
    assert status(early, "exchange") == "fail"  # Entra's token endpoint does not use it yet
    clock.now += 45
    assert status(rerun(), "exchange") == "pass"


def test_fix_waits_out_the_propagation_delay_then_the_configuration_matches() -> None:
    lab, clock = slow_lab()
    request = request_for(lab)
    before = asyncio.run(walk_lab(lab, request=request))
    waited: list[float] = []

    def advance(seconds: float) -> None:
        waited.append(seconds)
        clock.now += seconds

    after = fix_then_diagnose(
        before, lab, None, yes, lambda: asyncio.run(walk_lab(lab, request=request)), sleep=advance
    )
    assert waited == [45.0]
    assert errors(after) == []
    assert status(after, "match") == "pass" and status(after, "exchange") == "pass"


def test_declined_fix_changes_nothing() -> None:
    lab = build_lab("branch-not-covered")
    request = request_for(lab)
    before = asyncio.run(walk_lab(lab, request=request))

    async def no(request: Request) -> bool:
        return False

    after = fix_then_diagnose(before, lab, None, no, lambda: before)
    assert after is before
    identity = lab.state.identity_by_client_id(lab.scenario.client_id)
    assert identity is not None and len(identity.credentials) == 1


def test_fix_without_an_identity_to_change_is_a_usage_error(tmp_path: Any) -> None:
    lab = build_lab("branch-not-covered")
    token = tmp_path / "token"
    token.write_text(lab.workload_token())
    fics = tmp_path / "fics.json"
    fics.write_text(
        json.dumps(
            [
                {
                    "name": "github-main",
                    "issuer": "https://token.actions.githubusercontent.com",
                    "subject": "repo:contoso/payments-api:ref:refs/heads/main",
                    "audiences": ["api://AzureADTokenExchange"],
                }
            ]
        )
    )
    result = CliRunner().invoke(
        main, ["diagnose", "--token", f"@{token}", "--credentials", str(fics), "--fix", "--yes"]
    )
    assert result.exit_code == 2
    assert "--lab SCENARIO" in result.stderr
