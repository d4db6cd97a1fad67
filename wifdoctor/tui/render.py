"""Turn parts of a Diagnosis into Textual Content. Presentation only: no conclusions here.

External text (claims, subjects, credential names, log lines) only ever enters Content as plain
text or ``(text, style)`` pairs, never as markup, so ``[main]`` in a subject shows as it is.
Styles use theme variables, so light and dark themes both work.
"""

from __future__ import annotations

from textual.content import Content

from wifdoctor.core.diagnosis import Diagnosis, StepResult
from wifdoctor.core.findings import Finding
from wifdoctor.core.matching import CredentialMatch, FieldComparison
from wifdoctor.core.times import elapsed
from wifdoctor.report.summary import headline, step_symbol

SEVERITY_STYLE = {
    "error": "bold $error",
    "warning": "bold $warning",
    "info": "bold $accent",
    "ok": "bold $success",
}
STATUS_STYLE = {
    "pass": "$success",
    "warn": "$warning",
    "fail": "$error",
    "skipped": "$text-muted",
    "incomplete": "$secondary",
    "pending": "$text-muted",
    "running": "$accent",
}
MARKS = {True: ("✓", "bold $success"), False: ("✗", "bold $error"), None: ("·", "$text-muted")}
DIFF_STYLE = "bold $error underline"
RELATIONS = {
    "case": "differs only in letter case",
    "trailing-slash": "differs only by a trailing slash",
    "whitespace": "differs by whitespace",
    "absent": "is missing",
    "different": "differs",
    "unknown": "is not known from the input",
}


Part = Content | str | tuple[str, str]


def assemble(*parts: Part) -> Content:
    """Content.assemble, with the spaces between a label and its value kept at the end of the
    label: a segment that starts with spaces is drawn from its first letter by some SVG
    renderers, which made labels run into values ("issuermatches") in screenshots."""
    fixed: list[Part] = []
    for part in parts:
        text, style = (
            (part, "") if isinstance(part, str) else part if isinstance(part, tuple) else (None, "")
        )
        if text is None or not fixed or not text[:1].isspace() or text[:1] == "\n":
            fixed.append(part)
            continue
        body = text.lstrip(" ")
        lead = text[: len(text) - len(body)]
        previous = fixed[-1]
        if isinstance(previous, str):
            fixed[-1] = previous + lead
        elif isinstance(previous, tuple):
            fixed[-1] = (previous[0] + lead, previous[1])
        else:
            fixed.append(lead)
        if body:
            fixed.append((body, style) if style else body)
    return Content.assemble(*fixed)


def verdict(diagnosis: Diagnosis | None) -> Content:
    if diagnosis is None:
        return Content("Nothing diagnosed yet.")
    text, severity = headline(diagnosis)
    return assemble((text, SEVERITY_STYLE.get(severity, "bold")))


def finding_label(finding: Finding) -> Content:
    return assemble(
        (f"{finding.severity.upper():8}", SEVERITY_STYLE[finding.severity]), finding.title
    )


def finding_detail(finding: Finding) -> Content:
    parts: list[Content | str | tuple[str, str]] = [
        (finding.title, "bold"),
        "\n",
        (finding.id, "$text-muted"),
        "\n\n",
        finding.explanation,
    ]
    if finding.fix:
        parts += ["\n\n", ("Fix", "bold")]
        for number, step in enumerate(finding.fix, 1):
            parts += ["\n", (f"{number}. ", "bold"), step]
    if finding.copy:
        parts += ["\n\n", ("Copy (c)", "bold")]
        for item in finding.copy:
            parts += ["\n", (f"{item.label}: ", "$text-muted"), (item.text, "$accent")]
    if finding.evidence:
        parts += ["\n\n", ("Evidence", "bold")]
        for key, value in finding.evidence.items():
            parts += ["\n", (f"{key.replace('_', ' ')}: ", "$text-muted"), value]
    if finding.docs:
        parts += ["\n\n", ("Docs", "bold")]
        for link in finding.docs:
            parts += ["\n", (link, "$accent underline")]
    return assemble(*parts)


def highlighted(value: str | None, spans: tuple[tuple[int, int], ...]) -> Content:
    if value is None:
        return assemble(("(none)", "$text-muted"))
    content = Content(value)
    for start, end in spans:
        content = content.stylize(DIFF_STYLE, start, end)
    return content


def comparison_lines(comparison: FieldComparison) -> Content:
    mark, style = MARKS[comparison.matches]
    relation = "matches" if comparison.matches else RELATIONS.get(comparison.relation, "")
    if comparison.relation == "equivalent":
        relation = "accepted as equal (the GUID of api://AzureADTokenExchange)"
    head = assemble("  ", (mark, style), " ", (comparison.field, "bold"), f" {relation}")
    if comparison.matches:
        return head
    if comparison.matches is None:  # only the credential's side is known
        return assemble(
            head,
            "\n      ",
            ("credential  ", "$text-muted"),
            highlighted(comparison.credential_value, ()),
        )
    return assemble(
        head,
        "\n      ",
        ("token       ", "$text-muted"),
        highlighted(comparison.token_value, comparison.token_spans),
        "\n      ",
        ("credential  ", "$text-muted"),
        highlighted(comparison.credential_value, comparison.credential_spans),
    )


def match_block(match: CredentialMatch) -> Content:
    mark, style = MARKS[match.matches]
    verdict_text = {True: "matches", False: "does not match", None: "undecided"}[match.matches]
    fic = match.credential
    origin = f"  ({fic.source})" if fic.source not in ("unknown", "az-ad-app") else ""
    parts: list[Content | str | tuple[str, str]] = [
        (mark, style),
        " ",
        (fic.label, "bold"),
        f"  {verdict_text}",
        (origin, "$text-muted"),
    ]
    for comparison in match.fields:
        parts += ["\n", comparison_lines(comparison)]
    if match.expression is not None:
        for result in match.expression.clauses:
            clause_mark, clause_style = MARKS[result.matched]
            parts += [
                "\n      ",
                (clause_mark, clause_style),
                f" {result.clause}",
                ("  " + result.reason, "$text-muted"),
            ]
    if match.expression_error is not None:
        parts += ["\n      ", (str(match.expression_error), "$error")]
    return assemble(*parts)


def step_cells(step: StepResult) -> tuple[Content, str, str, str]:
    symbol = assemble((step_symbol(step.status), STATUS_STYLE.get(step.status, "")))
    return symbol, step.title, step.summary, elapsed(step.duration_ms)


def step_detail(step: StepResult) -> Content:
    parts: list[Content | str | tuple[str, str]] = [
        (step.title, "bold"),
        "  ",
        (step.status, STATUS_STYLE.get(step.status, "")),
        (
            f"  started {elapsed(step.started_ms)} after the walk began, "
            f"took {elapsed(step.duration_ms)}",
            "$text-muted",
        ),
        "\n",
        step.summary,
    ]
    for key, value in step.evidence.items():
        parts += ["\n", (f"{key.replace('_', ' ')}: ", "$text-muted"), value]
    if step.findings:
        parts += ["\n", ("Findings: ", "$text-muted"), ", ".join(f.id for f in step.findings)]
    return assemble(*parts)
