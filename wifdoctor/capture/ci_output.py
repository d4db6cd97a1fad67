"""What a CI log understands: GitHub workflow commands, Azure DevOps logging commands, summaries.

GitHub: ``::error title=...::message`` (docs.github.com "Workflow commands for GitHub Actions";
data escaped as actions/toolkit packages/core/src/command.ts escapeData/escapeProperty) and
Markdown appended to ``$GITHUB_STEP_SUMMARY``, whose upload is refused above 1 MiB per step
("supports content up to a size of 1024k", reference lab-walk-wizard-anchors §H).
Azure DevOps: ``##vso[task.logissue type=error]message`` and ``##vso[task.uploadsummary]PATH``
(learn.microsoft.com azure/devops/pipelines/scripts/logging-commands; escaping as
microsoft/azure-pipelines-task-lib node/taskcommand.ts).
Every line passes through the redactor before it is printed or written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.findings import Finding
from wifdoctor.report.redaction import Redactor

SUMMARY_CAP = 1024 * 1024  # bytes, per step
CUT_NOTE = "\n\n*(wifdoctor cut this summary short to stay within GitHub's 1 MiB limit.)*\n"
MESSAGE_CHARS = 2000


def ci_style(env: Mapping[str, str]) -> str | None:
    """ "github", "azure-devops", or None outside those two."""
    if env.get("GITHUB_ACTIONS", "").lower() == "true":
        return "github"
    if env.get("TF_BUILD", "").lower() == "true":
        return "azure-devops"
    return None


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _ado_data(text: str) -> str:
    return (
        text.replace("%", "%AZP25")
        .replace(";", "%3B")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace("]", "%5D")
    )


def _message(finding: Finding) -> str:
    text = finding.explanation
    if finding.fix:
        text += " Fix: " + finding.fix[0]
    return text[:MESSAGE_CHARS]


def annotation_lines(diagnosis: Diagnosis, style: str, redactor: Redactor) -> list[str]:
    """One line per error or warning finding, in the log's own command syntax."""
    lines = []
    for finding in diagnosis.findings:
        if finding.severity == "info":
            continue
        title = redactor.text(f"wifdoctor: {finding.title} ({finding.id})")
        message = redactor.text(_message(finding))
        if style == "github":
            command = "error" if finding.severity == "error" else "warning"
            lines.append(f"::{command} title={_github_property(title)}::{_github_data(message)}")
        else:
            kind = "error" if finding.severity == "error" else "warning"
            body = _ado_data(f"{title}: {message}")
            lines.append(f"##vso[task.logissue type={kind}]{body}")
    return lines


def fit_summary(markdown: str, used: int) -> str:
    """The Markdown, cut at a line end if needed so the step's summary stays under the cap."""
    room = SUMMARY_CAP - used
    data = markdown.encode("utf-8")
    if len(data) <= room:
        return markdown
    budget = room - len(CUT_NOTE.encode("utf-8"))
    if budget <= 0:
        return ""
    cut = data[:budget].decode("utf-8", errors="ignore")
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return cut + CUT_NOTE


def write_summary(markdown: str, env: Mapping[str, str], redactor: Redactor) -> str:
    """Write the summary where the platform shows it; returns a line for standard error, or a
    logging command for standard output (Azure DevOps) prefixed with '##vso'."""
    markdown = redactor.text(markdown)
    style = ci_style(env)
    target = env.get("GITHUB_STEP_SUMMARY")
    if target:
        path = Path(target)
        used = path.stat().st_size if path.exists() else 0
        text = fit_summary(markdown, used)
        if not text:
            return f"The step summary {path} is already full (1 MiB); nothing was added."
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
        return f"Wrote the summary to {path}."
    if style == "azure-devops":
        folder = env.get("AGENT_TEMPDIRECTORY") or tempfile.gettempdir()
        fd, name = tempfile.mkstemp(prefix="wifdoctor-summary-", suffix=".md", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(markdown)
        return f"##vso[task.uploadsummary]{name}"
    return "No step summary here (neither $GITHUB_STEP_SUMMARY nor Azure DevOps); skipped."
