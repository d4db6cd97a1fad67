"""One intake: `explain`, `diagnose --error`, `diagnose --token` and the app's paste box take the
same text the same way, so they give the same findings (and the same refusal, exit 2).

Runs every built-in example and every corpus case's text through each path and compares.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.corpus.harness import Case, case_text, load_all
from tests.minting import NOW
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.cli import main
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.core.session import Inputs
from wifdoctor.demo.examples import EXAMPLES, Example, materialise

FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
MOMENT = datetime.fromtimestamp(NOW, UTC)
CASES, _INVALID = load_all()


def _cli(args: list[str], text: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, [*args, "--format", "json"], input=text, env=FROZEN)
    if result.exit_code == 2:
        return 2, []
    data = json.loads(result.stdout)
    return result.exit_code, [finding["id"] for finding in data["findings"]]


def _paste_box(texts: list[str]) -> tuple[int, list[str]]:
    """What the app does with each paste (TUI MainApp.intake -> Inputs.with_paste)."""
    inputs = Inputs()
    for text in texts:
        try:
            inputs, _said = inputs.with_paste(text)
        except WifdoctorError:
            return 2, []
    request = WalkRequest(
        "explain",
        token_text=inputs.token_text,
        evidence=inputs.evidence,
        credentials=inputs.credentials,
        clock=lambda: MOMENT,
    )
    diagnosis = run_offline(offline_steps(), WalkContext.start(request))
    return diagnosis.exit_code, [finding.id for finding in diagnosis.findings]


def _agree(text: str, credentials: str | None, tmp_path: Path) -> None:
    extra: list[str] = []
    if credentials is not None:
        path = tmp_path / "credentials.json"
        path.write_text(credentials, encoding="utf-8")
        extra = ["--credentials", str(path)]
    explain = _cli(["explain", "-", *extra], text)
    as_error = _cli(["diagnose", "--error", "-", *extra], text)
    as_token = _cli(["diagnose", "--token", "-", *extra], text)
    pasted = _paste_box([text] if credentials is None else [credentials, text])
    assert explain == as_error == as_token == pasted, {
        "explain": explain,
        "diagnose --error": as_error,
        "diagnose --token": as_token,
        "paste box": pasted,
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[item.name for item in EXAMPLES])
def test_examples_agree_on_every_path(example: Example, tmp_path: Path) -> None:
    made = materialise(example, MOMENT)
    for text in (made.error_text, made.token):
        if text is not None:
            _agree(text, made.credentials_json, tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_texts_agree_on_every_path(case: Case, tmp_path: Path) -> None:
    _agree(case_text(case), None, tmp_path)


def test_nothing_recognisable_exits_2_everywhere(tmp_path: Path) -> None:
    text = "The deployment went fine yesterday; today it does not. Any idea?"
    assert _cli(["explain", "-"], text)[0] == 2
    assert _cli(["diagnose", "--error", "-"], text)[0] == 2
    assert _cli(["diagnose", "--token", "-"], text)[0] == 2
    assert _paste_box([text])[0] == 2
