"""The Markdown rendering of a Diagnosis: for tickets, PR comments and GitHub step summaries."""

from __future__ import annotations

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.findings import Finding
from wifdoctor.report.summary import headline, step_symbol
from wifdoctor.report.token_view import claim_rows, header_rows, quoted_rows


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(value: str) -> str:
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def render_markdown(diagnosis: Diagnosis) -> str:
    text, _ = headline(diagnosis)
    lines = [f"# wifdoctor {diagnosis.command}", "", f"**{text}**", ""]
    lines += _token(diagnosis)
    lines += _matches(diagnosis)
    lines += ["## Steps", "", "| | step | result | ms |", "|---|---|---|---|"]
    for step in diagnosis.steps:
        lines.append(
            f"| {step_symbol(step.status)} | {_cell(step.title)} | "
            f"{_cell(step.summary)} | {step.duration_ms:.0f} |"
        )
    lines += ["", f"## Findings ({len(diagnosis.findings)})", ""]
    if not diagnosis.findings:
        lines.append("None.")
    for finding in diagnosis.findings:
        lines += _finding(finding)
    lines += _requests(diagnosis)
    return "\n".join(lines).rstrip() + "\n"


def _requests(diagnosis: Diagnosis) -> list[str]:
    """The live walk's HTTP trace: what was asked of whom, never a body or a header value."""
    if not diagnosis.trace:
        return []
    identity = diagnosis.identity
    lines = ["## Requests", ""]
    if identity is not None:
        lines += [
            f"Identity: {identity.kind} {_code(identity.display_name or '?')}, client ID "
            f"{_code(identity.client_id)}, read from {identity.source}.",
            "",
        ]
    lines += ["| at ms | request | status | ms |", "|---|---|---|---|"]
    for call in diagnosis.trace:
        status = str(call.status) if call.status is not None else (call.error or "no answer")
        lines.append(
            f"| {call.started_ms:.0f} | {_cell(call.method)} {_code(_cell(call.host + call.path))}"
            f" | {_cell(status)} | {call.duration_ms:.0f} |"
        )
    return [*lines, ""]


def _token(diagnosis: Diagnosis) -> list[str]:
    token, recognition = diagnosis.token, diagnosis.recognition
    if token is None and recognition is None:
        return []
    name = recognition.display_name if recognition else "Unknown platform"
    variant = f" ({recognition.variant})" if recognition and recognition.variant else ""
    lines = [f"## Token: {name}{variant}", ""]
    if token is not None:
        lines += ["| claim | value | meaning |", "|---|---|---|"]
        platform = recognition.platform if recognition else None
        for row in header_rows(token) + claim_rows(token, platform, diagnosis.now):
            lines.append(
                f"| {_cell(row.name)} | {_code(_cell(row.value))} | {_cell(row.explanation)} |"
            )
        lines += ["", "The signature is not shown.", ""]
    elif diagnosis.evidence is not None:
        for row in quoted_rows(diagnosis.evidence):
            lines.append(f"- {row.name} (quoted by Entra): {_code(row.value)}")
        lines.append("")
    if diagnosis.subject is not None:
        parts = ", ".join(
            f"{p.name.replace('_', ' ')}: {_code(p.value)}" for p in diagnosis.subject.parts
        )
        lines += [f"Subject parts: {parts}", ""]
    return lines


def _matches(diagnosis: Diagnosis) -> list[str]:
    if not diagnosis.matches:
        return []
    lines = [
        "## Federated credentials, nearest first",
        "",
        "| credential | matches | issuer | subject / expression | audience |",
        "|---|---|---|---|---|",
    ]
    mark = {True: "✓", False: "✗", None: "?"}
    for match in diagnosis.matches:
        cells = {c.field: mark[c.matches] for c in match.fields}
        third = cells.get("subject") or cells.get("expression", "")
        lines.append(
            f"| {_cell(match.credential.label)} | {mark[match.matches]} | "
            f"{cells.get('issuer', '')} | {third} | {cells.get('audience', '')} |"
        )
    return [*lines, ""]


def _finding(finding: Finding) -> list[str]:
    lines = [
        f"### {finding.severity.upper()}: {finding.title} (`{finding.id}`)",
        "",
        finding.explanation,
        "",
    ]
    if finding.fix:
        lines += ["Fix:", ""]
        lines += [f"{n}. {step}" for n, step in enumerate(finding.fix, 1)]
        lines.append("")
    for item in finding.copy:
        lines += [f"{item.label}:", "", "```", item.text, "```", ""]
    if finding.docs:
        lines.append("Docs: " + ", ".join(f"<{link}>" for link in finding.docs))
        lines.append("")
    return lines
