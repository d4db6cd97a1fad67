"""The reviewed proposal as rich Text (never markup: user values may contain '[')."""

from __future__ import annotations

from rich.text import Text

from wifdoctor.core.setup.model import Proposal
from wifdoctor.provision.apply import ApplyReport

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def proposal_text(proposal: Proposal) -> Text:
    text = Text()
    for credential in proposal.credentials:
        text.append(f"Federated credential {credential.name}\n", style="bold")
        for why in credential.whys:
            if why.field == "name":
                continue
            text.append(f"  {why.field:<10}", style="bold")
            text.append(f"{why.value}\n")
            text.append(f"  {'':<10}why: {why.reason}\n", style="dim")
    for warning in proposal.warnings:
        mark = {"error": "x", "warning": "!", "info": "i"}[warning.severity]
        text.append(f"{mark} {warning.message}\n", style=_STYLES[warning.severity])
        if warning.alternative_subject:
            text.append(f"  other form: {warning.alternative_subject}\n")
    return text


def report_text(report: ApplyReport) -> Text:
    text = Text()
    for reason in (*report.refused, *report.incomplete):
        text.append(f"x Not applied: {reason}\n", style="bold red")
    for step in report.steps:
        style = "green" if step.outcome in ("created", "updated", "unchanged") else "red"
        text.append(f"{step.outcome}: {step.message}\n", style=style)
    for note in report.notes:
        text.append(f"i {note}\n", style="cyan")
    return text
