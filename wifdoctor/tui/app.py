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

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.events import Paste
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import TabbedContent
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
from wifdoctor.tui.config import Config, save_theme
from wifdoctor.tui.copy_target import copy_target
from wifdoctor.tui.keys import APP_BINDINGS
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
    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)
    # Classes set on each screen, by which app.tcss lays the views out side by side or stacked.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Textual's type)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012

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
        config: Config | None = None,
        live: LiveRequest | None = None,
        environment: EnvironmentFactory | None = None,
        lab: str | None = None,
    ) -> None:
        super().__init__()
        self.lab = lab  # a lab scenario to build once the screen is drawn (wifdoctor demo)
        self.config = config or Config()
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
        self._theme_name = self.config.theme or theme

    async def on_event(self, event: events.Event) -> None:
        # Typed text goes to the paste box's batch before the full key dispatch (see
        # PasteBox.take_typed): a burst of typed keys must not hold up the keys behind it.
        if isinstance(event, events.Key) and not event.is_forwarded and event.is_printable:
            focused = self.focused
            if isinstance(focused, PasteBox) and focused.take_typed(event):
                return
        await super().on_event(event)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(blink=self.blink, keymap=self.config.keymap, cloud=self.cloud)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        if self._theme_name in self.available_themes:
            self.theme = self._theme_name
        self.set_keymap(self.config.keymap)
        if self.config.problem:
            self.notify(self.config.problem, title="Config file ignored", severity="warning")
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        if self.live is not None:  # msgraph's imports, off the walk's critical path
            from wifdoctor.clients.graph import warm_up

            self.run_worker(warm_up, thread=True, group="warm-up", exit_on_error=False)
        self.call_after_refresh(self.begin)  # once the main screen is composed

    def remember_theme(self, theme: Theme) -> None:
        if theme.name == self._theme_name:
            return  # the theme the app started with (or a repeat): nothing to remember
        self._theme_name = theme.name
        problem = save_theme(self.config, theme.name)
        if problem:
            self.notify(problem, severity="warning")

    def begin(self) -> None:
        if self.live is not None:  # the credentials will come from the tenant (Graph or ARM)
            from wifdoctor.tui.widgets.inputs_bar import InputsBar

            self.main.query_one(InputsBar).tenant_client = self.live.client_id
        if self.lab is not None:
            from wifdoctor.tui.lab_demo import open_lab_soon

            open_lab_soon(self, self.lab)
            return
        if self.example is not None:
            self.load_example(self.example)
        elif not self.inputs.empty or self.live is not None:
            self.start_walk()  # with a client ID: sign in and load the live credentials
        if self.live is not None and not self.live.tenant:
            self.main.show_inputs(self.inputs, "Your sign-in's own tenant; ctrl+t chooses one.")

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
        # On the app's loop (the live walk asks questions in modals); the runner times each
        # step inside its own task, so drawing the screen does not count as a step's time.
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
        """The walk's questions (confirm the exchange) answered in a modal, never by default.

        A question withdrawn (its walk is over) takes its modal away; an answer given to a
        modal nobody waits for any more is dropped, never an error."""
        from wifdoctor.tui.screens.confirm import ConfirmScreen

        screen = ConfirmScreen(question)
        answered: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def dismissed(value: bool | None) -> None:
            if not answered.done():
                answered.set_result(bool(value))

        try:
            await self.push_screen(screen, dismissed)
            return await answered
        except asyncio.CancelledError:  # withdrawn, perhaps before the modal finished mounting
            if self.screen is screen:
                self.pop_screen()
            raise

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
            # Said on the status line, where it stays until the next input; no toast over the
            # finding's text.
            self.main.show_inputs(self.inputs, f"Not used: {exc}", error=True)
            return False
        self.inputs = updated
        self.start_walk()
        self.main.show_inputs(self.inputs, said)
        self.main.show_tab("overview")
        return True

    @on(PasteBox.Submitted)
    async def pasted(self, event: PasteBox.Submitted) -> None:
        if await self.intake(event.text):
            event.paste_box.clear()

    def action_diagnose(self) -> None:
        self.main.query_one(PasteBox).submit()

    def action_overview(self) -> None:
        self.main.query_one(TabbedContent).active = "overview"
        self.main.query_one(PasteBox).focus()

    def on_paste(self, event: Paste) -> None:
        """A paste while a view (not the paste box) has the keyboard is taken in all the same."""
        if not isinstance(self.focused, PasteBox) and isinstance(self.screen, MainScreen):
            self.run_worker(self.intake(event.text), group="paste", exit_on_error=False)

    def action_open_file(self) -> None:
        from wifdoctor.tui.screens.open_file import OpenFileScreen

        self.push_screen(OpenFileScreen(self.workdir), self.file_chosen)

    def file_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.open_file(path)

    @work(group="open", exit_on_error=False)
    async def open_file(self, path: Path) -> None:
        from wifdoctor.inputs import read_file

        notes: list[str] = []  # what the bounded reader changed (encoding, replaced bytes)
        try:
            text = await asyncio.to_thread(
                read_file, str(path), what="input", notes=notes, regular_only=True
            )
        except WifdoctorError as exc:
            self.main.show_inputs(self.inputs, f"Cannot open {path}: {exc}", error=True)
            return
        for note in notes:
            self.notify(note, title="Read with care", severity="warning", timeout=8, markup=False)
        await self.intake(text)

    def action_add_credential(self) -> None:
        from wifdoctor.tui.screens.credential_form import CredentialFormScreen

        issuer = self.diagnosis.token.issuer if self.diagnosis and self.diagnosis.token else None
        self.push_screen(CredentialFormScreen(issuer or ""), self.credential_added)

    def credential_added(self, credential: FederatedCredential | None) -> None:
        if credential is None:
            return
        self.inputs = self.inputs.with_credential(credential)
        self.start_walk()
        self.main.show_inputs(self.inputs, f"Added credential '{credential.label}'.")
        self.action_show_tab("overview")

    def action_clear(self) -> None:
        self.inputs = Inputs()
        self.main.query_one(PasteBox).clear()
        self.start_walk()
        self.main.show_inputs(self.inputs, "Cleared.")

    # ---- output ----------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.diagnosis is None:
            self.notify("Nothing to export yet: diagnose something first.", severity="warning")
            return
        from wifdoctor.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(self.workdir, self.write_report), self.exported)

    def write_report(self, request: ExportRequest) -> str | None:
        """Write the report as asked; the reason it could not be written, or None."""
        if self.diagnosis is None:
            return "Nothing to export yet."
        if request.fmt == "json":
            from wifdoctor.report.json_report import render_json

            text = render_json(self.diagnosis) + "\n"
        else:
            from wifdoctor.report.markdown_report import render_markdown

            text = render_markdown(self.diagnosis)
        try:
            request.path.write_text(text, encoding="utf-8")
        except OSError as exc:
            return f"Cannot write {request.path}: {exc.strerror or exc}."
        return None

    def exported(self, request: ExportRequest | None) -> None:
        if request is not None:
            self.main.show_inputs(self.inputs, f"Saved the report to {request.path}.")
            self.notify(f"Saved the report to {request.path}.", title="Exported", timeout=4)

    def action_copy_fix(self) -> None:
        panel = self.main.query_one(FindingsPanel)
        on_findings = self.main.query_one(TabbedContent).active == "findings"
        findings = self.diagnosis.findings if self.diagnosis else ()
        finding = panel.selected if on_findings else (findings[0] if findings else None)
        target = copy_target(finding)
        if target is None:
            self.notify("This finding has no value to copy.", severity="warning", timeout=3)
            return
        self.copy_to_clipboard(target.text)
        self.main.show_inputs(self.inputs, f"Copied {target.label.lower()} to the clipboard.")

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen in the working directory (or ``path``) and say where."""
        try:
            saved = self.save_screenshot(filename, path or str(self.workdir))
        except OSError as exc:
            self.notify(f"Cannot save the screenshot: {exc.strerror or exc}", severity="error")
            return
        self.main.show_inputs(self.inputs, f"Screenshot saved to {saved}.")
        self.notify(f"Saved to {saved}.", title="Screenshot", timeout=4)

    def action_copy_command(self) -> None:
        """The selected finding's remedy as the ready az command (issue 6)."""
        panel = self.main.query_one(FindingsPanel)
        finding = panel.selected or next(
            (f for f in (self.diagnosis.findings if self.diagnosis else ()) if f.remedy), None
        )
        if finding is None or finding.remedy is None:
            self.notify(
                "The selected finding has no credential change to make.", severity="warning"
            )
            return
        command = finding.remedy.command()
        self.copy_to_clipboard(command)
        self.notify(command, title="Copied: az command")

    def action_show_tab(self, tab: str) -> None:
        if tab in TABS:
            self.main.show_tab(tab)

    def action_help(self) -> None:
        from wifdoctor.tui.keys import COPY_BINDING_ID
        from wifdoctor.tui.screens.help import HelpScreen, help_markdown

        ids = [b.id for b in APP_BINDINGS if b.id] + [COPY_BINDING_ID]
        where = str(self.config.path) if self.config.path else "config.toml"
        self.push_screen(HelpScreen(help_markdown(self.config.keymap, where, ids)))

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
        self.main.show_inputs(self.inputs, f"Example {chosen.name}.")
        self.main.show_tab("overview")

    @work(group="tenant", exclusive=True, exit_on_error=False)
    async def action_choose_tenant(self) -> None:
        from wifdoctor.tui.tenant_choice import choose_tenant

        await choose_tenant(self)

    def action_setup(self) -> None:
        from wifdoctor.tui.wizard.screen import SetupWizardScreen

        self.push_screen(SetupWizardScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from wifdoctor.tui.palette import app_commands

        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's saves to ~/Downloads, maybe absent
                yield command
        yield from app_commands(self)
