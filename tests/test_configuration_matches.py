"""When the values match a credential exactly, the user reads that first, then what remains.

spec/findings.md: a diagnosis that finds the configuration correct says so (configuration-matches)
and names what remains possible, rather than invent a mismatch. What the input itself shows (an
Entra code, a line of the log) is the cause and stays in front.
"""

from __future__ import annotations

from tests.minting import fic, github_claims, mint
from tests.walk import TAIL, no_match, walk

GH = "https://token.actions.githubusercontent.com"
SUB = "repo:contoso/payments-api:ref:refs/heads/main"
AKS = "https://westeurope.oic.prod-aks.azure.com/5b15da40-59ed-401c-b5f6-09ac41c12d7e/3c9f2a71/"
KEDA = "system:serviceaccount:keda:keda-operator"


def order(**kwargs: object) -> list[str]:
    return [finding.id for finding in walk(**kwargs).findings]  # type: ignore[arg-type]


def test_matching_values_come_first_when_entra_refused_them() -> None:
    found = order(error=no_match(), credentials=[fic("main", GH, SUB)])
    assert found[0] == "configuration-matches"
    assert "credential-propagation" in found  # a candidate, said after the match
    assert "subject-mismatch" not in found


def test_the_match_names_what_remains_possible() -> None:
    diagnosis = walk(error=no_match(), credentials=[fic("main", GH, SUB)])
    first = diagnosis.findings[0]
    assert first.severity == "warning"  # the exchange failed and nothing explains it yet
    assert "AADSTS700213" in first.explanation
    steps = " ".join(first.fix)
    for remaining in ("client ID", "tenant", "retry", "delete the credential", "status"):
        assert remaining in steps
    # The error quoted only the subject: the title says no more than that was compared.
    assert "quotes" in first.title


def test_a_token_and_the_same_values_quoted_in_an_error_lead_the_same_way() -> None:
    token = mint(github_claims())
    from_token = order(token=token, error=no_match(), credentials=[fic("main", GH, SUB)])
    from_text = order(error=no_match(), credentials=[fic("main", GH, SUB)])
    assert from_token[0] == from_text[0] == "configuration-matches"


def test_a_log_that_says_the_record_was_stale_puts_propagation_first() -> None:
    text = no_match() + "\nIt can be fixed with remove the existed FIC and re-created."
    found = order(error=text, credentials=[fic("main", GH, SUB)])
    assert found[:2] == ["credential-propagation", "configuration-matches"]


def test_a_cause_the_text_shows_stays_before_the_match() -> None:
    text = (
        "Federated token details:\n issuer - https://token.actions.githubusercontent.com\n"
        f" subject claim - {SUB}\nAttempting Azure CLI login by using OIDC...\n"
        "Error: No subscriptions found for ***.\n"
    )
    found = order(error=text, credentials=[fic("main", GH, SUB)])
    assert found[0] == "authorization-missing"
    assert "configuration-matches" in found
    assert "credential-propagation" not in found  # Entra did not refuse anything


def test_a_match_without_a_failure_stays_information() -> None:
    diagnosis = walk(token=mint(github_claims()), credentials=[fic("main", GH, SUB)])
    assert [(f.id, f.severity) for f in diagnosis.findings] == [("configuration-matches", "info")]


def test_a_matching_credential_for_a_controller_account_is_not_called_the_wrong_account() -> None:
    # KEDA's operator authenticating with its own federated service account (kedacore/keda#8152).
    found = order(error=no_match(KEDA), credentials=[fic("keda-operator", AKS, KEDA)])
    assert found[0] == "configuration-matches"
    assert "subject-controller-account" not in found
    # Without a matching credential the hint stays.
    other = order(error=no_match(KEDA), credentials=[fic("app", AKS, "system:serviceaccount:a:b")])
    assert "subject-controller-account" in other


def test_another_credentials_hygiene_does_not_hide_the_match() -> None:
    broad = fic("broad", GH, None, claimsMatchingExpression="claims['sub'] matches 'repo:*'")
    found = order(error=no_match(), credentials=[fic("main", GH, SUB), broad])
    assert found[0] == "configuration-matches"


def test_an_error_that_quotes_all_three_values_is_a_full_match() -> None:
    text = (
        "AADSTS70021: No matching federated identity record found for presented assertion. "
        f"Assertion Issuer: '{AKS}'. Assertion Subject: '{KEDA}'. "
        "Assertion Audience: 'api://AzureADTokenExchange'." + TAIL
    )
    first = walk(error=text, credentials=[fic("keda-operator", AKS, KEDA)]).findings[0]
    assert first.id == "configuration-matches"
    assert first.title == "Issuer, subject and audience match a federated credential exactly"
    assert "on issuer, subject and audience" in first.explanation
