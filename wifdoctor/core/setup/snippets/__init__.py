"""Ready-to-paste text for a proposal: az CLI, the Graph/ARM request, Terraform, Bicep, and the
workload's side. Every value passes through its language's quoting, so odd names stay literal."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wifdoctor.core.setup.model import Proposal
from wifdoctor.core.setup.snippets import az, bicep, graph, terraform, workload

SNIPPET_KINDS = ("az", "graph", "terraform", "bicep", "workflow")

_RENDERERS: dict[str, Callable[[Proposal], dict[str, str]]] = {
    "az": lambda proposal: {"az": az.render(proposal)},
    "graph": lambda proposal: {"graph": graph.render(proposal)},
    "terraform": terraform.render_all,
    "bicep": lambda proposal: {"bicep": bicep.render(proposal)},
    "workflow": lambda proposal: {"workflow": workload.render(proposal)},
}


def render(proposal: Proposal, kinds: Iterable[str] = SNIPPET_KINDS) -> dict[str, str]:
    """The snippets asked for, by kind (terraform may add a key for the previous major)."""
    snippets: dict[str, str] = {}
    for kind in kinds:
        snippets.update(_RENDERERS[kind](proposal))
    return snippets
