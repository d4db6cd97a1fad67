"""The walk's steps as the runner reports them: pending, running, then their result."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from wifdoctor.checks.plan import Step
from wifdoctor.core.diagnosis import StepResult
from wifdoctor.tui.render import STATUS_STYLE, assemble, step_cells, step_detail


class StepsPanel(Vertical):
    HELP = "The steps of the walk. Select one for its evidence and timing."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: dict[str, StepResult] = {}
        self.order: list[str] = []

    def compose(self) -> ComposeResult:
        table: DataTable[str | Content | Text] = DataTable(id="steps-table", cursor_type="row")
        table.add_column("", key="status", width=1)
        table.add_column("step", key="step")
        table.add_column("took", key="time", width=8)
        table.add_column("result", key="result")
        yield table
        with VerticalScroll(id="step-detail-scroll"):
            yield Static("The steps appear here once something is diagnosed.", id="step-detail")

    def reset(self, steps: list[Step]) -> None:
        table: DataTable[str | Content | Text] = self.query_one("#steps-table", DataTable)
        table.clear()
        self.results = {}
        self.order = [step.id for step in steps]
        for step in steps:
            table.add_row(self._mark("pending"), step.title, "", "pending", key=step.id)

    def started(self, step_id: str) -> None:
        table: DataTable[str | Content | Text] = self.query_one("#steps-table", DataTable)
        if step_id in self.order:
            table.update_cell(step_id, "status", self._mark("running"))
            table.update_cell(step_id, "result", "running...")

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
        detail.update(step_detail(result) if result else "This step has not finished yet.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._detail(event.row_key.value)
