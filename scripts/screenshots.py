"""Regenerate the README's screenshots (screenshots/*.svg) from the demo examples.

Run after any UI change: python scripts/screenshots.py
Frozen clock and fixed theme, so an unchanged UI gives unchanged files.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tui.helpers import example_inputs, make_app, settle  # noqa: E402

OUT = ROOT / "screenshots"
# (file, example, keys pressed after the walk, terminal size)
SHOTS = [
    ("main-screen.svg", "github-environment", (), (160, 45)),
    ("trailing-slash.svg", "aks-trailing-slash", (), (160, 45)),
    ("findings.svg", "expired-long-job", ("f2",), (120, 40)),
    ("credentials.svg", "case-sensitive", ("f4",), (120, 40)),
    ("token.svg", "ado-issuer-migration", ("f3",), (120, 40)),
    ("small-terminal.svg", "aks-trailing-slash", (), (80, 24)),
]


async def shoot(name: str, example: str, keys: tuple[str, ...], size: tuple[int, int]) -> Path:
    app = make_app(example_inputs(example))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        return Path(app.save_screenshot(filename=name, path=str(OUT)))


async def shoot_live_walk(name: str, scenario: str, size: tuple[int, int]) -> Path:
    """The live walk against the in-process lab, after a yes to the exchange."""
    from tests.tui.test_live_walk import live_app
    from wifdoctor.lab.scenario import build_lab
    from wifdoctor.tui.screens.confirm import ConfirmScreen

    app = live_app(build_lab(scenario))
    async with app.run_test(size=size) as pilot:
        for _ in range(400):
            await pilot.pause(0.05)
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
                break
        await settle(pilot)
        return Path(app.save_screenshot(filename=name, path=str(OUT)))


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.svg"):  # shots no longer listed would go stale in the README
        old.unlink()
    for shot in SHOTS:
        print(await shoot(*shot))
    print(await shoot_live_walk("live-walk.svg", "subject-entity", (160, 45)))


if __name__ == "__main__":
    asyncio.run(main())
