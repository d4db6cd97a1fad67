"""The guided setup: platform (or a pasted token), inputs checked as typed, target identity,
review with the reason for every value, snippets, and apply after showing the exact request.

The screen decides nothing about federation: core.setup proposes, provision applies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, Static, TextArea

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.core.setup.engine import propose, propose_from_token
from wifdoctor.core.setup.fields import PLATFORM_LABELS
from wifdoctor.core.setup.model import SETUP_PLATFORMS, Proposal, SetupInputError, Target
from wifdoctor.core.setup.review import blocking
from wifdoctor.core.setup.snippets import render
from wifdoctor.core.token import parse_token
from wifdoctor.provision.apply import ApplyReport, Confirm
from wifdoctor.provision.render import request_text
from wifdoctor.provision.stores import Request
from wifdoctor.tui.wizard.confirm import ConfirmRequestScreen
from wifdoctor.tui.wizard.form import PlatformForm
from wifdoctor.tui.wizard.review_text import proposal_text, report_text

Applier = Callable[[Proposal, Confirm], Awaitable[ApplyReport]]
Verifier = Callable[[str], Awaitable["Diagnosis"]]
CLOUDS = ("public", "usgov", "china")


class SetupWizardScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "review", "Review", id="setup-review"),
        Binding("ctrl+a", "apply", "Apply", id="setup-apply"),
    ]

    DEFAULT_CSS = """
    SetupWizardScreen #wizard { padding: 0 1; }
    SetupWizardScreen .step { text-style: bold; margin-top: 1; }
    SetupWizardScreen .row { height: auto; }
    SetupWizardScreen .row Input { width: 1fr; }
    SetupWizardScreen .field-label { color: $text-muted; }
    SetupWizardScreen .field-error { color: $error; height: auto; }
    SetupWizardScreen #snippets { height: 20; }
    SetupWizardScreen #review, SetupWizardScreen #applied { height: auto; }
    """

    def __init__(
        self,
        applier: Applier | None = None,
        target: Target | None = None,
        verifier: Verifier | None = None,
        lab_token: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self.applier = applier
        self.verifier = verifier
        self.lab_token = lab_token  # the lab scenario's workload token, when the lab is in use
        self.token_text: str | None = None  # kept only to verify; never shown
        self.default_target = target or Target()
        self.claims: dict[str, Any] | None = None
        self.proposal: Proposal | None = None
        self.report: ApplyReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="wizard"):
            yield Label("1. Start from a real token (best), or pick the platform", classes="step")
            with Horizontal(classes="row"):
                yield Input(placeholder="paste an ID token", password=True, id="token")
                yield Button("Use token", id="use-token")
                if self.lab_token is not None:
                    yield Button("Lab scenario's token", id="lab-token")
            yield Label("", id="token-status")
            options = [(PLATFORM_LABELS[p], p) for p in SETUP_PLATFORMS]
            yield Select(options, value="github-actions", allow_blank=False, id="platform")
            yield Label("2. Platform inputs", classes="step")
            yield PlatformForm("github-actions")
            yield Label("3. Target identity", classes="step")
            target = self.default_target
            yield Input(target.client_id or "", placeholder="app client ID", id="client-id")
            yield Input(
                target.resource_id or "",
                placeholder="or managed identity resource ID",
                id="identity",
            )
            yield Select(
                [(c, c) for c in CLOUDS], value=target.cloud, allow_blank=False, id="cloud"
            )
            yield Checkbox(
                "Flexible expression ('*' wildcards; GitHub, GitLab, Terraform)", id="flexible"
            )
            with Horizontal(classes="row"):
                yield Button("Review", variant="primary", id="review-button")
                yield Button("Apply", id="apply-button", disabled=True)
                yield Button("Verify with the walk", id="verify-button", disabled=True)
            yield Label("4. Review", classes="step")
            yield Static("", id="review")
            yield TextArea("", read_only=True, id="snippets")
            yield Static("", id="applied")
        yield Footer()

    # ---- inputs --------------------------------------------------------------------------

    @on(Select.Changed, "#platform")
    async def platform_changed(self, event: Select.Changed) -> None:
        current = self.query_one(PlatformForm)
        if not isinstance(event.value, str) or event.value == current.platform:
            return
        await current.remove()
        form = PlatformForm(event.value)  # type: ignore[arg-type]
        await self.query_one("#wizard", VerticalScroll).mount(
            form, after=self.query("Label.step")[1]
        )
        self.invalidate()

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "token":
            self.invalidate()

    @on(Button.Pressed, "#lab-token")
    def use_lab_token(self) -> None:
        if self.lab_token is not None:
            self.query_one("#token", Input).value = self.lab_token()
            self.use_token()

    @on(Button.Pressed, "#use-token")
    @on(Input.Submitted, "#token")
    def use_token(self) -> None:
        text = self.query_one("#token", Input).value
        status = self.query_one("#token-status", Label)
        try:
            token = parse_token(text)
        except WifdoctorError as exc:
            self.claims = None
            self.token_text = None
            status.update(Text(f"Not a usable token: {exc}"))
            return
        self.claims = token.claims
        self.token_text = token.raw or text.strip()
        issuer = token.issuer or "(no iss)"
        status.update(Text(f"Token from {issuer}: everything comes from it. Review when ready."))
        self.invalidate()

    def target(self) -> Target:
        client_id = self.query_one("#client-id", Input).value.strip() or None
        identity = self.query_one("#identity", Input).value.strip() or None
        cloud = self.query_one("#cloud", Select).value
        cloud_id = cloud if isinstance(cloud, str) else "public"
        kind = "managed-identity" if identity else ("application" if client_id else None)
        return Target(kind, client_id, identity, cloud_id)  # type: ignore[arg-type]

    def invalidate(self) -> None:
        self.proposal = None
        self.query_one("#apply-button", Button).disabled = True

    # ---- review --------------------------------------------------------------------------

    @on(Button.Pressed, "#review-button")
    def action_review(self) -> None:
        review = self.query_one("#review", Static)
        form = self.query_one(PlatformForm)
        try:
            if self.claims is not None:
                proposal = propose_from_token(self.claims, self.target())
            else:
                flexible = self.query_one("#flexible", Checkbox).value
                proposal = propose(form.platform, form.values(), self.target(), flexible=flexible)
        except SetupInputError as exc:
            form.show_problems(exc.problems)
            lines = "\n".join(f"{key}: {message}" for key, message in exc.problems)
            review.update(Text(f"Fix these first:\n{lines}", style="red"))
            self.invalidate()
            return
        self.proposal = proposal
        review.update(proposal_text(proposal))
        snippets = render(proposal)
        self.query_one("#snippets", TextArea).text = "\n".join(
            f"--- {kind} ---\n{text}" for kind, text in snippets.items()
        )
        can_apply = self.applier is not None and proposal.target.kind is not None
        self.query_one("#apply-button", Button).disabled = not can_apply or bool(blocking(proposal))

    # ---- apply ---------------------------------------------------------------------------

    @on(Button.Pressed, "#apply-button")
    def action_apply(self) -> None:
        if self.proposal is None or self.applier is None:
            return
        self.run_apply(self.proposal, self.applier)

    @work(exclusive=True, group="setup-apply")
    async def run_apply(self, proposal: Proposal, applier: Applier) -> None:
        async def confirm(request: Request) -> bool:
            dialog = ConfirmRequestScreen(request_text(request))
            answer: bool = await self.app.push_screen_wait(dialog)
            return answer

        applied = self.query_one("#applied", Static)
        applied.update(Text("Applying..."))
        try:
            report = await applier(proposal, confirm)
        except WifdoctorError as exc:
            applied.update(Text(f"Not applied: {exc}", style="red"))
            return
        self.report = report
        text = report_text(report)
        can_verify = self.verifier is not None and self.token_text is not None
        if report.ok and self.token_text is not None:
            text.append(
                "Verify with the walk: it exchanges the same token "
                + ("now." if can_verify else "(wifdoctor diagnose --token ... --exchange).")
                + "\n"
            )
        self.query_one("#verify-button", Button).disabled = not (can_verify and report.ok)
        applied.update(text)

    @on(Button.Pressed, "#verify-button")
    def verify(self) -> None:
        if self.verifier is not None and self.token_text is not None:
            self.run_verify(self.verifier, self.token_text)

    @work(exclusive=True, group="setup-verify")
    async def run_verify(self, verifier: Verifier, token_text: str) -> None:
        applied = self.query_one("#applied", Static)
        diagnosis = await verifier(token_text)
        steps = {step.id: step for step in diagnosis.steps}
        text = Text()
        for step_id in ("match", "exchange"):
            step = steps.get(step_id)
            if step is not None:
                style = "green" if step.status == "pass" else "red"
                text.append(f"{step.title}: {step.status}. {step.summary}\n", style=style)
        if not diagnosis.has_errors:
            text.append("The configuration matches.\n", style="bold green")
        applied.update(text)
