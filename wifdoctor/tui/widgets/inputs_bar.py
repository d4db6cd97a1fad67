"""One line under the paste box: what the diagnosis is based on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from wifdoctor.core.session import Inputs


class InputsBar(Static):
    def show(self, inputs: Inputs, note: str | None = None) -> None:
        parts: list[Content | str | tuple[str, str]] = [(inputs.describe(), "$text-muted")]
        if note:
            parts += ["  ", (note, "$accent")]
        self.update(Content.assemble(*parts))
