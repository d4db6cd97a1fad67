"""Words (issue 6): no None in a sentence, the right article, no line printed twice.

Runs the text report of every built-in example and every corpus case.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest

from tests.corpus.harness import Case, case_request, load_all
from tests.minting import NOW
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.error_text import parse_error_text
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.demo.examples import EXAMPLES, Example, materialise
from wifdoctor.report.text_report import render_text

CASES, _INVALID = load_all()
MOMENT = datetime.fromtimestamp(NOW, UTC)
# "None" as a value in a sentence ("subject None", "'None'", "is None."), not "None of ...".
_NONE_VALUE = re.compile(r"(?<![.:!?] )(?<!^)\bNone\b(?! of)|'None'")
_BAD_ARTICLE = re.compile(
    r"\b[Aa] (?:Azure|Entra|AKS|HCP|unknown|OIDC)\b|\b[Aa]n (?:GitHub|Kubernetes)\b"
)


def _report(diagnosis: Diagnosis) -> str:
    out = io.StringIO()
    render_text(diagnosis, out, color=False, width=100)
    return out.getvalue()


def _check(diagnosis: Diagnosis) -> None:
    for finding in diagnosis.findings:
        for sentence in (finding.title, finding.explanation, *finding.fix):
            assert not _NONE_VALUE.search(sentence), (finding.id, sentence)
            assert not _BAD_ARTICLE.search(sentence), (finding.id, sentence)
    for step in diagnosis.steps:
        assert not _NONE_VALUE.search(step.summary), (step.id, step.summary)
        assert not _BAD_ARTICLE.search(step.summary), (step.id, step.summary)
    headers = [f"{f.severity} {f.id}: {f.title}" for f in diagnosis.findings]
    assert len(headers) == len(set(headers)), headers
    lines = [line.strip() for line in _report(diagnosis).splitlines()]
    fix_lines = [line for line in lines if re.match(r"\d+\. ", line)]
    repeated = {line for line in fix_lines if fix_lines.count(line) > 1}
    assert not repeated, repeated
    docs = [line for line in lines if line.startswith("https://")]
    assert len(docs) == len(set(docs)), docs


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_reports_read_well(case: Case) -> None:
    try:
        request = case_request(case)
    except WifdoctorError:
        return
    _check(run_offline(offline_steps(), WalkContext.start(request)))


@pytest.mark.parametrize("example", EXAMPLES, ids=[item.name for item in EXAMPLES])
def test_example_reports_read_well(example: Example) -> None:
    made = materialise(example, MOMENT)
    request = WalkRequest(
        "diagnose",
        token_text=made.token,
        evidence=parse_error_text(made.error_text) if made.error_text else None,
        credentials=tuple(load_credentials(made.credentials_json))
        if made.credentials_json
        else None,
        clock=lambda: MOMENT,
    )
    _check(run_offline(offline_steps(), WalkContext.start(request)))


def test_a_terraform_run_phase_is_not_a_branch_or_tag() -> None:
    from tests.minting import fic, mint

    issuer = "https://app.terraform.io"
    sub = "organization:contoso:project:Default Project:workspace:payments:run_phase:{}"
    token = mint(
        {
            "iss": issuer,
            "sub": sub.format("apply"),
            "aud": "api://AzureADTokenExchange",
            "iat": NOW - 60,
            "nbf": NOW - 60,
            "exp": NOW + 240,
        }
    )
    request = WalkRequest(
        "diagnose",
        token_text=token,
        credentials=tuple(load_credentials(f"[{_json(fic('plan', issuer, sub.format('plan')))}]")),
        clock=lambda: MOMENT,
    )
    finding = run_offline(offline_steps(), WalkContext.start(request)).findings[0]
    assert finding.id == "subject-ref-not-covered"
    assert "run phase" in finding.title and "branch" not in finding.title


def _json(item: object) -> str:
    import json

    return json.dumps(item)
