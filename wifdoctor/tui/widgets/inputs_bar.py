"""The status line under the paste box: what the diagnosis is based on, and what the last paste
did (or why it was not used). Short enough for 80 columns; it wraps rather than being cut."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from wifdoctor.core.session import Inputs
from wifdoctor.knowledge.clouds import CLOUDS
from wifdoctor.tui.render import assemble


def describe(inputs: Inputs, *, tenant_client: str | None = None) -> str:
    """One line on what the diagnosis is based on; ``tenant_client``: the live walk's client ID,
    whose credentials come from the tenant when none were given."""
    token = "token ✓" if inputs.token_text is not None else "no token"
    if inputs.evidence is None:
        error = "no error text"
    elif inputs.evidence.error_codes:
        error = ", ".join(f"AADSTS{code}" for code in inputs.evidence.error_codes)
    else:
        error = "error text ✓"
    if inputs.credentials is None and tenant_client is not None:
        credentials = f"credentials from the tenant ({tenant_client})"
    elif inputs.credentials is None:
        credentials = "no credentials"
    else:
        count = len(inputs.credentials)
        credentials = f"{count} credential{'s' if count != 1 else ''}"
    return f"{token} · {error} · {credentials}"


class InputsBar(Static):
    def __init__(self, *, cloud: str = "public", id: str | None = None) -> None:
        super().__init__(id=id)
        self.cloud = CLOUDS.get(cloud)
        self.tenant_client: str | None = None  # set for a live walk: credentials from Graph/ARM

    def show(self, inputs: Inputs, note: str | None = None, *, error: bool = False) -> None:
        parts: list[Content | str | tuple[str, str]] = [
            (describe(inputs, tenant_client=self.tenant_client), "$text-muted")
        ]
        if self.cloud is not None and self.cloud.id != "public":  # what --cloud changes
            parts.append(
                (f" · {self.cloud.id} cloud: {self.cloud.token_exchange_audience}", "$warning")
            )
        if note:
            parts += ["  ", (note, "$error" if error else "$accent")]
        self.update(assemble(*parts))
