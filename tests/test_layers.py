"""The layers hold: core and knowledge import no I/O or UI library; headless commands stay light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.minting import github_claims, mint

HEAVY = ("textual", "msgraph", "azure.identity", "httpx", "kiota_abstractions")


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_core_and_knowledge_are_pure() -> None:
    modules = imported_after(
        "import pkgutil, importlib, wifdoctor.core, wifdoctor.knowledge\n"
        "for pkg in (wifdoctor.core, wifdoctor.knowledge):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)"
    )
    forbidden = (
        "textual",
        "rich",
        "click",
        "httpx",
        "jwt",
        "msgraph",
        "azure",
        "wifdoctor.tui",
        "wifdoctor.cli",
        "wifdoctor.checks",
        "wifdoctor.report",
        "wifdoctor.clients",
    )
    bad = sorted(m for m in modules if m.split(".")[0] in forbidden or m.startswith(forbidden))
    assert bad == []


@pytest.mark.parametrize("command", ["decode", "explain", "diagnose", "findings"])
def test_headless_commands_do_not_import_heavy_libraries(command: str, tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text(mint(github_claims()))
    args = {
        "decode": ["decode", f"@{token}"],
        "explain": ["explain", "AADSTS700213: x"],
        "diagnose": ["diagnose", "--token", f"@{token}", "--error", "AADSTS700024: x"],
        "findings": ["findings", "issuer-trailing-slash"],
    }[command]
    code = (
        "import sys\nfrom wifdoctor.cli import main\n"
        f"sys.argv = ['wifdoctor', *{args!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import json as _j\nprint(_j.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    bad = sorted(m for m in modules if m.startswith(HEAVY))
    assert bad == []
