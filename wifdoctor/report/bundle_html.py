"""The support bundle as one standalone HTML page: no scripts, no external resources (styles are
inline, links are only text to follow), readable on screen and printed. Every value is escaped."""

from __future__ import annotations

import json
from html import escape
from typing import Any

STYLE = """
:root { --err:#b42318; --warn:#b54708; --info:#175cd3; --ok:#067647; --line:#d0d5dd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#101828;
       max-width: 1100px; margin: 24px auto; padding: 0 20px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px;
     border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color:#475467; margin: 0 0 12px; }
.headline { font-weight: 600; padding: 10px 12px; border-radius: 6px; background:#f2f4f7; }
.headline.error { background:#fef3f2; color: var(--err); }
.headline.warning { background:#fffaeb; color: var(--warn); }
.headline.ok { background:#ecfdf3; color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background:#f9fafb; font-weight: 600; }
code, pre { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
td code { word-break: break-all; }
pre { background:#f9fafb; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
      white-space: pre-wrap; word-break: break-word; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 6px;
           padding: 8px 12px; margin: 10px 0; break-inside: avoid; }
.finding.error { border-left-color: var(--err); }
.finding.warning { border-left-color: var(--warn); }
.sev { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.error .sev { color: var(--err); } .warning .sev { color: var(--warn); }
.info .sev { color: var(--info); }
.pass { color: var(--ok); } .fail { color: var(--err); } .warn { color: var(--warn); }
.skipped { color:#667085; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } tr, .finding, pre { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
MARK = {True: "✓", False: "✗", None: "?"}


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _table(head: list[str], rows: list[list[str]]) -> str:
    """Cells are already-escaped HTML."""
    top = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def render_bundle_html(bundle: dict[str, Any], headline: str, severity: str) -> str:
    diagnosis = bundle["diagnosis"]
    versions = bundle["versions"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>wifdoctor report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>wifdoctor report</h1>",
        f'<p class="meta">Generated {_e(bundle["generated_at"])} by wifdoctor '
        f"{_e(versions['wifdoctor'])}. Tokens, signatures and secrets are masked.</p>",
        f'<p class="headline {_e(severity)}">{_e(headline)}</p>',
        _findings(diagnosis["findings"]),
        _where(bundle["ran_in"]),
        _credentials(diagnosis),
        _steps(diagnosis),
        _trace(bundle["http_trace"]),
        _ids(bundle["ids"]),
        _inputs(bundle["inputs"]),
        _versions(versions),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _findings(findings: list[dict[str, Any]]) -> str:
    out = [f"<h2>Findings ({len(findings)})</h2>"]
    if not findings:
        out.append("<p>None.</p>")
    for f in findings:
        sev = _e(f["severity"])
        block = [
            f'<div class="finding {sev}"><div><span class="sev">{sev}</span> '
            f"<strong>{_e(f['title'])}</strong> <code>{_e(f['id'])}</code></div>",
            f"<p>{_e(f['explanation'])}</p>",
        ]
        if f["fix"]:
            items = "".join(f"<li>{_e(step)}</li>" for step in f["fix"])
            block.append(f"<p><strong>Fix</strong></p><ol>{items}</ol>")
        for item in f.get("copy", []):
            block.append(f"<p>{_e(item['label'])}:</p><pre>{_e(item['text'])}</pre>")
        if f["docs"]:
            links = ", ".join(f'<a href="{_e(d)}">{_e(d)}</a>' for d in f["docs"])
            block.append(f"<p>Docs: {links}</p>")
        block.append("</div>")
        out.append("".join(block))
    return "\n".join(out)


def _where(ran: dict[str, Any]) -> str:
    out = ["<h2>Where it ran</h2>", f"<p>{_e(ran.get('where'))} ({_e(ran.get('kind'))})"]
    if ran.get("kind") == "capture":
        out.append(f"<br>Token from: {_e(ran.get('source') or 'none could be obtained')}")
    out.append("</p>")
    out += [f"<p>{_e(note)}</p>" for note in ran.get("notes", [])]
    requests = ran.get("requests") or []
    if requests:
        rows = [
            [
                _e(r["method"]),
                f"<code>{_e(r['host'] + r['path'])}</code>",
                _e(r["status"] if r["status"] is not None else "no answer"),
                _e(r.get("body") or r.get("error") or ""),
            ]
            for r in requests
        ]
        out.append(_table(["method", "URL", "status", "answer"], rows))
    variables = ran.get("variables") or {}
    if variables:
        rows = [[_e(k), f"<code>{_e(v)}</code>"] for k, v in sorted(variables.items())]
        out.append(_table(["variable", "value"], rows))
    return "\n".join(out)


def _inputs(inputs: dict[str, Any]) -> str:
    out = ["<h2>Inputs</h2>", f"<p>Given: {_e(inputs['kind'])}.</p>"]
    claims = inputs.get("token_claims") or {}
    if claims:
        rows = [
            [f"<code>{_e(k)}</code>", f"<code>{_e(_value(v))}</code>"] for k, v in claims.items()
        ]
        header = inputs.get("token_header") or {}
        out.append("<p>Token claims (header: " + _e(_value(header)) + "; signature removed)</p>")
        out.append(_table(["claim", "value"], rows))
    if inputs.get("error_text") is not None:
        out.append("<p>Error or log text (tokens and secrets masked):</p>")
        out.append(f"<pre>{_e(inputs['error_text'])}</pre>")
    return "\n".join(out)


def _value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _credentials(diagnosis: dict[str, Any]) -> str:
    out = []
    if diagnosis["credentials"]:
        rows = [
            [
                _e(c["name"]),
                f"<code>{_e(c['issuer'])}</code>",
                f"<code>{_e(c['subject'] or c['claims_matching_expression'])}</code>",
                f"<code>{_e(', '.join(c['audiences']))}</code>",
            ]
            for c in diagnosis["credentials"]
        ]
        out += ["<h2>Federated credentials</h2>"]
        out.append(_table(["name", "issuer", "subject / expression", "audience"], rows))
    if diagnosis["matches"]:
        rows = []
        for m in diagnosis["matches"]:
            marks = {f["field"]: MARK[f["matches"]] for f in m["fields"]}
            third = marks.get("subject") or marks.get("expression", "")
            rows.append(
                [
                    _e(m["credential"]),
                    _e(MARK[m["matches"]]),
                    _e(marks.get("issuer", "")),
                    _e(third),
                    _e(marks.get("audience", "")),
                ]
            )
        out.append("<h2>Match table, nearest first</h2>")
        out.append(_table(["credential", "matches", "issuer", "subject", "audience"], rows))
    return "\n".join(out)


def _steps(diagnosis: dict[str, Any]) -> str:
    rows = [
        [
            f'<span class="{_e(s["status"])}">{_e(s["status"])}</span>',
            _e(s["title"]),
            _e(s["summary"]),
            _e(f"{s['started_ms']:.1f}"),
            _e(f"{s['duration_ms']:.1f}"),
        ]
        for s in diagnosis["steps"]
    ]
    head = ["status", "step", "result", "start ms", "ms"]
    walk = f"{float(diagnosis['walk_ms'] or 0):.0f}"
    return f"<h2>Steps (the walk took {_e(walk)} ms)</h2>\n" + _table(head, rows)


def _trace(calls: list[dict[str, Any]]) -> str:
    if not calls:
        return ""
    rows = [
        [
            _e(c["method"]),
            f"<code>{_e(c['host'] + c['path'])}</code>",
            _e(c["status"] if c.get("status") is not None else c.get("error")),
            _e(c.get("duration_ms", "")),
        ]
        for c in calls
    ]
    return "<h2>HTTP trace</h2>\n" + _table(["method", "URL", "status", "ms"], rows)


def _ids(ids: dict[str, Any]) -> str:
    shown = [(k, v) for k, v in ids.items() if v]
    if not shown:
        return ""
    rows = [[_e(k.replace("_", " ")), f"<code>{_e(v)}</code>"] for k, v in shown]
    return "<h2>Trace and correlation IDs</h2>\n" + _table(["id", "value"], rows)


def _versions(versions: dict[str, Any]) -> str:
    rows = [
        ["wifdoctor", _e(versions["wifdoctor"])],
        ["Python", _e(versions["python"])],
        ["OS", _e(versions["os"])],
        ["az CLI", _e(versions["az_cli"] or "not found")],
    ]
    rows += [[_e(k), _e(v or "not installed")] for k, v in versions["libraries"].items()]
    return "<h2>Versions</h2>\n" + _table(["component", "version"], rows)
