"""The app's live walk signed in with the existing az login (azure-identity's AzureCliCredential
running the lab's stand-in az), against the lab: the identity step reads the live credentials;
without az login it says so in place; the operator chooses the tenant in the app (ctrl+t) and the
walk follows it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from tests.lab.az import az_on_path
from tests.tui.helpers import settle
from wifdoctor.clients.environment import Answer, WalkEnvironment
from wifdoctor.clients.lab_link import lab_signed_in_environment
from wifdoctor.core.live import LiveRequest
from wifdoctor.core.session import Inputs
from wifdoctor.lab.az_cli import az_login, calls
from wifdoctor.lab.scenario import build_lab
from wifdoctor.lab.server import Lab
from wifdoctor.tui.app import WifDoctorApp
from wifdoctor.tui.screens.confirm import ConfirmScreen
from wifdoctor.tui.screens.tenant_picker import TenantPickerScreen


def az_app(lab: Lab, tenant: str | None = None) -> WifDoctorApp:
    """The app as `wifdoctor --client-id ID --sign-in cli` opens it, the lab's transports in."""
    chosen = lab.scenario
    inputs, _ = Inputs().with_paste(lab.workload_token())

    def environment(answer: Answer) -> WalkEnvironment:
        live = app.live  # the tenant the app has now (chosen in the app, or none)
        return lab_signed_in_environment(
            lab,
            sign_in="cli",
            tenant=live.tenant if live else None,
            environment=dict(os.environ),
            answer=answer,
        )

    app = WifDoctorApp(
        inputs=inputs,
        blink=False,
        live=LiveRequest(client_id=chosen.client_id, tenant=tenant, sign_in="cli"),
        environment=environment,
    )
    app.animation_level = "none"
    return app


def cell(app: WifDoctorApp, step_id: str, column: str) -> str:
    table: DataTable[Any] = app.main.query_one("#steps-table", DataTable)
    return str(table.get_cell(step_id, column))


async def test_the_app_signs_in_with_az_login_and_reads_the_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    lab = build_lab("subject-entity")
    az_login(lab, config)
    app = az_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # no tenant given: the exchange is not offered
        assert "federated credential" in cell(app, "identity", "result")
    assert app.diagnosis is not None
    assert {s.id: s.status for s in app.diagnosis.steps}["identity"] == "pass"
    assert [c.label for c in app.diagnosis.credentials] == [
        c.name for c in lab.state.identities[0].credentials
    ]
    assert "subject-entity-mismatch" in {f.id for f in app.diagnosis.findings}
    assert calls(config), "azure-identity did not run az"
    assert all("--tenant" not in call for call in calls(config))  # az login's own tenant


async def test_without_az_login_the_app_says_to_run_it_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    az_on_path(tmp_path, monkeypatch)
    lab = build_lab("subject-entity")
    app = az_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)  # no tenant given: the exchange is not offered
        result = cell(app, "identity", "result")
        assert "Please run 'az login'" in result and "--sign-in device-code" in result
    assert app.diagnosis is not None
    assert {s.id: s.status for s in app.diagnosis.steps}["identity"] == "incomplete"


FABRIKAM = {
    "tenantId": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918",
    "displayName": "Fabrikam",
    "defaultDomain": "fabrikam.onmicrosoft.com",
}


async def open_picker(app: WifDoctorApp, pilot: Any) -> TenantPickerScreen:
    await pilot.press("ctrl+t")
    for _ in range(200):
        await pilot.pause(0.05)
        if isinstance(app.screen, TenantPickerScreen) and app.screen.query("#tenant-list"):
            return app.screen
    raise AssertionError("the tenant picker did not open")


async def answer_no(app: WifDoctorApp, pilot: Any) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
            await pilot.press("n")
            break
    await settle(pilot)


async def test_the_operator_chooses_the_tenant_in_the_app_and_the_walk_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    lab = build_lab("subject-entity")
    lab.state.other_tenants = [FABRIKAM]
    az_login(lab, config)
    home = lab.state.tenant_id
    app = az_app(lab)  # no --tenant: az login's own
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        picker = await open_picker(app, pilot)
        options = picker.query_one("#tenant-list", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == [home, FABRIKAM["tenantId"]]  # what ARM lists for the account
        assert "Fabrikam" in str(options.get_option_at_index(1).prompt)
        first = app.generation
        await pilot.press("down", "enter")  # keyboard only
        await answer_no(app, pilot)  # with a tenant, the exchange is offered: no
        assert app.generation == first + 1 and app.live is not None
        assert app.live.tenant == FABRIKAM["tenantId"]
        result = cell(app, "identity", "result")
        assert f"AADSTS90002: Tenant '{FABRIKAM['tenantId']}' not found." in result
        assert calls(config)[-1][-2:] == ["--tenant", FABRIKAM["tenantId"]]
        # Fabrikam is marked current; back to the lab tenant
        picker = await open_picker(app, pilot)
        assert "current" in str(
            picker.query_one("#tenant-list", OptionList).get_option_at_index(1).prompt
        )
        await pilot.press("up", "enter")
        await answer_no(app, pilot)
        assert "federated credential" in cell(app, "identity", "result")
        assert calls(config)[-1][-2:] == ["--tenant", home]
    assert app.diagnosis is not None
    assert "subject-entity-mismatch" in {f.id for f in app.diagnosis.findings}


async def test_escape_keeps_the_tenant_and_a_typed_one_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = az_on_path(tmp_path, monkeypatch)
    lab = build_lab("subject-entity")
    az_login(lab, config)
    app = az_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        generation = app.generation
        await open_picker(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TenantPickerScreen)
        assert app.generation == generation and app.live is not None and app.live.tenant is None
        picker = await open_picker(app, pilot)
        await pilot.press("tab", *"not a tenant!", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TenantPickerScreen)  # refused in place, said why
        assert "only letters, digits" in str(picker.query_one("#tenant-problem").render())
        await pilot.press(*["backspace"] * 13, *lab.state.tenant_domain, "enter")
        await answer_no(app, pilot)
        assert app.live.tenant == lab.state.tenant_domain
        assert calls(config)[-1][-2:] == ["--tenant", lab.state.tenant_domain]
        assert "federated credential" in cell(app, "identity", "result")
