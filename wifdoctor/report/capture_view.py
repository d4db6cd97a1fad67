"""The capture as the reports show it: where it ran, where the token came from, the requests.

Never the token: ``Capture.token`` is not read here.
"""

from __future__ import annotations

from typing import Any

from wifdoctor.core.capture import Capture


def capture_data(capture: Capture) -> dict[str, Any]:
    return {
        "platform": capture.platform,
        "where": capture.where,
        "source": capture.source,
        "obtained": capture.obtained,
        "requests": [
            {
                "method": r.method,
                "host": r.host,
                "path": r.path,
                "status": r.status,
                "body": r.body,
                "error": r.error,
            }
            for r in capture.requests
        ],
        "notes": list(capture.notes),
        "variables": dict(capture.variables),
    }


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def capture_markdown(capture: Capture) -> list[str]:
    lines = ["## Where it ran", "", f"- Platform: {capture.where}"]
    lines.append(f"- Token from: {capture.source or 'none could be obtained'}")
    lines += [f"- {note}" for note in capture.notes]
    lines.append("")
    if capture.requests:
        lines += ["| request | status | answer |", "|---|---|---|"]
        for r in capture.requests:
            status = str(r.status) if r.status is not None else "no answer"
            answer = r.body or r.error or ("token received" if r.status == 200 else "")
            lines.append(f"| {r.method} `{_cell(r.host + r.path)}` | {status} | {_cell(answer)} |")
        lines.append("")
    if capture.variables:
        lines += ["| variable | value |", "|---|---|"]
        lines += [f"| {name} | `{_cell(v)}` |" for name, v in sorted(capture.variables.items())]
        lines.append("")
    return lines
