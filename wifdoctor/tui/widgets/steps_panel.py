"""The walk's steps as the runner reports them: pending, running, then their result; below
them the live walk's HTTP trace, request by request."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from wifdoctor.checks.plan import Step
from wifdoctor.core.diagnosis import StepResult
from wifdoctor.core.live import HttpCall
from wifdoctor.tui.render import STATUS_STYLE, assemble, step_cells, step_detail
from wifdoctor.tui.widgets.trace_pane import TracePane


class StepsPanel(Vertical):
    HELP = "The steps of the walk (select one for its evidence and timing), and its HTTP trace."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: dict[str, StepResult] = {}
        self.order: list[str] = []
        self.doing: dict[str, str] = {}  # running steps' latest progress text

    def compose(self) -> ComposeResult:
        table: DataTable[str | Content | Text] = DataTable(id="steps-table", cursor_type="row")
        table.add_column("", key="status", width=1)
        table.add_column("step", key="step")
        table.add_column("took", key="time", width=8)
        table.add_column("result", key="result")
        yield table
        with VerticalScroll(id="step-detail-scroll"):
            yield Static("The steps appear here once something is diagnosed.", id="step-detail")
        yield TracePane(id="trace")

    def reset(self, steps: list[Step]) -> None:
        table: DataTable[str | Content | Text] = self.query_one("#steps-table", DataTable)
        table.clear()
        self.results = {}
        self.order = [step.id for step in steps]
        self.doing = {}
        self.query_one(TracePane).reset()
        for step in steps:
            table.add_row(self._mark("pending"), step.title, "", "pending", key=step.id)

    def started(self, step_id: str) -> None:
        table: DataTable[str | Content | Text] = self.query_one("#steps-table", DataTable)
        if step_id in self.order:
            table.update_cell(step_id, "status", self._mark("running"))
            table.update_cell(step_id, "result", "running...")

    def progress(self, step_id: str, text: str) -> None:
        """A running step's progress: in its detail while it is selected."""
        self.doing[step_id] = text
        table: DataTable[str | Content | Text] = self.query_one("#steps-table", DataTable)
        if step_id in self.order and table.cursor_row == self.order.index(step_id):
            self._detail(step_id)

    def traced(self, call: HttpCall) -> None:
        self.query_one(TracePane).add(call)

    def finished(self, result: StepResult) -> None:
        table: DataTable[str | Content | Text] = self.query_one("#steps-table", DataTable)
        self.results[result.id] = result
        if result.id not in self.order:
            return
        symbol, _title, summary, timing = step_cells(result)
        table.update_cell(result.id, "status", symbol)
        table.update_cell(result.id, "result", Text(summary), update_width=True)  # not markup
        table.update_cell(result.id, "time", timing)
        if table.cursor_row == self.order.index(result.id):
            self._detail(result.id)

    @staticmethod
    def _mark(status: str) -> Content:
        symbol = {"pending": "·", "running": "…"}[status]
        return assemble((symbol, STATUS_STYLE[status]))

    def _detail(self, step_id: str) -> None:
        result = self.results.get(step_id)
        detail = self.query_one("#step-detail", Static)
        if result is not None:
            detail.update(step_detail(result))
        elif self.doing.get(step_id):
            detail.update(assemble(("Running: ", "bold"), self.doing[step_id]))
        else:
            detail.update("This step has not finished yet.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._detail(event.row_key.value)
