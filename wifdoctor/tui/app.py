"""WifDoctorApp: keeps what the user gave (Inputs), runs the walk in a worker, shows the result.

The app decides nothing about federation: the session (core.session) takes pastes in, the runner
(checks) walks, the widgets draw the Diagnosis.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.live_plan import build_plan
from wifdoctor.checks.plan import Step
from wifdoctor.checks.runner import WalkFinished, run_walk
from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.core.session import Inputs
from wifdoctor.core.times import Clock, system_clock
from wifdoctor.tui.messages import WalkProgress
from wifdoctor.tui.render import verdict
from wifdoctor.tui.screens.main import TABS, MainScreen
from wifdoctor.tui.widgets.findings_panel import FindingsPanel
from wifdoctor.tui.widgets.paste_box import PasteBox

if TYPE_CHECKING:  # the dialogs load when first opened, keeping the first paint quick
    from wifdoctor.clients.environment import Answer, WalkEnvironment
    from wifdoctor.core.live import LiveRequest, Question
    from wifdoctor.tui.screens.export import ExportRequest

    # Makes the live walk's environment (clients, sign-in); given the app's way to ask.
    EnvironmentFactory = Callable[[Answer], WalkEnvironment]


class WifDoctorApp(App[None]):
    TITLE = "wifdoctor"
    SUB_TITLE = "why workload identity federation fails"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r", "diagnose", "Diagnose", tooltip="Diagnose the text in the box", id="diagnose"
        ),
        Binding(
            "ctrl+o",
            "open_file",
            "Open",
            tooltip="Open a token, log or credentials file",
            id="open-file",
        ),
        Binding(
            "ctrl+n",
            "add_credential",
            "Add credential",
            tooltip="Add a federated credential by hand",
            id="add-credential",
        ),
        Binding("ctrl+s", "export", "Export", tooltip="Export the report", id="export"),
        Binding("f1", "help", "Help", tooltip="Keys and what wifdoctor does", id="help"),
        Binding("ctrl+l", "clear", "Clear", show=False, id="clear"),
        Binding("f2", "show_tab('findings')", "Findings", show=False, id="tab-findings"),
        Binding("f3", "show_tab('token')", "Token", show=False, id="tab-token"),
        Binding("f4", "show_tab('credentials')", "Credentials", show=False, id="tab-credentials"),
        Binding("f5", "show_tab('steps')", "Steps", show=False, id="tab-steps"),
        Binding("escape", "focus_paste", "Paste box", show=False, id="focus-paste"),
    ]

    def __init__(
        self,
        *,
        inputs: Inputs | None = None,
        clock: Clock = system_clock,
        theme: str = "textual-dark",
        example: str | None = None,
        blink: bool = True,
        cloud: str = "public",
        workdir: Path | None = None,
        live: LiveRequest | None = None,
        environment: EnvironmentFactory | None = None,
    ) -> None:
        super().__init__()
        # client ID, tenant...: the walk reads the tenant for real, and offers the exchange
        self.live = replace(live, offer_exchange=True) if live is not None else None
        self.environment = environment
        self.inputs = inputs or Inputs()
        self.clock = clock
        self.example = example
        self.blink = blink
        self.cloud = cloud
        self.workdir = workdir or Path.cwd()
        self.diagnosis: Diagnosis | None = None
        self.generation = 0
        self._theme_name = theme

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(blink=self.blink)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        self.theme = self._theme_name
        if self.live is not None:  # msgraph's imports, off the walk's critical path
            from wifdoctor.clients.graph import warm_up

            self.run_worker(warm_up, thread=True, group="warm-up", exit_on_error=False)
        self.call_after_refresh(self.begin)  # once the main screen is composed

    def begin(self) -> None:
        if self.example is not None:
            self.load_example(self.example)
        elif not self.inputs.empty or self.live is not None:
            self.start_walk()  # with a client ID: sign in and load the live credentials

    # ---- the walk --------------------------------------------------------------------------

    def plan(self, request: WalkRequest) -> list[Step]:
        return build_plan(request)

    def start_walk(self) -> None:
        self.generation += 1
        self.main.show_inputs(self.inputs)
        if self.inputs.empty and self.live is None:
            self.diagnosis = None
            self.sub_title = self.SUB_TITLE
            self.call_later(self.main.show_diagnosis, None)
            return
        request = WalkRequest(
            "tui",
            token_text=self.inputs.token_text,
            evidence=self.inputs.evidence,
            credentials=self.inputs.credentials,
            cloud=self.cloud,
            clock=self.clock,
            live=self.live,
        )
        steps = self.plan(request)
        self.main.walk_started(steps)
        self.walk(steps, request, self.generation)

    @work(exclusive=True, group="walk", exit_on_error=False)
    async def walk(self, steps: list[Step], request: WalkRequest, generation: int) -> None:
        env = None
        if request.live is not None and self.environment is not None:
            env = self.environment(self.ask)
        try:
            async for event in run_walk(steps, WalkContext.start(request, env)):
                self.post_message(WalkProgress(event, generation))
        finally:
            if env is not None:
                await env.aclose()

    async def ask(self, question: Question) -> bool:
        """The walk's questions (confirm the exchange) answered in a modal, never by default."""
        from wifdoctor.tui.screens.confirm import ConfirmScreen

        answer: bool = await self.push_screen(ConfirmScreen(question), wait_for_dismiss=True)
        return answer

    async def on_walk_progress(self, message: WalkProgress) -> None:
        if message.generation != self.generation or not self.screen_stack:
            return  # a newer walk has started (its results are stale), or the app is closing
        from wifdoctor.report.redact import redact, redact_value

        secrets = self.live.secrets if self.live is not None else ()
        event = message.event
        if isinstance(event, WalkFinished):  # the one pass before any widget or export
            event = WalkFinished(redact(event.diagnosis, secrets))
        else:
            event = redact_value(event, (*secrets, self.inputs.token_text or ""))
        self.main.walk_progress(event)
        if isinstance(event, WalkFinished):
            self.diagnosis = event.diagnosis
            self.sub_title = str(verdict(self.diagnosis))
            await self.main.show_diagnosis(self.diagnosis)

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}",
                title="Something went wrong",
                severity="error",
                timeout=10,
            )

    # ---- taking input in -------------------------------------------------------------------

    async def intake(self, text: str) -> bool:
        """Take a paste or a file's text in; True when it was used."""
        try:
            updated, said = await asyncio.to_thread(self.inputs.with_paste, text)
        except WifdoctorError as exc:
            self.notify(str(exc), title="Not used", severity="error", timeout=8)
            return False
        self.inputs = updated
        self.notify(said, title="Recognised")
        self.start_walk()
        self.main.show_inputs(self.inputs, said)
        return True

    @on(PasteBox.Submitted)
    async def pasted(self, event: PasteBox.Submitted) -> None:
        if await self.intake(event.text):
            event.paste_box.clear()

    def action_diagnose(self) -> None:
        self.main.query_one(PasteBox).submit()

    def action_focus_paste(self) -> None:
        self.main.query_one(PasteBox).focus()

    def action_open_file(self) -> None:
        from wifdoctor.tui.screens.open_file import OpenFileScreen

        self.push_screen(OpenFileScreen(self.workdir), self.file_chosen)

    def file_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.open_file(path)

    @work(group="open", exit_on_error=False)
    async def open_file(self, path: Path) -> None:
        from wifdoctor.inputs import read_file

        try:
            text = await asyncio.to_thread(read_file, str(path), what="input")
        except WifdoctorError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", timeout=8)
            return
        await self.intake(text)

    def action_add_credential(self) -> None:
        from wifdoctor.tui.screens.credential_form import CredentialFormScreen

        issuer = self.diagnosis.token.issuer if self.diagnosis and self.diagnosis.token else None
        self.push_screen(CredentialFormScreen(issuer or ""), self.credential_added)

    def credential_added(self, credential: FederatedCredential | None) -> None:
        if credential is None:
            return
        self.inputs = self.inputs.with_credential(credential)
        self.notify(f"Added credential '{credential.label}'.", title="Credentials")
        self.start_walk()
        self.action_show_tab("credentials")

    def action_clear(self) -> None:
        self.inputs = Inputs()
        self.main.query_one(PasteBox).clear()
        self.start_walk()
        self.notify("Cleared.")

    # ---- output ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.diagnosis is None:
            self.notify("Nothing to export yet: diagnose something first.", severity="warning")
            return
        from wifdoctor.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(self.workdir), self.export_to)

    def export_to(self, request: ExportRequest | None) -> None:
        if request is None or self.diagnosis is None:
            return
        if request.fmt == "json":
            from wifdoctor.report.json_report import render_json

            text = render_json(self.diagnosis) + "\n"
        else:
            from wifdoctor.report.markdown_report import render_markdown

            text = render_markdown(self.diagnosis)
        try:
            request.path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(
                f"Cannot write {request.path}: {exc.strerror or exc}",
                severity="error",
                title="Export failed",
                timeout=8,
            )
            return
        self.notify(f"Saved the report to {request.path}.", title="Exported")

    def action_copy_fix(self) -> None:
        panel = self.main.query_one(FindingsPanel)
        finding = panel.selected or next(
            (f for f in (self.diagnosis.findings if self.diagnosis else ()) if f.copy), None
        )
        if finding is None or not finding.copy:
            self.notify("The selected finding has no value to copy.", severity="warning")
            return
        item = finding.copy[0]
        self.copy_to_clipboard(item.text)
        self.notify(item.text, title=f"Copied: {item.label}")

    def action_show_tab(self, tab: str) -> None:
        if tab in TABS:
            self.main.show_tab(tab)

    def action_help(self) -> None:
        from wifdoctor.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # ---- examples and the command palette ----------------------------------------------------

    @work(group="example", exclusive=True, exit_on_error=False)
    async def load_example(self, name: str) -> None:
        from wifdoctor.demo.examples import example, materialise

        chosen = example(name)
        if chosen is None:
            self.notify(f"There is no example called {name!r}.", severity="error")
            return
        made = await asyncio.to_thread(materialise, chosen, self.clock())
        inputs = Inputs()
        for text in (made.token, made.error_text, made.credentials_json):
            if text is not None:
                inputs, _ = inputs.with_paste(text)
        self.inputs = inputs
        self.start_walk()
        self.notify(chosen.description, title=chosen.title, timeout=8)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Diagnose", "Diagnose the text in the box", self.action_diagnose)
        yield SystemCommand(
            "Open a file", "A token, a log or credentials JSON", self.action_open_file
        )
        yield SystemCommand(
            "Add a credential", "Type a federated credential in", self.action_add_credential
        )
        yield SystemCommand("Export the report", "Markdown or JSON", self.action_export)
        yield SystemCommand(
            "Copy the fix", "The selected finding's corrected value", self.action_copy_fix
        )
        yield SystemCommand(
            "Clear", "Forget the token, error text and credentials", self.action_clear
        )
        for tab in TABS:
            yield SystemCommand(
                f"Show {tab}",
                f"Switch to the {tab.capitalize()} tab",
                lambda tab=tab: self.action_show_tab(tab),
                discover=False,
            )
        from wifdoctor.demo.examples import EXAMPLES

        for item in EXAMPLES:
            yield SystemCommand(
                f"Example: {item.name}",
                item.title,
                lambda name=item.name: self.load_example(name),
                discover=False,
            )
