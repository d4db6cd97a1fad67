"""CI log output: annotation syntax and escaping, the summary's 1 MiB cap, no colour in logs."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from wifdoctor.capture.ci_output import (
    CUT_NOTE,
    SUMMARY_CAP,
    annotation_lines,
    ci_style,
    fit_summary,
    write_summary,
)
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.findings import make_finding
from wifdoctor.report.redaction import Redactor

BIN = Path(sys.executable).parent


def diagnosis_with(*findings: object) -> Diagnosis:
    return Diagnosis("capture", "token", datetime(2026, 1, 1, tzinfo=UTC), findings=findings)  # type: ignore[arg-type]


def test_annotations_escape_what_would_end_or_split_the_command() -> None:
    finding = make_finding(
        "token-request-failed",
        "line one\nline two: 100% sure; [x]",
        ("fix it",),
        severity="warning",
    )
    github = annotation_lines(diagnosis_with(finding), "github", Redactor())
    assert github == [
        "::warning title=wifdoctor%3A The platform's token endpoint failed (token-request-failed)"
        "::line one%0Aline two: 100%25 sure; [x] Fix: fix it"
    ]
    ado = annotation_lines(diagnosis_with(finding), "azure-devops", Redactor())
    assert ado[0].startswith("##vso[task.logissue type=warning]wifdoctor: ")
    assert "%0A" in ado[0] and "%3B" in ado[0] and "%AZP25" in ado[0] and "%5D" in ado[0]
    assert "\n" not in ado[0]


def test_info_findings_make_no_annotation() -> None:
    info = make_finding("configuration-matches", "all good", ())
    assert annotation_lines(diagnosis_with(info), "github", Redactor()) == []


def test_ci_style_from_the_environment() -> None:
    assert ci_style({"GITHUB_ACTIONS": "true"}) == "github"
    assert ci_style({"TF_BUILD": "True"}) == "azure-devops"
    assert ci_style({}) is None


def test_summary_stays_under_githubs_one_mebibyte(tmp_path: Path) -> None:
    big = "| row | with some text in it |\n" * 60_000  # ~1.6 MB
    cut = fit_summary(big, used=0)
    assert len(cut.encode()) <= SUMMARY_CAP and cut.endswith(CUT_NOTE)
    target = tmp_path / "summary.md"
    target.write_text("x" * (SUMMARY_CAP - 100))
    line = write_summary(big, {"GITHUB_STEP_SUMMARY": str(target)}, Redactor())
    assert target.stat().st_size <= SUMMARY_CAP
    assert "already full" in line or "Wrote" in line
    assert fit_summary("small", used=0) == "small"


def test_ado_summary_is_uploaded_from_a_file(tmp_path: Path) -> None:
    env = {"TF_BUILD": "True", "AGENT_TEMPDIRECTORY": str(tmp_path)}
    line = write_summary("# hi\n", env, Redactor())
    assert line.startswith("##vso[task.uploadsummary]")
    assert Path(line.split("]", 1)[1]).read_text() == "# hi\n"


def test_capture_output_in_a_log_has_no_colour(tmp_path: Path) -> None:
    token = tmp_path / "t"
    token.write_text("not a token")
    done = subprocess.run(
        [str(BIN / "wifdoctor"), "capture", "--token-file", str(token)],
        capture_output=True,
        text=True,
        env={"PATH": str(BIN), "HOME": str(tmp_path)},
    )
    assert done.returncode == 1
    assert "token-empty-or-malformed" in done.stdout
    assert re.search("\x1b\\[", done.stdout) is None
