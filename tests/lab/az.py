"""The lab's stand-in ``az`` first on PATH, with its own AZURE_CONFIG_DIR (no one logged in yet)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wifdoctor.lab.az_cli import install


def az_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install the stand-in; return the config directory that ``az_login`` writes to."""
    install(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    config = tmp_path / "azure"
    monkeypatch.setenv("AZURE_CONFIG_DIR", str(config))
    return config
