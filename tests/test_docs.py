"""The project's own reference (docs/) is current; nothing points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from wifdoctor.cli import main
from wifdoctor.knowledge.finding_situations import SITUATIONS
from wifdoctor.knowledge.findings_catalogue import FINDINGS
from wifdoctor.report.catalogue import catalogue_markdown, catalogue_text

ROOT = Path(__file__).resolve().parent.parent


def test_docs_findings_md_is_generated_from_the_catalogue() -> None:
    written = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert written == catalogue_markdown(), "run: python scripts/findings_doc.py"


def test_every_finding_says_when_it_applies() -> None:
    missing = sorted(set(FINDINGS) - set(SITUATIONS))
    assert missing == [], f"add these to wifdoctor/knowledge/finding_situations.py: {missing}"
    assert sorted(set(SITUATIONS) - set(FINDINGS)) == []


def test_findings_command_prints_the_catalogue_and_one_entry() -> None:
    everything = CliRunner().invoke(main, ["findings"])
    assert everything.exit_code == 0 and everything.stdout == catalogue_text()
    for finding_id in FINDINGS:
        assert finding_id in everything.stdout
    one = CliRunner().invoke(main, ["findings", "issuer-trailing-slash", "--format", "markdown"])
    assert one.exit_code == 0 and one.stdout.strip() in catalogue_markdown()
    assert "AKS" in one.stdout


def test_findings_command_refuses_an_unknown_id_with_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["findings", "subjet-mismatch"])
    assert result.exit_code == 2
    assert "subject-mismatch" in result.stderr and result.stdout == ""


def test_findings_json_lists_every_id() -> None:
    import json

    result = CliRunner().invoke(main, ["findings", "--format", "json"])
    assert [item["id"] for item in json.loads(result.stdout)] == list(FINDINGS)


def _project_files() -> list[Path]:
    """What a user reads: the README, docs/, and the app (its help, dialogs and views)."""
    roots = [ROOT / "README.md", ROOT / "docs", ROOT / "wifdoctor" / "tui"]
    files: list[Path] = []
    for root in roots:
        files += [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
    return [p for p in files if p.suffix in (".md", ".py", ".tcss")]


@pytest.mark.parametrize("pattern", [r"spec/cli\.md", r"spec/findings\.md", r"\.\./shared"])
def test_nothing_points_outside_the_repository(pattern: str) -> None:
    hits = [str(p.relative_to(ROOT)) for p in _project_files() if re.search(pattern, p.read_text())]
    assert hits == []


@pytest.mark.parametrize("command", ["decode", "explain", "diagnose", "demo", "findings", None])
def test_help_points_at_the_projects_own_docs(command: str | None) -> None:
    result = CliRunner().invoke(main, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert "spec/" not in result.stdout and "../shared" not in result.stdout


def test_docs_links_resolve() -> None:
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(((?:docs/)?[a-z-]+\.md)\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_configuration_doc_names_every_binding_id_and_key() -> None:
    from wifdoctor.tui.keys import APP_BINDINGS, COPY_BINDING_ID, COPY_KEY

    text = (ROOT / "docs" / "configuration.md").read_text()
    for binding in APP_BINDINGS:
        assert f"| `{binding.id}` | `{binding.key}` |" in text
    assert f"| `{COPY_BINDING_ID}` | `{COPY_KEY}` |" in text
