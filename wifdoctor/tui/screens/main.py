"""The main screen: the paste box, a status line, and the views over the Diagnosis.

The Overview (the first view) puts the compared values beside the nearest credential, the steps
and the top finding on one screen; the other views hold everything in full, one key away.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from wifdoctor.checks.plan import Step
from wifdoctor.checks.runner import HttpTraced, StepFinished, StepProgress, StepStarted, WalkEvent
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.session import Inputs
from wifdoctor.tui.keys import APP_BINDINGS, key_for
from wifdoctor.tui.widgets.credentials_panel import CredentialsPanel
from wifdoctor.tui.widgets.findings_panel import FindingsPanel
from wifdoctor.tui.widgets.inputs_bar import InputsBar
from wifdoctor.tui.widgets.overview_panel import OverviewPanel
from wifdoctor.tui.widgets.paste_box import PasteBox
from wifdoctor.tui.widgets.steps_panel import StepsPanel
from wifdoctor.tui.widgets.token_panel import TokenPanel
from wifdoctor.tui.widgets.walk_pane import WalkPane

TABS = ("overview", "findings", "token", "credentials", "steps")
FOCUS_TARGET = {
    "overview": "#overview-panel",
    "findings": "#finding-list",
    "token": "#claims",
    "credentials": "#credentials-panel",
    "steps": "#steps-table",
}


class MainScreen(Screen[None]):
    def __init__(
        self, *, blink: bool = True, keymap: Mapping[str, str] | None = None, cloud: str = "public"
    ) -> None:
        super().__init__()
        self.blink = blink
        self.keymap = keymap or {}
        self.cloud = cloud

    def label(self, tab: str, name: str) -> str:
        """A view's tab carries its key (as configured), so the view keys are always on screen."""
        binding = next((b for b in APP_BINDINGS if b.id == f"tab-{tab}"), None)
        return f"{name} {key_for(binding.id or '', binding.key, self.keymap)}" if binding else name

    def compose(self) -> ComposeResult:
        yield Header(icon="⚕")
        yield PasteBox(id="paste", blink=self.blink)
        yield InputsBar(cloud=self.cloud, id="inputs")
        with TabbedContent(id="tabs", initial="overview"):
            with TabPane("Overview", id="overview"):
                yield OverviewPanel(id="overview-panel")
            with TabPane(self.label("findings", "Findings"), id="findings"):
                yield FindingsPanel(id="findings-panel")
            with TabPane(self.label("token", "Token"), id="token"):
                yield TokenPanel(id="token-panel")
            with TabPane(self.label("credentials", "Credentials"), id="credentials"):
                yield CredentialsPanel(id="credentials-panel")
            with TabPane(self.label("steps", "Steps"), id="steps"):
                yield StepsPanel(id="steps-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PasteBox).focus()
        self.query_one(InputsBar).show(Inputs())

    def show_inputs(self, inputs: Inputs, note: str | None = None, *, error: bool = False) -> None:
        self.query_one(InputsBar).show(inputs, note, error=error)

    def walk_started(self, steps: list[Step]) -> None:
        self.query_one(StepsPanel).reset(steps)
        self.query_one(WalkPane).reset(steps)

    def walk_progress(self, event: WalkEvent) -> None:
        steps, pane = self.query_one(StepsPanel), self.query_one(WalkPane)
        if isinstance(event, StepStarted):
            steps.started(event.step_id)
            pane.started(event.step_id)
        elif isinstance(event, StepProgress):
            steps.progress(event.step_id, event.text)
            pane.progress(event.step_id, event.text)
        elif isinstance(event, HttpTraced):
            steps.traced(event.call)
        elif isinstance(event, StepFinished):
            steps.finished(event.result)
            pane.finished(event.result)

    async def show_diagnosis(self, diagnosis: Diagnosis | None) -> None:
        self.query_one(OverviewPanel).show(diagnosis)
        self.query_one(FindingsPanel).show(diagnosis)
        self.query_one(TokenPanel).show(diagnosis)
        await self.query_one(CredentialsPanel).show(diagnosis)
        if diagnosis is None:
            self.query_one(StepsPanel).reset([])
            self.query_one(WalkPane).reset([])

    def show_tab(self, tab: str) -> None:
        """Switch to ``tab`` and put the keyboard in it."""
        self.query_one(TabbedContent).active = tab
        widget = self.query_one(FOCUS_TARGET[tab])
        if widget.display and widget.focusable:
            widget.focus()
        elif tab == "findings":
            self.query_one("#finding-detail-scroll").focus()
