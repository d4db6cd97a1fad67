"""The app's live walk signed in with the existing az login (azure-identity's AzureCliCredential
running the lab's stand-in az), against the lab: the identity step reads the live credentials;
without az login it says so in place."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

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
