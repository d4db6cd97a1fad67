"""`wifdoctor findings [ID]`: the finding catalogue, the same text as docs/findings.md.

Headless and quick: click and the knowledge base only.
"""

from __future__ import annotations

import difflib
import json
import sys

import click

from wifdoctor.knowledge.findings_catalogue import FINDINGS


@click.command("findings")
@click.argument("finding_id", metavar="[ID]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
    help="text for people, json for scripts, markdown as in docs/findings.md.",
)
def findings(finding_id: str | None, fmt: str) -> None:
    """The finding catalogue: every ID with its severity and title, or one ID in full.

    IDs are stable: once shipped, an ID never changes meaning.
    """
    from wifdoctor.report import catalogue

    if finding_id is not None and finding_id not in FINDINGS:
        near = difflib.get_close_matches(finding_id, list(FINDINGS), n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        click.echo(
            f"wifdoctor findings: there is no finding {finding_id!r}.{hint} "
            "`wifdoctor findings` lists them.",
            err=True,
        )
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(catalogue.catalogue_json(finding_id), indent=2))
    elif fmt == "markdown":
        text = catalogue.entry_markdown(finding_id) if finding_id else None
        click.echo(text or catalogue.catalogue_markdown(), nl=False)
    else:
        text = catalogue.entry_text(finding_id) if finding_id else None
        click.echo(text or catalogue.catalogue_text(), nl=False)
