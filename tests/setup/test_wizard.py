"""Pilot tests of the setup wizard: a pasted token to a reviewed credential and an applied one;
inputs checked as typed; a platform's form to a review."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static, TextArea

from tests.setup.lab_tokens import AKS_ISSUER
from wifdoctor.tui.wizard.app import SetupApp, lab_app
from wifdoctor.tui.wizard.confirm import ConfirmRequestScreen
from wifdoctor.tui.wizard.form import PlatformForm
from wifdoctor.tui.wizard.screen import SetupWizardScreen

APP_ID = "3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c"


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(app: SetupApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


async def press(pilot: Pilot[Any], selector: str) -> None:
    pilot.app.screen.query_one(selector, Button).press()
    await pilot.pause()


async def test_pasted_token_to_a_reviewed_and_an_applied_credential() -> None:
    app = lab_app("branch-not-covered")
    lab = app.lab_link.lab  # type: ignore[attr-defined]
    token = lab.workload_token()
    async with app.run_test(size=(120, 100)) as pilot:
        pilot.app.screen.query_one("#token", Input).focus()
        await pilot.pause()
        pilot.app.post_message(events.Paste(token))
        await pilot.pause()
        await press(pilot, "#use-token")
        assert "everything comes from it" in shown(app, "#token-status")
        await press(pilot, "#review-button")
        review = shown(app, "#review")
        assert "repo:contoso/payments-api:ref:refs/heads/release/1.4" in review
        assert "why:" in review
        assert token not in review  # the token itself is never shown
        snippets = app.screen.query_one("#snippets", TextArea).text
        assert "az ad app federated-credential create --id " + APP_ID in snippets

        apply_button = app.screen.query_one("#apply-button", Button)
        assert not apply_button.disabled
        await press(pilot, "#apply-button")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmRequestScreen)
        assert "POST https://graph.microsoft.com/v1.0/applications(appId=" in dialog.request_text
        dialog.query_one("#send", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, SetupWizardScreen)
        applied = shown(app, "#applied")
        assert "created" in applied
        assert "minute" in applied  # the propagation delay is explained

        # Verify: the walk exchanges the same token, and Entra now takes it.
        await press(pilot, "#verify-button")
        await settle(pilot)
        verified = shown(app, "#applied")
        assert "The configuration matches." in verified
        assert token not in verified
    identity = lab.state.identity_by_client_id(APP_ID)
    assert "repo:contoso/payments-api:ref:refs/heads/release/1.4" in {
        c.subject for c in identity.credentials
    }


async def test_declining_the_request_writes_nothing() -> None:
    app = lab_app("branch-not-covered")
    lab = app.lab_link.lab  # type: ignore[attr-defined]
    async with app.run_test(size=(120, 100)) as pilot:
        form = app.screen.query_one(PlatformForm)
        form.query_one("#f-repo", Input).value = "contoso/payments-api"
        form.query_one("#f-value", Input).value = "main-2"
        await pilot.pause()
        await press(pilot, "#review-button")
        await press(pilot, "#apply-button")
        await pilot.pause()
        app.screen.query_one("#decline", Button).press()
        await settle(pilot)
        assert "declined" in shown(app, "#applied")
    assert len(lab.state.identity_by_client_id(APP_ID).credentials) == 1


async def test_inputs_are_checked_as_typed_and_the_kubernetes_form_reviews() -> None:
    app = SetupApp()
    async with app.run_test(size=(120, 100)) as pilot:
        app.screen.query_one("#platform", Select).value = "kubernetes"
        await pilot.pause()
        await pilot.pause()
        form = app.screen.query_one(PlatformForm)
        assert form.platform == "kubernetes"
        namespace = form.query_one("#f-namespace", Input)
        namespace.focus()
        await pilot.press("P", "a", "y")
        await pilot.pause()
        assert "lower-case" in form.problem("namespace")
        namespace.value = "payments"
        form.query_one("#f-service_account", Input).value = "api"
        form.query_one("#f-issuer", Input).value = AKS_ISSUER.rstrip("/")
        await pilot.pause()
        assert form.problem("namespace") == ""
        await press(pilot, "#review-button")
        assert "end with '/'" in form.problem("issuer")
        assert "Fix these first" in shown(app, "#review")
        form.query_one("#f-issuer", Input).value = AKS_ISSUER
        await pilot.pause()
        await press(pilot, "#review-button")
        assert "system:serviceaccount:payments:api" in shown(app, "#review")
        assert app.screen.query_one("#apply-button", Button).disabled  # no applier, no target


async def test_values_with_brackets_are_shown_literally() -> None:
    app = SetupApp()
    async with app.run_test(size=(120, 100)) as pilot:
        form = app.screen.query_one(PlatformForm)
        form.query_one("#f-repo", Input).value = "contoso/app"
        form.query_one("#f-entity", Select).value = "environment"
        form.query_one("#f-value", Input).value = "[bold]prod[/bold]"
        await pilot.pause()
        await press(pilot, "#review-button")
        assert "environment:[bold]prod[/bold]" in shown(app, "#review")


async def test_the_main_app_opens_the_wizard_from_its_command_palette() -> None:
    from tests.tui.helpers import make_app

    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Guided setup" in titles
        app.action_setup()
        await pilot.pause()
        assert isinstance(app.screen, SetupWizardScreen)


async def test_the_lab_scenarios_token_is_a_starting_point() -> None:
    app = lab_app("subject-entity")
    async with app.run_test(size=(120, 100)) as pilot:
        await press(pilot, "#lab-token")
        await press(pilot, "#review-button")
        assert "repo:contoso/payments-api:environment:production" in shown(app, "#review")


async def test_a_bad_target_identity_is_named_before_anything_is_applied() -> None:
    app = lab_app("branch-not-covered")
    async with app.run_test(size=(120, 100)) as pilot:
        form = app.screen.query_one(PlatformForm)
        form.query_one("#f-repo", Input).value = "contoso/payments-api"
        form.query_one("#f-value", Input).value = "main"
        app.screen.query_one("#identity", Input).value = "/subscriptions/x/payments-mi"
        await pilot.pause()
        await press(pilot, "#review-button")
        assert "userAssignedIdentities" in shown(app, "#review")
        assert app.screen.query_one("#apply-button", Button).disabled
