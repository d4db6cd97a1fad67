"""The config file: a user keymap and the remembered theme; a broken file never stops the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import make_app
from wifdoctor.tui.config import ENV_FILE, Config, config_path, load_config, save_theme


def test_keymap_and_theme_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "textual-light"\n\n[keymap]\ndiagnose = "ctrl+d"\n')
    config = load_config(path)
    assert config.theme == "textual-light" and config.keymap == {"diagnose": "ctrl+d"}
    assert config.problem is None


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config.theme is None and config.keymap == {} and config.problem is None


@pytest.mark.parametrize("text", ["theme = ", "[keymap]\ndiagnose = 5\n", "\xff\xfe"])
def test_a_broken_file_is_reported_and_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("latin-1"))
    config = load_config(path)
    assert config.problem is not None and str(path) in config.problem
    assert config.keymap == {}


def test_the_theme_is_saved_with_the_keymap_kept(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    assert save_theme(Config(keymap={"copy-fix": "y"}, path=path), "nord") is None
    again = load_config(path)
    assert again.theme == "nord" and again.keymap == {"copy-fix": "y"}


def test_the_environment_variable_points_at_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_FILE, str(tmp_path / "x.toml"))
    assert config_path() == tmp_path / "x.toml"
    monkeypatch.delenv(ENV_FILE)
    assert config_path().name == "config.toml" and "wifdoctor" in str(config_path())


async def test_the_app_remembers_a_theme_picked_while_it_runs(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    app = make_app(config=Config(path=path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not path.exists()  # starting writes nothing
        app.theme = "textual-light"
        await pilot.pause()
    assert load_config(path).theme == "textual-light"


async def test_a_bad_config_file_is_said_and_the_app_starts(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[keymap\n")
    app = make_app(config=load_config(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.is_running
        assert any("Config file ignored" in (n.title or "") for n in app._notifications)
