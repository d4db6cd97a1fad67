"""The proposal against the identity's existing credentials: identical, duplicate, 20, names."""

from __future__ import annotations

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.setup.engine import propose
from wifdoctor.core.setup.model import Target
from wifdoctor.core.setup.review import blocking

APP = Target(kind="application", client_id="3a1f6c2e-9b7d-4e8a-b5c4-2d0e1f9a8b7c")
GH = "https://token.actions.githubusercontent.com"
INPUTS = {"repo": "contoso/app", "entity": "branch", "value": "main"}
SUBJECT = "repo:contoso/app:ref:refs/heads/main"


def fic(
    name: str, subject: str, audience: str = "api://AzureADTokenExchange"
) -> FederatedCredential:
    return FederatedCredential(name, GH, subject, (audience,))


def test_an_identical_credential_means_nothing_to_create() -> None:
    proposal = propose("github-actions", INPUTS, APP, existing=[fic("main-deploy", SUBJECT)])
    assert "already-exists" in {w.id for w in proposal.warnings}
    assert proposal.credential.name == "main-deploy"
    assert not blocking(proposal)


def test_same_issuer_and_subject_with_another_audience_is_a_refused_duplicate() -> None:
    existing = [fic("main-deploy", SUBJECT, "api://AzureADTokenExchangeUSGov")]
    proposal = propose("github-actions", INPUTS, APP, existing=existing)
    [error] = blocking(proposal)
    assert error.id == "duplicate"
    assert "main-deploy" in error.message


def test_a_21st_credential_is_an_error_and_19_a_warning() -> None:
    full = [fic(f"c{i:02d}", f"repo:contoso/app:environment:e{i}") for i in range(20)]
    proposal = propose("github-actions", INPUTS, APP, existing=full)
    assert [w.id for w in blocking(proposal)] == ["credential-limit"]
    near = propose("github-actions", INPUTS, APP, existing=full[:18])
    assert [w.severity for w in near.warnings if w.id == "credential-limit"] == ["warning"]


def test_a_taken_name_gets_a_new_one() -> None:
    generated = propose("github-actions", INPUTS, APP).credential.name
    proposal = propose(
        "github-actions", INPUTS, APP, existing=[fic(generated, "repo:contoso/app:pull_request")]
    )
    assert proposal.credential.name == f"{generated}-2"
