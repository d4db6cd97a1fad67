"""The platform's inputs as a form: one Input (or Select) per field, each checked as typed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from wifdoctor.core.setup.fields import FIELDS, check_field
from wifdoctor.core.setup.model import SetupPlatform


class PlatformForm(Vertical):
    """The inputs of one platform; ``values()`` returns what is typed, unchanged."""

    def __init__(self, platform: SetupPlatform, values: dict[str, str] | None = None) -> None:
        super().__init__(id="platform-form")
        self.platform = platform
        self.initial = values or {}
        self.problems: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for spec in FIELDS[self.platform]:
            yield Label(spec.label + (" *" if spec.required else ""), classes="field-label")
            value = self.initial.get(spec.key, spec.default)
            if spec.choices:
                options = [(choice, choice) for choice in spec.choices]
                yield Select(
                    options, value=value or spec.choices[0], allow_blank=False, id=f"f-{spec.key}"
                )
            else:
                yield Input(value, placeholder=spec.placeholder, id=f"f-{spec.key}")
            yield Label("", id=f"e-{spec.key}", classes="field-error")

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for spec in FIELDS[self.platform]:
            widget = self.query_one(f"#f-{spec.key}")
            if isinstance(widget, Select):
                value = widget.value
                found[spec.key] = value if isinstance(value, str) else ""
            elif isinstance(widget, Input):
                found[spec.key] = widget.value
        return {key: value for key, value in found.items() if value}

    def problem(self, key: str) -> str:
        return self.problems.get(key, "")

    def _show(self, key: str, message: str) -> None:
        labels = self.query(f"#e-{key}")
        if not labels:
            return
        self.problems[key] = message
        labels.first(Label).update(Text(message))  # Text: the message quotes what was typed

    @on(Input.Changed)
    def checked_as_typed(self, event: Input.Changed) -> None:
        if event.input.id is None or not event.input.id.startswith("f-"):
            return
        key = event.input.id[2:]
        problem = check_field(self.platform, key, event.value, self.values())
        self._show(key, problem or "")

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        for key, message in problems:
            self._show(key, message)
