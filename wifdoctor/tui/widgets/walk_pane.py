"""The walk's steps at a glance, updated from the runner's events as they arrive.

Each step shows pending, then running (with what it is doing, from the step's progress
events), then its result, so a walk that streams (network steps, the live walk) fills in step
by step. Only the steps that did not pass say why; no timings
here (they vary from run to run): the Steps view has both.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from wifdoctor.checks.plan import Step
from wifdoctor.core.diagnosis import StepResult
from wifdoctor.report.summary import step_symbol
from wifdoctor.tui.render import STATUS_STYLE, assemble

EMPTY = "The walk's steps appear here once something is diagnosed."


class WalkPane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.doing: dict[str, str] = {}  # a running step's latest progress text
        self.cells: dict[str, tuple[Static, Static]] = {}

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="walk-title")

    def reset(self, steps: list[Step]) -> None:
        self.query(".walk-step").remove()
        self.status = {step.id: "pending" for step in steps}
        self.titles = {step.id: step.title for step in steps}
        self.doing = {}
        self.cells = {step.id: (Static(classes="mark"), Static(classes="body")) for step in steps}
        self.query_one("#walk-title", Static).update(
            assemble(("Steps", "bold"), ("  f5 evidence", "$text-muted")) if steps else EMPTY
        )
        for step in steps:
            self._draw(step.id, "")
        self.mount_all(Horizontal(*cells, classes="walk-step") for cells in self.cells.values())

    def _draw(self, step_id: str, summary: str) -> None:
        status = self.status[step_id]
        style = STATUS_STYLE.get(status, "")
        mark, body = self.cells[step_id]
        mark.update(assemble((step_symbol(status), f"bold {style}")))
        text: list[str | tuple[str, str]] = [(self.titles[step_id], "bold")]
        if status == "running" and self.doing.get(step_id):
            text.append((f"  running: {self.doing[step_id][:160]}", style))
        elif status in ("pending", "running"):
            text.append((f"  {status}", style))
        elif summary and status != "pass":  # what passed needs no words here; f5 has them
            text.append(("\n" + summary, "$text-muted"))
        body.update(assemble(*text))

    def started(self, step_id: str) -> None:
        if step_id in self.status:
            self.status[step_id] = "running"
            self._draw(step_id, "")

    def progress(self, step_id: str, text: str) -> None:
        """What a running step is doing now ("Reading 3a1f... with your az login")."""
        if self.status.get(step_id) == "running":
            self.doing[step_id] = " ".join(text.split())
            self._draw(step_id, "")

    def finished(self, result: StepResult) -> None:
        if result.id in self.status:
            self.status[result.id] = result.status
            self._draw(result.id, result.summary)

    def status_of(self, step_id: str) -> str | None:
        return self.status.get(step_id)
