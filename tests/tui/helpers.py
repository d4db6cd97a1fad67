"""Build the app the way the tests need it: frozen clock, explicit theme, no blinking."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import events
from textual.pilot import Pilot

from wifdoctor.core.session import Inputs
from wifdoctor.demo.examples import example, materialise
from wifdoctor.tui.app import WifDoctorApp
from wifdoctor.tui.config import Config
from wifdoctor.tui.widgets.paste_box import PasteBox

FROZEN = datetime(2026, 1, 1, tzinfo=UTC)


def make_app(
    inputs: Inputs | None = None, theme: str = "textual-dark", config: Config | None = None
) -> WifDoctorApp:
    """No config file is read: the keymap and theme are the defaults unless ``config`` says."""
    app = WifDoctorApp(
        inputs=inputs, clock=lambda: FROZEN, theme=theme, blink=False, config=config or Config()
    )
    app.animation_level = "none"
    return app


def example_inputs(name: str) -> Inputs:
    chosen = example(name)
    assert chosen is not None
    made = materialise(chosen, FROZEN)
    inputs = Inputs()
    for text in (made.token, made.error_text, made.credentials_json):
        if text is not None:
            inputs, _ = inputs.with_paste(text)
    return inputs


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def paste(pilot: Pilot[None], text: str) -> None:
    """What a terminal with bracketed paste does: the driver gives the app a Paste event, which
    the app forwards to the focused widget (the paste box)."""
    pilot.app.screen.query_one(PasteBox).focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


def screen_text(app: WifDoctorApp) -> str:
    """The screen's text as a person reads it (the SVG screenshot's text, spaces restored)."""
    import html
    import re

    svg = app.export_screenshot()
    lines: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text [^>]*y="([0-9.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join(
        "".join(parts) for _, parts in sorted(lines.items(), key=lambda i: float(i[0]))
    )
