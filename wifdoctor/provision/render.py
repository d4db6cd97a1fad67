"""The proposal and the apply report as plain text and as the JSON of spec/cli.md."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from wifdoctor.core.setup.model import Proposal

if TYPE_CHECKING:  # httpx loads only when something is applied
    from wifdoctor.provision.apply import ApplyReport
    from wifdoctor.provision.stores import Request

_MARKS = {"error": "x", "warning": "!", "info": "i"}


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=100,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def proposal_text(proposal: Proposal, snippets: dict[str, str]) -> str:
    lines: list[str] = []
    source = " (from the token)" if proposal.from_token else ""
    for credential in proposal.credentials:
        lines.append(f"Federated credential {credential.name}{source}")
        for why in credential.whys:
            if why.field == "name":
                continue
            lines.append(f"  {why.field:<9} {why.value}")
            lines.append(_wrap(f"why: {why.reason}", " " * 12))
        lines.append("")
    if proposal.warnings:
        lines.append("Check before you create it")
        for warning in proposal.warnings:
            lines.append(_wrap(f"{_MARKS[warning.severity]} {warning.message}", "    ", "  "))
            if warning.alternative_subject:
                lines.append(f"    other form: {warning.alternative_subject}")
        lines.append("")
    for kind, text in snippets.items():
        lines.append(f"--- {kind} ---")
        lines.append(text.rstrip("\n"))
        lines.append("")
    return "\n".join(lines)


def request_text(request: Request) -> str:
    body = "" if request.body is None else "\n" + json.dumps(request.body, indent=2)
    return f"{request.method} {request.url}{body}"


def report_text(report: ApplyReport) -> str:
    lines = [f"x Not applied: {reason}" for reason in (*report.refused, *report.incomplete)]
    lines += [
        f"{'*' if s.outcome in ('created', 'updated') else '-'} {s.message}" for s in report.steps
    ]
    lines += [f"i {note}" for note in report.notes]
    return "\n".join(lines)


def report_json(report: ApplyReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "ok": report.ok,
        "refused": report.refused,
        "incomplete": report.incomplete,
        "steps": [
            {
                "name": step.credential.name,
                "outcome": step.outcome,
                "message": step.message,
                "request": None
                if step.request is None
                else {"method": step.request.method, "url": step.request.url},
            }
            for step in report.steps
        ],
        "notes": report.notes,
    }


def proposal_json(
    proposal: Proposal, snippets: dict[str, str], report: ApplyReport | None
) -> dict[str, Any]:
    def credential_json(index: int) -> dict[str, Any]:
        credential = proposal.credentials[index]
        return {
            "name": credential.name,
            "issuer": credential.issuer,
            "subject": credential.subject,
            "audiences": list(credential.audiences),
            "claims_matching_expression": credential.expression,
            "why": {why.field: why.reason for why in credential.whys},
        }

    return {
        "schema_version": 1,
        "command": "setup",
        "platform": proposal.platform,
        "from_token": proposal.from_token,
        "credential": credential_json(0),
        "credentials": [credential_json(i) for i in range(len(proposal.credentials))],
        "warnings": [warning.as_dict() for warning in proposal.warnings],
        "snippets": snippets,
        "applied": report_json(report),
    }
