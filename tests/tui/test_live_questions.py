"""The live walk's questions in the app when a new walk starts over one still asking (a paste,
a cleared box, a credential added while a modal is open): the old walk's question goes away with
it, only the new walk's questions are on screen, and nothing answered late can crash the app."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.helpers import settle
from tests.tui.test_live_walk import device_code_app, live_app
from wifdoctor.lab.scenario import build_lab
from wifdoctor.tui.app import WifDoctorApp
from wifdoctor.tui.screens.confirm import ConfirmScreen


def modals(app: WifDoctorApp) -> list[ConfirmScreen]:
    return [s for s in app.screen_stack if isinstance(s, ConfirmScreen)]


async def next_modal(
    app: WifDoctorApp, pilot: Pilot[None], other_than: ConfirmScreen | None = None
) -> ConfirmScreen:
    for _ in range(1200):  # up to a minute on a loaded machine
        await pilot.pause(0.05)
        open_now = modals(app)
        assert len(open_now) <= 1, [m.question.prompt for m in open_now]
        screen = app.screen
        if (
            isinstance(screen, ConfirmScreen)
            and screen is not other_than
            and screen.query("#confirm-prompt")
        ):
            return screen
    raise AssertionError("no question reached the app")


async def test_a_new_walk_takes_the_old_walks_exchange_question_away() -> None:
    lab = build_lab("healthy")
    app = live_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        first = await next_modal(app, pilot)
        assert first.question.id == "confirm-exchange"
        app.start_walk()  # the old walk is cancelled while its question is open
        second = await next_modal(app, pilot, other_than=first)
        assert first not in app.screen_stack
        assert second.question.id == "confirm-exchange"
        await pilot.press("n")
        await settle(pilot)
        assert not modals(app)
    assert app.return_code is None  # still running: no crash from a question answered late
    assert app.diagnosis is not None
    assert {s.id: s.status for s in app.diagnosis.steps}["exchange"] == "skipped"
    assert not any(r["path"].endswith("/oauth2/v2.0/token") for r in lab.state.requests)


async def test_a_new_walk_takes_the_old_sign_ins_device_code_away() -> None:
    lab = build_lab("healthy")
    lab.state.device_code_pending_polls = 1
    app = device_code_app(lab)
    codes: list[str] = []
    async with app.run_test(size=(160, 40)) as pilot:
        shown = await next_modal(app, pilot)
        while shown.question.id != "device-code":  # the exchange may ask first: no to it
            await pilot.press("n")
            shown = await next_modal(app, pilot, other_than=shown)
        codes.append(shown.question.prompt)
        app.start_walk()  # a new walk while the first sign-in waits on its code
        answered = shown
        for _ in range(2):  # the new walk's code and its exchange question, in either order
            answered = await next_modal(app, pilot, other_than=answered)
            assert shown not in app.screen_stack
            if answered.question.id == "device-code":
                codes.append(answered.question.prompt)
                await pilot.press("y")
            else:
                await pilot.press("n")
        await settle(pilot)
    assert len(codes) == 2 and codes[0] != codes[1]  # the new sign-in showed its own code
    assert app.diagnosis is not None
    assert {s.id: s.status for s in app.diagnosis.steps}["identity"] == "pass"
