"""The setup wizard as an app of its own (``wifdoctor setup`` in a terminal)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.screen import Screen

from wifdoctor.core.setup.model import Proposal, Target
from wifdoctor.tui.wizard.screen import Applier, SetupWizardScreen, Verifier


class SetupApp(App[None]):
    TITLE = "wifdoctor setup"
    SUB_TITLE = "the right federated credential the first time"

    def __init__(
        self,
        applier: Applier | None = None,
        target: Target | None = None,
        verifier: Verifier | None = None,
        lab_token: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self.applier = applier
        self.target = target
        self.verifier = verifier
        self.lab_token = lab_token

    def get_default_screen(self) -> Screen[None]:
        return SetupWizardScreen(self.applier, self.target, self.verifier, self.lab_token)


def lab_app(scenario: str) -> SetupApp:
    """The wizard applying to the in-process lab scenario (for trying it, and for the tests)."""
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.provision.apply import ApplyReport, Confirm
    from wifdoctor.provision.session import LabLink, apply_in_lab, verify_in_lab

    link = LabLink.open(scenario)

    async def applier(proposal: Proposal, confirm: Confirm) -> ApplyReport:
        return await apply_in_lab(link, proposal, confirm, read_back_delay=0.01)

    async def verifier(token_text: str) -> Diagnosis:
        diagnosis: Diagnosis = await verify_in_lab(link, token_text)
        return diagnosis

    def lab_token() -> str:
        return str(link.lab.workload_token())

    app = SetupApp(applier, link.default_target(), verifier, lab_token)
    app.lab_link = link  # type: ignore[attr-defined]
    return app


def live_app(sign_in: str = "cli", tenant: str | None = None) -> SetupApp:
    """The wizard applying to the real Graph and ARM, signed in as the operator."""
    from wifdoctor.provision.apply import ApplyReport, Confirm
    from wifdoctor.provision.session import apply_live

    async def applier(proposal: Proposal, confirm: Confirm) -> ApplyReport:
        return await apply_live(proposal, confirm, sign_in=sign_in, tenant=tenant)

    return SetupApp(applier)
