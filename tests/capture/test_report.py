"""`wifdoctor report`: one bundle, three formats, and the HTML page as Chromium draws it."""

from __future__ import annotations

import json
import shutil
import struct
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.capture.helpers import fake_command
from tests.minting import fic, github_claims, mint
from wifdoctor.cli import main

ROOT = Path(__file__).resolve().parents[2]
ERROR = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject "
    "'repo:contoso/payments-api:ref:refs/heads/main'. Trace ID: "
    "0b8e2f4c-1a3d-4e5f-9a7b-6c5d4e3f2a1b Correlation ID: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d "
    "Timestamp: 2026-01-01 00:00:30Z"
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    claims = github_claims(
        sub="repo:contoso/payments-api:ref:refs/heads/main", repository="<b>x</b>"
    )
    (tmp_path / "token.jwt").write_text(mint(claims))
    (tmp_path / "error.txt").write_text(ERROR)
    credentials = [
        fic("main", "https://token.actions.githubusercontent.com", "repo:contoso/api:ref:main")
    ]
    (tmp_path / "fics.json").write_text(json.dumps(credentials))
    return tmp_path


def report(files: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    args = [
        "report",
        "--token",
        f"@{files / 'token.jwt'}",
        "--error",
        f"@{files / 'error.txt'}",
        "--credentials",
        str(files / "fics.json"),
        *extra,
    ]
    result = CliRunner().invoke(
        main, args, env={"WIFDOCTOR_NOW": "2026-01-01T00:01:00Z", **(env or {})}
    )
    assert result.exit_code == 1, result.output  # the subject differs: an error finding
    return result.output


def test_markdown_report_has_every_part_a_ticket_needs(files: Path) -> None:
    out = report(files)
    for heading in (
        "## Versions",
        "## Where it ran",
        "## Inputs",
        "## Trace and correlation IDs",
        "## Federated credentials, nearest first",
        "## Steps",
        "## Findings",
    ):
        assert heading in out
    assert "| Python |" in out and "| azure-identity |" in out
    assert "0b8e2f4c-1a3d-4e5f-9a7b-6c5d4e3f2a1b" in out
    assert "subject-mismatch" in out or "subject-ref-not-covered" in out
    assert "the signature is removed" in out


def test_json_report_is_one_object_with_the_diagnosis(files: Path) -> None:
    data = json.loads(report(files, "--format", "json"))
    assert data["kind"] == "wifdoctor-report"
    assert data["ids"]["correlation_id"] == "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    assert data["inputs"]["token_claims"]["sub"] == "repo:contoso/payments-api:ref:refs/heads/main"
    steps = data["diagnosis"]["steps"]
    assert steps and all("duration_ms" in s and "started_ms" in s for s in steps)
    assert data["diagnosis"]["matches"][0]["credential"] == "main"
    assert data["versions"]["libraries"]["httpx"]


def test_html_report_is_standalone_escaped_and_printable(files: Path) -> None:
    page = report(files, "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    assert "<script" not in lowered and " src=" not in lowered and "<link" not in lowered
    assert "@import" not in lowered and "url(" not in lowered
    assert "@media print" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_the_az_cli_version_is_read_when_az_is_there(files: Path, tmp_path: Path) -> None:
    path = fake_command(tmp_path / "bin", "az", 'echo \'{"azure-cli": "2.61.0"}\'\n')
    data = json.loads(report(files, "--format", "json", env=path))
    assert data["versions"]["az_cli"] == "2.61.0"


def test_report_with_capture_says_where_it_ran(files: Path, tmp_path: Path) -> None:
    env = {"GITLAB_CI": "true", "CI_PROJECT_PATH": "contoso/payments-api"}
    result = CliRunner().invoke(main, ["report", "--capture", "--format", "json"], env=env)
    data = json.loads(result.output)
    assert data["ran_in"]["kind"] == "capture" and data["ran_in"]["platform"] == "gitlab"
    assert data["ran_in"]["variables"]["CI_PROJECT_PATH"] == "contoso/payments-api"
    assert data["diagnosis"]["findings"][0]["id"] == "token-permission-missing"


def test_report_to_a_file(files: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    report(files, "--format", "html", "--output", str(target / "r.html"))
    assert (target / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_report_needs_an_input() -> None:
    result = CliRunner().invoke(main, ["report"], env={})
    assert result.exit_code == 2


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_headless_chromium_draws_the_html_report(files: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import report_screenshot
    finally:
        sys.path.pop(0)
    html = tmp_path / "report.html"
    html.write_text(report(files, "--format", "html"))
    png = tmp_path / "report.png"
    report_screenshot.screenshot(str(shutil.which("chromium")), html, png, (900, 1200))
    assert png_size(png) == (900, 1200)
    assert png.stat().st_size > 20_000  # a drawn page, not a blank one


def test_report_of_a_live_lab_walk_has_the_trace_and_entras_ids() -> None:
    args = ["report", "--lab", "subject-case", "--exchange", "--format", "json"]
    result = CliRunner().invoke(main, args, env={})
    data = json.loads(result.stdout)
    hosts = {call["host"] for call in data["http_trace"]}
    assert {"login.microsoftonline.com", "token.actions.githubusercontent.com"} <= hosts
    assert data["ids"]["trace_id"] and data["ids"]["correlation_id"]
    assert "subject-case-mismatch" in [f["id"] for f in data["diagnosis"]["findings"]]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_the_html_report_prints(files: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import report_screenshot
    finally:
        sys.path.pop(0)
    html = tmp_path / "report.html"
    html.write_text(report(files, "--format", "html"))
    pdf = tmp_path / "report.pdf"
    report_screenshot.print_pdf(str(shutil.which("chromium")), html, pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") >= 2  # the page tree and at least one page


def test_report_judges_validity_at_the_time_given(tmp_path: Path) -> None:
    (tmp_path / "t.jwt").write_text(mint(github_claims()))  # valid 2026-01-01T00:00 for 4 min
    args = ["report", "--token", f"@{tmp_path / 't.jwt'}", "--format", "json"]
    env = {"WIFDOCTOR_NOW": "2026-03-01T00:00:00Z"}
    later = json.loads(CliRunner().invoke(main, args, env=env).stdout)
    at = json.loads(
        CliRunner().invoke(main, [*args, "--at", "2026-01-01T00:01:00Z"], env=env).stdout
    )
    assert "token-expired" in [f["id"] for f in later["diagnosis"]["findings"]]
    assert "token-expired" not in [f["id"] for f in at["diagnosis"]["findings"]]
