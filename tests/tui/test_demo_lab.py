"""`wifdoctor demo` opens the app on the whole live walk against the lab (subject-entity by
default); the palette switches to another scenario; the offline examples stay one flag away."""

from __future__ import annotations

from click.testing import CliRunner

from tests.tui.helpers import settle
from wifdoctor.cli import main
from wifdoctor.demo.examples import DEFAULT_SCENARIO
from wifdoctor.tui.app import WifDoctorApp
from wifdoctor.tui.screens.confirm import ConfirmScreen


def demo_app(name: str = DEFAULT_SCENARIO) -> WifDoctorApp:
    """What `wifdoctor demo [SCENARIO]` runs (tui/launch.py), with no blinking cursor: the lab
    is built after the first paint, in a thread, and then walked."""
    app = WifDoctorApp(lab=name, blink=False)
    app.animation_level = "none"
    return app


async def answer(app: WifDoctorApp, pilot: object, key: str) -> None:
    for _ in range(200):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
            await pilot.press(key)  # type: ignore[attr-defined]
            return
    raise AssertionError("the exchange was never offered")


async def test_demo_walks_the_default_scenario_live_and_the_palette_switches_it() -> None:
    app = demo_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await answer(app, pilot, "y")
        await settle(pilot)
        assert app.diagnosis is not None
        assert app.diagnosis.findings[0].id == "subject-entity-mismatch"
        assert {s.id: s.status for s in app.diagnosis.steps}["exchange"] == "fail"
        # ctrl+p, "Lab: healthy": a new lab, its token, its walk
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lab: healthy")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await answer(app, pilot, "y")
        await settle(pilot)
        assert app.live is not None and app.live.lab == "healthy"
        statuses = {s.id: s.status for s in app.diagnosis.steps}
        assert statuses["exchange"] == "pass" and statuses["identity"] == "pass"
        assert not app.diagnosis.has_errors


def test_demo_lists_the_scenarios_then_the_examples() -> None:
    result = CliRunner().invoke(main, ["demo", "--list"])
    assert result.exit_code == 0
    lab, offline = result.stdout.split("Offline examples")
    assert f"{DEFAULT_SCENARIO} " in lab and "(default)" in lab and "healthy" in lab
    assert "github-environment" in offline and "--example NAME" in offline


def test_demo_names_an_unknown_scenario_or_example() -> None:
    for args in (["demo", "no-such"], ["demo", "--example", "no-such"], ["demo", "--lab", "x"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        assert "no-such" in result.stderr or "'x'" in result.stderr


def test_the_demo_and_its_options_need_a_terminal() -> None:
    for args in (["demo"], ["demo", "healthy"], ["demo", "--example", "all-good"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and "needs a terminal" in result.stderr, args
