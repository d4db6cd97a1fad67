"""The app's live walk against the lab: steps stream pending -> running -> result, the exchange
runs only after a yes in the modal, and a 403 from Graph is explained in place."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from tests.tui.helpers import settle
from wifdoctor.clients.environment import Answer, WalkEnvironment
from wifdoctor.clients.lab_link import lab_environment
from wifdoctor.core.live import LiveRequest
from wifdoctor.core.session import Inputs
from wifdoctor.lab.scenario import build_lab
from wifdoctor.lab.server import Lab
from wifdoctor.tui.app import WifDoctorApp
from wifdoctor.tui.screens.confirm import ConfirmScreen


def live_app(lab: Lab) -> WifDoctorApp:
    chosen = lab.scenario
    inputs, _ = Inputs().with_paste(lab.workload_token())

    def environment(answer: Answer) -> WalkEnvironment:
        return lab_environment(lab, answer=answer)

    app = WifDoctorApp(
        inputs=inputs,
        blink=False,
        live=LiveRequest(client_id=chosen.client_id, tenant=chosen.tenant_id, lab=chosen.name),
        environment=environment,
    )
    app.animation_level = "none"
    return app


def device_code_app(lab: Lab) -> WifDoctorApp:
    """The app on ``lab`` with a real device-code sign-in (azure-identity's), the lab swapping
    only the transports; the workload token pasted."""
    from wifdoctor.clients.environment import tenant_environment
    from wifdoctor.clients.http import HttpFactory
    from wifdoctor.lab.azure_transport import LabSyncTransport

    chosen = lab.scenario

    def environment(answer: Answer) -> WalkEnvironment:
        return tenant_environment(
            cloud="public",
            sign_in="device-code",
            tenant=chosen.tenant_id,
            environment={},
            answer=answer,
            http=HttpFactory(transport=lab.transport),
            credential_options={"transport": LabSyncTransport(lab.transport)},
        )

    inputs, _ = Inputs().with_paste(lab.workload_token())
    app = WifDoctorApp(
        inputs=inputs,
        blink=False,
        live=LiveRequest(
            client_id=chosen.client_id, tenant=chosen.tenant_id, sign_in="device-code"
        ),
        environment=environment,
    )
    app.animation_level = "none"
    return app


def cell(app: WifDoctorApp, step_id: str, column: str) -> str:
    table: DataTable[Any] = app.main.query_one("#steps-table", DataTable)
    return str(table.get_cell(step_id, column))


async def test_steps_stream_and_the_exchange_waits_for_a_yes() -> None:
    lab = build_lab("subject-entity")
    app = live_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(50):  # the walk runs until the exchange asks
            await pilot.pause(0.05)
            if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
                break
        assert isinstance(app.screen, ConfirmScreen)
        assert "Send the token to login.microsoftonline.com" in str(
            app.screen.query_one("#confirm-prompt").render()
        )
        assert not any(r["path"].endswith("/token") for r in lab.state.requests)
        # while the exchange waits for the answer, the other chains go on and show their result
        for _ in range(40):
            await pilot.pause(0.05)
            if "Discovery answers" in cell(app, "discovery", "result"):
                break
        assert cell(app, "exchange", "result") == "running..."
        assert cell(app, "access", "result") == "pending"
        assert "Discovery answers" in cell(app, "discovery", "result")
        await pilot.press("y")
        await settle(pilot)
        assert any(r["path"].endswith("/oauth2/v2.0/token") for r in lab.state.requests)
    assert app.diagnosis is not None
    assert "subject-entity-mismatch" in {f.id for f in app.diagnosis.findings}
    assert {s.id: s.status for s in app.diagnosis.steps}["exchange"] == "fail"
    assert any(call.path.endswith("/oauth2/v2.0/token") for call in app.diagnosis.trace)


async def test_no_means_the_token_is_never_sent() -> None:
    lab = build_lab("healthy")
    app = live_app(lab)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
                break
        await pilot.press("n")
        await settle(pilot)
    assert not any(r["path"].endswith("/oauth2/v2.0/token") for r in lab.state.requests)
    assert app.diagnosis is not None
    statuses = {s.id: s.status for s in app.diagnosis.steps}
    assert statuses["exchange"] == "skipped" and statuses["identity"] == "pass"


async def test_a_403_from_graph_is_explained_in_place() -> None:
    lab = build_lab("healthy")
    lab.state.operator_permissions = set()
    app = live_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
                break
        await pilot.press("n")
        await settle(pilot)
        assert "Application.Read.All" in cell(app, "identity", "result")
    assert app.diagnosis is not None
    identity = next(s for s in app.diagnosis.steps if s.id == "identity")
    assert identity.status == "incomplete"


async def test_what_the_app_shows_went_through_redaction() -> None:
    from dataclasses import replace

    secret = "ghs_request-token-from-the-environment-0123"
    lab = build_lab("healthy")
    lab.state.identities[0].display_name = f"deploy {secret}"
    app = live_app(lab)
    assert app.live is not None
    app.live = replace(app.live, secrets=(secret,))
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
                break
        await pilot.press("n")
        await settle(pilot)
        assert secret not in cell(app, "identity", "result")
        assert "[redacted]" in cell(app, "identity", "result")
    assert app.diagnosis is not None
    assert app.diagnosis.token is not None and app.diagnosis.token.raw == ""
    assert secret not in repr(app.diagnosis)


async def test_with_only_a_client_id_the_app_signs_in_and_loads_the_credentials() -> None:
    lab = build_lab("subject-entity")
    chosen = lab.scenario

    def environment(answer: Answer) -> WalkEnvironment:
        return lab_environment(lab, answer=answer)

    app = WifDoctorApp(
        blink=False,
        live=LiveRequest(client_id=chosen.client_id, tenant=chosen.tenant_id, lab=chosen.name),
        environment=environment,
    )
    app.animation_level = "none"
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert "federated credential" in cell(app, "identity", "result")
    assert app.diagnosis is not None
    assert [c.label for c in app.diagnosis.credentials] == [
        c.name for c in lab.state.identities[0].credentials
    ]
    assert not any(r["path"].endswith("/oauth2/v2.0/token") for r in lab.state.requests)


async def test_the_operator_signs_in_with_a_device_code_shown_in_the_modal() -> None:
    """azure-identity's DeviceCodeCredential, unchanged, against the lab's Entra: its prompt is
    a question in the app's modal, and the walk goes on with the operator's token. The code and
    the exchange's question are asked side by side: they are shown one at a time, so the key
    pressed for the one on screen answers that one (the other never covers it)."""
    lab = build_lab("healthy")
    # As in real life, the sign-in waits until the code is entered: the lab's Entra answers
    # authorization_pending for a few polls (1 s apart), so the prompt is shown while it waits.
    lab.state.device_code_pending_polls = 5
    app = device_code_app(lab)
    prompts: list[str] = []
    answered: set[int] = set()  # each modal once, however long its dismissal takes under load
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(1200):  # two questions in either order (the code, the exchange); 60 s
            await pilot.pause(0.05)
            modals = [s for s in app.screen_stack if isinstance(s, ConfirmScreen)]
            assert len(modals) <= 1, [m.question.id for m in modals]
            screen = app.screen
            if id(screen) in answered:
                continue
            if isinstance(screen, ConfirmScreen) and screen.query("#confirm-prompt"):
                answered.add(id(screen))
                text = str(screen.query_one("#confirm-prompt").render())
                prompts.append(text)
                await pilot.press("n" if text.startswith("Send the token") else "y")
                await pilot.pause()
                if len(prompts) == 2:
                    break
        await settle(pilot)
    steps = [(s.id, s.status, s.summary) for s in (app.diagnosis.steps if app.diagnosis else [])]
    assert any(p.startswith("To sign in, open") and " and enter " in p for p in prompts), (
        prompts,
        steps,
    )
    assert app.diagnosis is not None
    statuses = {s.id: s.status for s in app.diagnosis.steps}
    assert statuses["identity"] == "pass"
    assert any(r["path"].endswith("/oauth2/v2.0/devicecode") for r in lab.state.requests)


async def test_typing_goes_on_while_graph_is_slow() -> None:
    """Every lab request takes 1.5 s, Graph's 5 s: the walk is still reading Graph while keys
    reach the box (Graph slower than the rest, so a loaded machine that draws the exchange's
    modal late does not see Graph answer first)."""
    from wifdoctor.lab.state import RouteFault
    from wifdoctor.tui.widgets.paste_box import PasteBox

    lab = build_lab("healthy")
    lab.state.latency_ms = 1500
    lab.state.faults["graph.microsoft.com"] = RouteFault(latency_ms=3500)
    app = live_app(lab)
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(80):  # the exchange asks first; no to it
            await pilot.pause(0.02)
            if isinstance(app.screen, ConfirmScreen) and app.screen.query("#confirm-prompt"):
                break
        await pilot.press("n")
        box = app.main.query_one(PasteBox)
        box.focus()
        await pilot.pause()
        await pilot.press("w", "i", "f")
        await pilot.pause()
        assert box.text == "wif"
        assert cell(app, "identity", "result") == "running..."  # Graph has not answered yet
        await settle(pilot)
    assert app.diagnosis is not None
    assert {s.id: s.status for s in app.diagnosis.steps}["identity"] == "pass"
