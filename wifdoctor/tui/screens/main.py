"""The main screen: the paste box, what was given, and four tabs over the Diagnosis."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from wifdoctor.checks.plan import Step
from wifdoctor.checks.runner import StepFinished, StepStarted, WalkEvent
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.session import Inputs
from wifdoctor.tui.widgets.credentials_panel import CredentialsPanel
from wifdoctor.tui.widgets.findings_panel import FindingsPanel
from wifdoctor.tui.widgets.inputs_bar import InputsBar
from wifdoctor.tui.widgets.paste_box import PasteBox
from wifdoctor.tui.widgets.steps_panel import StepsPanel
from wifdoctor.tui.widgets.token_panel import TokenPanel

TABS = ("findings", "token", "credentials", "steps")


class MainScreen(Screen[None]):
    def __init__(self, *, blink: bool = True) -> None:
        super().__init__()
        self.blink = blink

    def compose(self) -> ComposeResult:
        yield Header(icon="⚕")
        yield PasteBox(id="paste", blink=self.blink)
        yield InputsBar(id="inputs")
        with TabbedContent(id="tabs", initial="findings"):
            with TabPane("Findings", id="findings"):
                yield FindingsPanel(id="findings-panel")
            with TabPane("Token", id="token"):
                yield TokenPanel(id="token-panel")
            with TabPane("Credentials", id="credentials"):
                yield CredentialsPanel(id="credentials-panel")
            with TabPane("Steps", id="steps"):
                yield StepsPanel(id="steps-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PasteBox).focus()
        self.query_one(InputsBar).show(Inputs())

    def show_inputs(self, inputs: Inputs, note: str | None = None) -> None:
        self.query_one(InputsBar).show(inputs, note)

    def walk_started(self, steps: list[Step]) -> None:
        self.query_one(StepsPanel).reset(steps)

    def walk_progress(self, event: WalkEvent) -> None:
        steps = self.query_one(StepsPanel)
        if isinstance(event, StepStarted):
            steps.started(event.step_id)
        elif isinstance(event, StepFinished):
            steps.finished(event.result)

    async def show_diagnosis(self, diagnosis: Diagnosis | None) -> None:
        self.query_one(FindingsPanel).show(diagnosis)
        self.query_one(TokenPanel).show(diagnosis)
        await self.query_one(CredentialsPanel).show(diagnosis)
        if diagnosis is None:
            self.query_one(StepsPanel).reset([])

    def show_tab(self, tab: str) -> None:
        """Switch to ``tab`` and put the keyboard in it."""
        self.query_one(TabbedContent).active = tab
        target = {
            "findings": "#finding-list",
            "token": "#claims",
            "credentials": "#credentials-panel",
            "steps": "#steps-table",
        }[tab]
        widget = self.query_one(target)
        if widget.display and widget.focusable:
            widget.focus()
