"""Findings pasted error or log text must produce, each with a close text that must not."""

from __future__ import annotations

import pytest

from tests.minting import NOW, fic, github_claims, mint
from tests.walk import TAIL, ids, no_match, walk

GH = "https://token.actions.githubusercontent.com"
SUB = "repo:contoso/payments-api:ref:refs/heads/main"


# (finding id, text that must produce it, close text that must not)
CASES = [
    (
        "token-permission-missing",
        "Error: Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable",
        'echo "ACTIONS_ID_TOKEN_REQUEST_URL is set"',
    ),
    (
        "token-request-wrong-method",
        "GET https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/"
        "oidctoken failed: (405) Method Not Allowed",
        "GET https://dev.azure.com/contoso/p/_apis/build/builds failed: (405) Method Not Allowed",
    ),
    (
        "token-request-failed",
        "##[error]No service connection found with identifier 3a4b5c6d-1111-2222-3333-444455556666",
        "##[warning]Found service connection 3a4b5c6d-1111-2222-3333-444455556666",
    ),
    (
        "client-settings-missing",
        "azure.identity._exceptions.CredentialUnavailableError: WorkloadIdentityCredential "
        "authentication unavailable. The workload options are not fully configured. Missing "
        "required environment variables: AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE",
        "Using WorkloadIdentityCredential with AZURE_TENANT_ID from the environment",
    ),
    (
        "conditional-access-blocked",
        "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy "
        "does not allow token issuance." + TAIL,
        "AADSTS53000: Device is not in required device state." + TAIL,
    ),
    (
        "client-id-not-found",
        "AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was "
        "not found in the directory 'Contoso'." + TAIL,
        no_match(),
    ),
    (
        "no-federated-credentials",
        "AADSTS70025: The client '11111111-2222-3333-4444-555555555555'(app) has no configured "
        "federated identity credentials." + TAIL,
        no_match(),
    ),
    (
        "tenant-policy-restriction",
        "AADSTS700223: Workload identity federation is constrained or disabled on the Microsoft "
        "Entra tenant." + TAIL,
        no_match(),
    ),
    (
        "identity-type-unsupported",
        "AADSTS70052: The identity must be a managed identity, a single tenant app, or a service "
        "account." + TAIL,
        no_match(),
    ),
    (
        "issuer-unreachable",
        "AADSTS90061: Request to External OIDC endpoint failed." + TAIL,
        no_match(),
    ),
    (
        "signing-key-not-published",
        "AADSTS7000272: The certificate with identifier  used to sign the federated credential "
        "could not be found in the metadata of identity provider https://oidc.example.com. "
        "Please validate that your Identity Provider's metadata exposes the key." + TAIL,
        no_match(),
    ),
    (
        "token-empty-or-malformed",
        "AADSTS50027: JWT token is invalid or malformed." + TAIL,
        no_match(),
    ),
    (
        "signature-invalid",
        "AADSTS700027: Client assertion failed signature validation." + TAIL,
        no_match(),
    ),
    (
        "subject-case-mismatch",
        "AADSTS7002138: No matching federated identity record found for presented assertion "
        "subject 'repo:Contoso/payments-api:ref:refs/heads/main'. The subject matches with "
        "case-insensitive comparison, but not with case-sensitive comparison." + TAIL,
        no_match(),
    ),
    (
        "flexible-expression-no-match",
        "AADSTS7002131: No matching federated identity record found for presented assertion "
        "subject 'repo:contoso/payments-api:ref:refs/heads/dev' or no federated identity "
        "credential expression matched." + TAIL,
        no_match(),
    ),
    (
        "audience-mismatch",
        "AADSTS700212: No matching federated identity record found for presented assertion "
        "audience 'https://gitlab.com'." + TAIL,
        no_match(),
    ),
    (
        "issuer-mismatch",
        "AADSTS700211: No matching federated identity record found for presented assertion "
        "issuer 'https://token.actions.githubusercontent.com/contoso-ent'." + TAIL,
        no_match(),
    ),
    (
        "client-secret-expected",
        "AADSTS7000222: The provided client secret keys for app '1111' are expired." + TAIL,
        no_match(),
    ),
    (
        "authorization-missing",
        "ERROR: No subscriptions found for 11111111-2222-3333-4444-555555555555.",
        "Found 2 subscriptions for 11111111-2222-3333-4444-555555555555.",
    ),
    (
        "workload-identity-not-injected",
        'E0606 12:06:20.120764       1 token_credential.go:43] "failed to read the service '
        'account token from the filesystem" err="open : no such file or directory"',
        '"failed to read the service account token from the filesystem" err="open /var/run/'
        'secrets/azure/tokens/azure-identity-token: permission denied"',
    ),
    (
        "token-scope-task-only",
        "/home/vsts/work/_temp/azureclitaskscript.sh: line 3: idToken: command not found",
        "/home/vsts/work/_temp/script.sh: line 3: terraform: command not found",
    ),
    (
        "credential-duplicate",
        "Issuer and subject combination already exists for this Managed Identity.",
        "Issuer and subject are both set for this Managed Identity.",
    ),
    (
        "credential-invalid-field",
        "Federated identity credentials must have exactly one audience.",
        "Federated identity credentials have one audience each.",
    ),
    (
        "credential-concurrent-writes",
        '{"error": {"code": "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",'
        ' "message": "Too many Federated Identity Credentials are written concurrently"}}',
        '{"error": {"code": "ResourceNotFound", "message": "not found"}}',
    ),
]


