"""The live walk's HTTP trace as it happens: method, host, path, status and time of each request.

Never a body, a query string or a header value (the clients record none; the app's redaction
pass has run over each call before it arrives here). Hidden until the first request, so an
offline walk's Steps view is unchanged.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from wifdoctor.core.live import HttpCall
from wifdoctor.core.times import elapsed
from wifdoctor.tui.render import assemble

MAX_ROWS = 500  # a bounded table, whatever a walk does


def status_text(call: HttpCall) -> Text:
    if call.status is None:
        return Text(call.error or "no answer", style="bold red")
    style = "green" if call.status < 400 else "yellow" if call.status < 500 else "bold red"
    return Text(str(call.status), style=style)


class TracePane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static(id="trace-title")
        table: DataTable[Text] = DataTable(id="trace-table", cursor_type="row", zebra_stripes=True)
        table.add_column("method", key="method", width=6)
        table.add_column("host", key="host")
        table.add_column("path", key="path")
        table.add_column("status", key="status", width=9)
        table.add_column("at", key="at", width=8)
        table.add_column("took", key="took", width=8)
        yield table

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.count = 0
        self.query_one("#trace-table", DataTable).clear()
        self.display = False

    def add(self, call: HttpCall) -> None:
        """One request of the walk, as it is answered (external text goes in as plain Text)."""
        if self.count >= MAX_ROWS:
            return
        self.count += 1
        table: DataTable[Text] = self.query_one("#trace-table", DataTable)
        table.add_row(
            Text(call.method),
            Text(call.host),
            Text(call.path[:200]),
            status_text(call),
            Text(elapsed(call.started_ms)),
            Text(elapsed(call.duration_ms)),
        )
        self.query_one("#trace-title", Static).update(
            assemble(
                ("HTTP trace", "bold"),
                (f"  {self.count} request{'s' if self.count != 1 else ''}", "$text-muted"),
                ("  no bodies, queries or header values", "$text-muted"),
            )
        )
        self.display = True
