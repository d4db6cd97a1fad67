"""The app's tests see the same screen on every machine: colours on, no user config file."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # NO_COLOR would turn the snapshots monochrome; a developer's own config or theme would
    # change keys and colours.
    for name in ("NO_COLOR", "TEXTUAL_THEME", "WIFDOCTOR_CONFIG_FILE", "TEXTUAL_ANIMATIONS"):
        monkeypatch.delenv(name, raising=False)
