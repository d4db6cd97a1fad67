"""A small set of SVG snapshots of the main screens: frozen clock, explicit theme, no blink.

Regenerate after a deliberate UI change: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import example_inputs, make_app, settle

SnapCompare = Any


async def _settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_empty_start(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_settled)


@pytest.mark.parametrize(
    "example", ["github-environment", "aks-trailing-slash", "all-good"]
)  # an entity mismatch, a trailing slash, everything matching
def test_main_screen_160x45(snap_compare: SnapCompare, example: str) -> None:
    assert snap_compare(
        make_app(example_inputs(example)), terminal_size=(160, 45), run_before=_settled
    )


def test_failing_match_with_the_difference_highlighted(snap_compare: SnapCompare) -> None:
    async def credentials_tab(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()

    app = make_app(example_inputs("case-sensitive"))
    assert snap_compare(app, terminal_size=(120, 36), run_before=credentials_tab)


def test_findings_pane_second_finding(snap_compare: SnapCompare) -> None:
    async def second(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f2", "down")
        await pilot.pause()

    app = make_app(example_inputs("expired-long-job"))
    assert snap_compare(app, terminal_size=(120, 36), run_before=second)


def test_export_modal(snap_compare: SnapCompare) -> None:
    async def export(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.workdir = pilot.app.workdir.__class__("/tmp/reports")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()

    app = make_app(example_inputs("github-environment"))
    assert snap_compare(app, terminal_size=(120, 36), run_before=export)


def test_main_screen_80x24(snap_compare: SnapCompare) -> None:
    app = make_app(example_inputs("aks-trailing-slash"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


def test_token_view_80x24(snap_compare: SnapCompare) -> None:
    async def token_view(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()

    app = make_app(example_inputs("github-environment"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=token_view)


def test_live_walk_against_the_lab_160x45(snap_compare: SnapCompare) -> None:
    """The live walk on the main screen: every step's result, after a yes to the exchange."""
    from tests.tui.test_live_walk import live_app
    from wifdoctor.lab.scenario import build_lab
    from wifdoctor.tui.screens.confirm import ConfirmScreen

    async def walk_with_a_yes(pilot: Pilot[None]) -> None:
        for _ in range(400):
            await pilot.pause(0.05)
            if isinstance(pilot.app.screen, ConfirmScreen):
                await pilot.press("y")
                break
        await settle(pilot)

    app = live_app(build_lab("subject-entity"))
    assert snap_compare(app, terminal_size=(160, 45), run_before=walk_with_a_yes)


async def _live_walk_with_a_no(pilot: Pilot[None]) -> None:
    from tests.tui.test_walk_events import answer_no

    await answer_no(pilot.app, pilot)
    await settle(pilot)


def test_live_identity_beside_its_credentials_160x45(snap_compare: SnapCompare) -> None:
    """The Credentials view after a live walk: the identity they were read from, then them."""
    from tests.tui.test_live_walk import live_app
    from wifdoctor.lab.scenario import build_lab

    async def credentials(pilot: Pilot[None]) -> None:
        await _live_walk_with_a_no(pilot)
        await pilot.press("f4")
        await pilot.pause()

    app = live_app(build_lab("subject-entity"))
    assert snap_compare(app, terminal_size=(160, 45), run_before=credentials)


def test_tenant_picker_160x45(snap_compare: SnapCompare) -> None:
    """ctrl+t after a live walk: the tenants ARM lists for the operator, the current one marked."""
    from tests.tui.test_live_walk import live_app
    from wifdoctor.lab.scenario import build_lab
    from wifdoctor.tui.screens.tenant_picker import TenantPickerScreen

    async def picker(pilot: Pilot[None]) -> None:
        await _live_walk_with_a_no(pilot)
        await pilot.press("ctrl+t")
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(pilot.app.screen, TenantPickerScreen):
                break
        await pilot.pause()

    lab = build_lab("subject-entity")
    lab.state.other_tenants = [
        {
            "tenantId": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918",
            "displayName": "Fabrikam",
            "defaultDomain": "fabrikam.onmicrosoft.com",
        }
    ]
    assert snap_compare(live_app(lab), terminal_size=(160, 45), run_before=picker)
