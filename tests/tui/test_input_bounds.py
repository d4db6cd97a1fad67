"""Issue 7 in the app: a 50 KB typed burst and a 2 MB paste leave it responsive; ctrl+q quits.

Keys are posted the way the terminal driver posts them (one Key event each, as fast as they come),
not with pilot.press, which waits for the app to be idle after every key.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from textual import events
from textual.widgets import TabbedContent

from tests.tui.helpers import make_app, settle
from wifdoctor.tui.app import WifDoctorApp
from wifdoctor.tui.widgets.paste_box import HEAD_SHOWN, PASTE_SHOWN_LIMIT, PasteBox

PROMPT_S = 5.0  # "promptly": the 50 KB burst takes ~1 s here; a 20 KB one took 40 s before
LOG_LINE = (
    "2025-12-31T23:58:00.1234567Z ##[error]AADSTS700213: No matching federated identity record "
    "found for presented assertion subject 'repo:contoso/payments-api:environment:Production'.\n"
)


async def until(condition: object, limit: float) -> float:
    """Seconds until ``condition()`` holds (fails past ``limit``)."""
    start = time.perf_counter()
    while not condition():  # type: ignore[operator]
        assert time.perf_counter() - start < limit, "the app did not respond in time"
        await asyncio.sleep(0.01)
    return time.perf_counter() - start


def active_tab(app: WifDoctorApp) -> str:
    return str(app.main.query_one(TabbedContent).active)


async def test_a_50kb_typed_burst_keeps_the_keyboard() -> None:
    app = make_app()
    text = ("repo:contoso/api:ref:refs/heads/main " * 1_500)[:50_000]
    async with app.run_test(size=(120, 36)) as pilot:
        box = app.screen.query_one(PasteBox)
        box.focus()
        await pilot.pause()
        for character in text:
            key = "space" if character == " " else character
            app.post_message(events.Key(key, character))
        app.post_message(events.Key("f5", None))  # pressed while the burst is being taken in
        waited = await until(lambda: active_tab(app) == "steps", PROMPT_S)
        assert waited < PROMPT_S
        await until(lambda: len(box.text) == len(text), PROMPT_S)
        assert box.text == text  # every character, in order
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_typed_keys_and_editing_keys_keep_their_order() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        box = app.screen.query_one(PasteBox)
        box.focus()
        await pilot.press(*"abc", "backspace", *"d")
        await pilot.pause()
        assert box.text == "abd"


async def test_a_2mb_paste_shows_its_head_and_is_diagnosed_whole() -> None:
    app = make_app()
    text = (LOG_LINE * (1_990_000 // len(LOG_LINE)))[:1_990_000]
    assert len(text) > PASTE_SHOWN_LIMIT
    async with app.run_test(size=(120, 36)) as pilot:
        box = app.screen.query_one(PasteBox)
        box.focus()
        await pilot.pause()
        start = time.perf_counter()
        app.post_message(events.Paste(text))
        app.post_message(events.Key("f5", None))
        assert await until(lambda: active_tab(app) == "steps", PROMPT_S) < PROMPT_S
        await until(lambda: app.inputs.evidence is not None, 30)
        assert app.inputs.error_text == text  # the whole paste, not the head the box showed
        assert 700213 in app.inputs.evidence.error_codes  # type: ignore[union-attr]
        assert time.perf_counter() - start < 30
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_a_large_paste_that_is_not_recognised_keeps_only_its_head_in_the_box() -> None:
    app = make_app()
    text = "lorem ipsum " * 30_000
    async with app.run_test(size=(120, 36)) as pilot:
        box = app.screen.query_one(PasteBox)
        box.focus()
        await pilot.pause()
        app.post_message(events.Paste(text))
        await settle(pilot)
        shown = box.text
        assert len(shown) < HEAD_SHOWN + 200 and "more characters, not shown" in shown
        assert not box.soft_wrap
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_opening_a_device_or_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # nobody writes to it: reading it would block for ever
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        for path in (Path("/dev/zero"), fifo):
            start = time.perf_counter()
            app.open_file(path)  # what the open-file dialog hands over
            await settle(pilot)
            assert time.perf_counter() - start < 5
            assert app.inputs.empty  # refused with a notification
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
