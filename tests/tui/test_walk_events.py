"""The main screen as the live walk's events arrive: what a running step is doing, the HTTP
trace request by request (one key away, f5), and the identity the credentials came from."""

from __future__ import annotations

import time
from typing import Any

from textual.widgets import DataTable

from tests.tui.helpers import screen_text, settle
from tests.tui.test_live_walk import live_app
from wifdoctor.lab.scenario import build_lab
from wifdoctor.tui.screens.confirm import ConfirmScreen
from wifdoctor.tui.widgets.trace_pane import TracePane
from wifdoctor.tui.widgets.walk_pane import WalkPane


async def answer_no(app: Any, pilot: Any) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
            await pilot.press("n")
            return


def walk_line(app: Any, step_id: str) -> str:
    """The Overview's line for ``step_id``, as drawn (under any modal)."""
    _mark, body = app.main.query_one(WalkPane).cells[step_id]
    return str(body.render())


async def test_a_running_step_says_what_it_is_doing() -> None:
    lab = build_lab("healthy")
    from wifdoctor.lab.state import RouteFault

    # Graph answers slowly (3 s): the identity step runs long enough to be seen running even
    # when a loaded machine's event loop is slow to draw.
    lab.state.faults["graph.microsoft.com"] = RouteFault(latency_ms=3000)
    app = live_app(lab)
    client_id = lab.scenario.client_id
    async with app.run_test(size=(160, 45)) as pilot:
        seen = ""
        deadline = time.monotonic() + 20  # a cold msgraph import on a loaded machine is slow
        while time.monotonic() < deadline:  # the exchange's question is up; the walk goes on
            await pilot.pause(0.02)
            seen = walk_line(app, "identity")
            if "running: " in seen:
                break
        assert f"running: Reading {client_id} with the lab tenant's operator" in seen
        await answer_no(app, pilot)
        await settle(pilot)
        assert "running" not in walk_line(app, "identity")  # its result replaced it
        assert "running:" not in screen_text(app)


async def test_the_trace_fills_in_as_requests_are_answered() -> None:
    lab = build_lab("healthy")
    app = live_app(lab)
    async with app.run_test(size=(160, 45)) as pilot:
        await answer_no(app, pilot)
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        pane = app.main.query_one(TracePane)
        assert pane.display
        table: DataTable[Any] = app.main.query_one("#trace-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        text = screen_text(app)
    assert app.diagnosis is not None
    assert len(rows) == len(app.diagnosis.trace) > 0
    hosts = {row[1] for row in rows}
    assert {"token.actions.githubusercontent.com", "graph.microsoft.com"} <= hosts
    graph = next(r for r in rows if r[1] == "graph.microsoft.com")
    assert graph[0] == "GET" and graph[2].startswith("/beta/applications") and graph[3] == "200"
    assert graph[5].endswith(" ms")
    assert "HTTP trace" in text and "Authorization" not in text
    assert "?" not in "".join(r[2] for r in rows)  # never a query string
    assert "eyJ" not in text  # never a token


async def test_an_offline_walk_shows_no_trace() -> None:
    from tests.tui.helpers import example_inputs, make_app

    app = make_app(example_inputs("github-environment"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert not app.main.query_one(TracePane).display
        assert "HTTP trace" not in screen_text(app)


async def test_the_identity_is_shown_beside_its_credentials() -> None:
    lab = build_lab("subject-entity")
    app = live_app(lab)
    identity = lab.state.identities[0]
    async with app.run_test(size=(160, 45)) as pilot:
        await answer_no(app, pilot)
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        text = screen_text(app)
    assert f"Application '{identity.display_name}'" in text
    assert f"client ID  {identity.client_id}" in text
    assert f"object ID  {identity.object_id}" in text
    assert "read from  Microsoft Graph" in text
    assert "subject" in text  # the credentials follow, compared with the token