@pytest.mark.parametrize(("finding_id", "text", "other"), CASES, ids=[c[0] for c in CASES])
def test_text_finding(finding_id: str, text: str, other: str) -> None:
    diagnosis = walk(error=text, command="explain")
    assert finding_id in ids(diagnosis), [f.id for f in diagnosis.findings]
    assert finding_id not in ids(walk(error=other, command="explain"))


def test_subject_from_the_error_is_offered_to_copy() -> None:
    diagnosis = walk(error=no_match("repo:contoso/payments-api:environment:Production"))
    finding = diagnosis.finding("subject-mismatch")
    assert finding is not None
    assert finding.copy[0].text == "repo:contoso/payments-api:environment:Production"
    assert "references an environment" in finding.explanation
    assert diagnosis.evidence is not None
    assert diagnosis.evidence.correlation_id == "d0f0de73-8a5d-4de0-99b6-83e71da1f7a4"


def test_expired_from_the_errors_own_times() -> None:
    text = (
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2024-06-13T15:40:46.0000000Z, assertion valid from 2024-06-13T15:35:40.0000000Z, expiry "
        "time of assertion 2024-06-13T15:40:40.0000000Z." + TAIL
    )
    finding = walk(error=text).finding("token-expired")
    assert finding is not None and "6 s before the exchange" in finding.explanation
    assert "token-refresh-missing" not in ids(walk(error=text))


def test_long_job_reusing_its_first_assertion() -> None:
    text = (
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2024-06-13T16:40:46.0000000Z, expiry time of assertion 2024-06-13T15:40:40.0000000Z."
    )
    diagnosis = walk(error=text)
    assert {"token-expired", "token-refresh-missing"} <= ids(diagnosis)


def test_not_yet_valid_from_the_errors_own_times() -> None:
    text = (
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2024-06-13T15:40:46Z, assertion valid from 2024-06-13T15:50:40Z, expiry time of "
        "assertion 2024-06-13T15:55:40Z."
    )
    assert "token-not-yet-valid" in ids(walk(error=text))


def test_lifetime_from_70023() -> None:
    text = (
        "AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to "
        "1.01:00:00. Token issued at 1767225600. Token expires on 1767398400."
    )
    finding = walk(error=text).finding("token-lifetime-too-long")
    assert finding is not None and "2 days" in finding.explanation


def test_platform_incident_when_a_public_issuer_is_unreachable() -> None:
    text = "AADSTS50166: Request to External OIDC endpoint failed." + TAIL
    assert "platform-incident" in ids(walk(error=text, token=mint(github_claims())))
    private = mint(github_claims(iss="https://ghes.corp.internal/_services/token"))
    diagnosis = walk(error=text, token=private)
    assert "platform-incident" not in ids(diagnosis)
    assert "issuer-not-public" in ids(diagnosis)


def test_configuration_matches_and_propagation_when_error_disagrees() -> None:
    diagnosis = walk(error=no_match(), credentials=[fic("main", GH, SUB)])
    assert {"configuration-matches", "credential-propagation"} <= ids(diagnosis)
    assert "subject-mismatch" not in ids(diagnosis)


def test_configuration_matches_without_an_error_has_no_propagation() -> None:
    diagnosis = walk(token=mint(github_claims()), credentials=[fic("main", GH, SUB)])
    assert ids(diagnosis) == {"configuration-matches"}


def test_error_subject_against_credentials_gets_the_precise_finding() -> None:
    diagnosis = walk(
        error=no_match("repo:contoso/payments-api:environment:Production"),
        credentials=[fic("main", GH, SUB)],
    )
    assert "subject-entity-mismatch" in ids(diagnosis)
    assert "subject-mismatch" not in ids(diagnosis)


def test_unknown_code_is_reported_as_unknown_not_guessed() -> None:
    diagnosis = walk(error="AADSTS123456: Something new happened." + TAIL)
    exchange = next(step for step in diagnosis.steps if step.id == "exchange")
    assert "not in wifdoctor's catalogue" in exchange.summary
    assert exchange.status == "warn"
    assert diagnosis.findings == ()


def test_seven_digit_code_falls_back_to_its_parent() -> None:
    diagnosis = walk(error=no_match().replace("AADSTS700213", "AADSTS7002139"))
    exchange = next(step for step in diagnosis.steps if step.id == "exchange")
    assert "a variant of AADSTS700213" in exchange.summary
    assert "subject-mismatch" in ids(diagnosis)


def test_times_are_relative_to_the_injected_clock() -> None:
    diagnosis = walk(token=mint(github_claims()), now=NOW + 3600)
    assert "token-expired" in ids(diagnosis)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            # Azure DevOps's troubleshooting page: the code as a tenant restriction.
            "##[error]AADSTS700223: Workload identity federation is constrained or disabled on "
            "the Microsoft Entra tenant.",
            ["tenant-policy-restriction"],
            id="ado-wording",
        ),
        pytest.param(
            # Azure/azure-workload-identity#1274: Entra's own text, about a first-party client.
            '{"error":"invalid_client","error_description":"AADSTS700223: Only AAD-issued '
            "tokens may be used for first-party application federated identity flows. Trace ID: "
            '22141a72-da35-45a4-9290-3d5d8bc15001"}',
            ["identity-type-unsupported"],
            id="first-party-wording",
        ),
    ],
)
def test_aadsts700223_means_what_its_text_says_and_only_that(
    text: str, expected: list[str]
) -> None:
    diagnosis = walk(error=text)
    assert [f.id for f in diagnosis.findings] == expected
    exchange = next(step for step in diagnosis.steps if step.id == "exchange")
    if expected == ["identity-type-unsupported"]:
        assert "first-party" in exchange.summary and "constrained" not in exchange.summary
