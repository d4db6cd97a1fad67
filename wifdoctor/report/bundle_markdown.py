"""The support bundle as Markdown: the report's own sections, then the diagnosis as usual."""

from __future__ import annotations

import json
from typing import Any

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.report.markdown_report import render_markdown
from wifdoctor.report.summary import headline


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _fence(text: str, lang: str = "") -> list[str]:
    fence = "```"
    while fence in text:
        fence += "`"
    return [f"{fence}{lang}", text, fence]


def render_bundle_markdown(bundle: dict[str, Any], diagnosis: Diagnosis) -> str:
    versions = bundle["versions"]
    text, _ = headline(diagnosis)
    lines = [
        "# wifdoctor report",
        "",
        f"**{text}**",
        "",
        f"Generated {bundle['generated_at']} by wifdoctor {versions['wifdoctor']}. Tokens, "
        "signatures and secrets are masked.",
        "",
        "## Versions",
        "",
        "| component | version |",
        "|---|---|",
        f"| wifdoctor | {_cell(versions['wifdoctor'])} |",
        f"| Python | {_cell(versions['python'])} |",
        f"| OS | {_cell(versions['os'])} |",
        f"| az CLI | {_cell(versions['az_cli'] or 'not found')} |",
    ]
    for name, version in versions["libraries"].items():
        lines.append(f"| {_cell(name)} | {_cell(version or 'not installed')} |")
    lines += ["", *_where(bundle["ran_in"]), *_inputs(bundle["inputs"]), *_ids(bundle["ids"])]
    # The diagnosis as `diagnose --format markdown` writes it (the walk's requests included),
    # without its title and headline, which the report has already given.
    body = render_markdown(diagnosis).split("\n")
    while body and (not body[0].strip() or body[0].startswith(("# ", "**"))):
        body.pop(0)
    return "\n".join(lines) + "\n" + "\n".join(body)


def _where(ran: dict[str, Any]) -> list[str]:
    lines = ["## Where it ran", "", f"- {ran.get('where')} ({ran.get('kind')})"]
    if ran.get("source") is not None or ran.get("kind") == "capture":
        lines.append(f"- Token from: {ran.get('source') or 'none could be obtained'}")
    lines += [f"- {note}" for note in ran.get("notes", [])]
    requests = ran.get("requests") or []
    if requests:
        lines += ["", "| token request | status | answer |", "|---|---|---|"]
        for r in requests:
            status = r["status"] if r["status"] is not None else "no answer"
            answer = r.get("body") or r.get("error") or ("token received" if status == 200 else "")
            lines.append(
                f"| {r['method']} `{_cell(r['host'] + r['path'])}` | {status} | {_cell(answer)} |"
            )
    variables = ran.get("variables") or {}
    if variables:
        lines += ["", "| variable | value |", "|---|---|"]
        lines += [f"| {_cell(k)} | `{_cell(v)}` |" for k, v in sorted(variables.items())]
    return [*lines, ""]


def _inputs(inputs: dict[str, Any]) -> list[str]:
    lines = ["## Inputs", "", f"Given: {inputs['kind']}."]
    if inputs.get("token_claims"):
        lines += ["", "Token header and claims (the signature is removed):", ""]
        shown = {"header": inputs["token_header"], "claims": inputs["token_claims"]}
        lines += _fence(json.dumps(shown, indent=2, ensure_ascii=False), "json")
    if inputs.get("error_text") is not None:
        lines += ["", "Error or log text (tokens and secrets masked):", ""]
        lines += _fence(inputs["error_text"])
    if inputs.get("credentials") is not None:
        lines += ["", f"Federated credentials given: {inputs['credentials']}."]
    return [*lines, ""]


def _ids(ids: dict[str, Any]) -> list[str]:
    shown = [(k, v) for k, v in ids.items() if v]
    if not shown:
        return []
    lines = ["## Trace and correlation IDs", ""]
    lines += [f"- {name.replace('_', ' ')}: `{_cell(value)}`" for name, value in shown]
    return [*lines, ""]
