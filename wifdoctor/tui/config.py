"""The app's config file: a user keymap and the remembered theme.

TOML at ``platformdirs.user_config_path("wifdoctor") / "config.toml"`` (on Linux
``~/.config/wifdoctor/config.toml``), or where ``WIFDOCTOR_CONFIG_FILE`` points::

    theme = "textual-light"      # written by the app when you pick a theme

    [keymap]                     # binding id = key(s), comma-separated
    diagnose = "ctrl+d"
    copy-fix = "y"

A file that cannot be read or parsed is reported and ignored; the app starts with defaults.
Nothing secret is stored here.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ENV_FILE = "WIFDOCTOR_CONFIG_FILE"
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # where it came from and where the theme is saved; None: nowhere
    problem: str | None = None  # why the file was ignored


def config_path() -> Path:
    override = os.environ.get(ENV_FILE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path("wifdoctor") / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        if not path.is_file():
            return Config(path=path)
        if path.stat().st_size > MAX_BYTES:
            return Config(path=path, problem=f"{path} is larger than {MAX_BYTES} bytes.")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path=path, problem=f"{path}: {exc}")
    theme = data.get("theme")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        return Config(path=path, problem=f"{path}: [keymap] maps binding ids to key strings.")
    return Config(theme if isinstance(theme, str) else None, dict(keymap), path)


def save_theme(config: Config, theme: str) -> str | None:
    """Write ``theme`` into the config file, keeping its keymap; the reason it failed, or None."""
    if config.path is None or config.problem is not None:
        return None if config.path is None else config.problem
    lines = [f"theme = {json.dumps(theme)}"]
    if config.keymap:
        lines += ["", "[keymap]"]
        lines += [f"{json.dumps(k)} = {json.dumps(v)}" for k, v in config.keymap.items()]
    try:
        config.path.parent.mkdir(parents=True, exist_ok=True)
        config.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        return f"Cannot save the theme to {config.path}: {exc.strerror or exc}"
    return None
