"""parse_error_text on realistic texts: Entra bodies, CI logs, SDK errors, azure/login blocks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from wifdoctor.core.error_text import parse_error_text
from wifdoctor.core.error_text_times import parse_time
from wifdoctor.core.evidence import ErrorEvidence

TRACE = "8eea681d-a1eb-487d-9be7-d61225177f00"
CORRELATION = "d0f0de73-8a5d-4de0-99b6-83e71da1f7a4"


def test_entra_json_body() -> None:
    # reference A.0's realistic example
    body = json.dumps(
        {
            "error": "invalid_client",
            "error_description": "AADSTS700213: No matching federated identity record found for "
            "presented assertion subject 'repo:contoso/payments-api:ref:refs/heads/main'. Check "
            "your federated identity credential Subject, Audience and Issuer against the presented "
            "assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation "
            f"Trace ID: {TRACE} Correlation ID: {CORRELATION} Timestamp: 2025-10-13 14:54:34Z",
            "error_codes": [700213],
            "timestamp": "2025-10-13 14:54:34Z",
            "trace_id": TRACE,
            "correlation_id": CORRELATION,
            "error_uri": "https://login.microsoftonline.com/error?code=700213",
        },
        indent=2,
    )
    evidence = parse_error_text(body)
    assert evidence.error_codes == (700213,)
    assert evidence.oauth_error == "invalid_client"
    assert evidence.subject == "repo:contoso/payments-api:ref:refs/heads/main"
    assert evidence.issuer is None and evidence.audience is None
    assert evidence.trace_id == TRACE
    assert evidence.correlation_id == CORRELATION
    assert evidence.timestamp == datetime(2025, 10, 13, 14, 54, 34, tzinfo=UTC)
    assert any("AADSTS700213" in line for line in evidence.source_lines)
    assert not evidence.is_empty


def test_70021_escaped_inside_a_log_keeps_the_trailing_slash() -> None:
    # Azure/azure-workload-identity docs/book/src/troubleshooting.md: a JSON body escaped inside a
    # Go log line, with the older "\r\n" separators escaped twice.
    line = (
        'E0120 22:55:12.472912       1 token_credential.go:70] "failed to acquire token" '
        'err="FromAssertion(): http call(https://login.microsoftonline.com/t/oauth2/v2.0/token)'
        '(POST) error: reply status code was 400:\\n{\\"error\\":\\"invalid_request\\",'
        '\\"error_description\\":\\"AADSTS70021: No matching federated identity record found for '
        "presented assertion. Assertion Issuer: 'https://oidc.prod-aks.azure.com/XXXXXX/'. "
        "Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion "
        "Audience: 'api://AzureADTokenExchange'.\\\\r\\\\nTrace ID: "
        "b0f62116-10b6-4a73-bdb2-281524404e00\\\\r\\\\nCorrelation ID: "
        '4a42e576-85bc-46ae-b7e3-b52cb8958917\\\\r\\\\nTimestamp: 2022-01-20 22:54:42Z\\",'
        '\\"error_codes\\":[70021],\\"timestamp\\":\\"2022-01-20 22:54:42Z\\"}"'
    )
    evidence = parse_error_text(line)
    assert evidence.error_codes == (70021,)
    assert evidence.oauth_error == "invalid_request"
    assert evidence.issuer == "https://oidc.prod-aks.azure.com/XXXXXX/"
    assert evidence.subject == "system:serviceaccount:default:workload-identity-sa"
    assert evidence.audience == "api://AzureADTokenExchange"
    assert evidence.trace_id == "b0f62116-10b6-4a73-bdb2-281524404e00"
    assert evidence.correlation_id == "4a42e576-85bc-46ae-b7e3-b52cb8958917"
    assert evidence.timestamp == datetime(2022, 1, 20, 22, 54, 42, tzinfo=UTC)
    assert evidence.http_statuses == (400,)


def test_crlf_separated_older_text() -> None:
    text = (
        "AADSTS70021: No matching federated identity record found for presented assertion. "
        "Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: "
        "'repo:jongio/ghazoidctest1:ref:refs/heads/main'. Assertion Audience: "
        f"'api://AzureADTokenExchange'.\r\nTrace ID: {TRACE}\r\nCorrelation ID: {CORRELATION}\r\n"
        "Timestamp: 2022-08-29 10:01:02Z"
    )
    evidence = parse_error_text(text)
    assert evidence.issuer == "https://token.actions.githubusercontent.com"
    assert evidence.subject == "repo:jongio/ghazoidctest1:ref:refs/heads/main"
    assert evidence.trace_id == TRACE and evidence.correlation_id == CORRELATION
    assert evidence.timestamp == datetime(2022, 8, 29, 10, 1, 2, tzinfo=UTC)


def test_github_log_with_timestamps_and_error_marker() -> None:
    log = (
        "2026-02-25T10:00:01.1234567Z Attempting Azure CLI login by using OIDC...\n"
        "2026-02-25T10:00:02.1234567Z ##[error]AADSTS7002138: No matching federated identity "
        "record found for presented assertion subject "
        "'repo:kartAI/doppa-data:ref:refs/heads/main'. "
        "The subject matches with case-insensitive comparison, but not with case-sensitive "
        "comparison. Check your federated identity credential Subject, Audience and Issuer against "
        f"the presented assertion. Trace ID: {TRACE} Correlation ID: {CORRELATION} Timestamp: "
        "2026-02-25 10:00:02Z\n"
    )
    evidence = parse_error_text(log)
    assert evidence.error_codes == (7002138,)
    assert evidence.subject == "repo:kartAI/doppa-data:ref:refs/heads/main"
    assert evidence.source_lines[0].startswith("AADSTS7002138: No matching")


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # 700211: a trailing space inside the quotes is evidence
        (
            "AADSTS700211: No matching federated identity record found for presented assertion "
            "issuer 'https://token.actions.githubusercontent.com '. Please check your federated",
            "issuer",
            "https://token.actions.githubusercontent.com ",
        ),
        (
            "AADSTS700212: No matching federated identity record found for presented assertion "
            "audience 'https://github.com/contoso'. Check your federated identity credential",
            "audience",
            "https://github.com/contoso",
        ),
        # 7002121 (field report): the audience is not quoted; the full stop is not part of it
        (
            "AADSTS7002121: No matching federated identity record found for presented assertion "
            "audience https://management.azure.com/. Please check",
            "audience",
            "https://management.azure.com/",
        ),
        (
            "AADSTS7002131: No matching federated identity record found for presented assertion "
            "subject 'repo:contoso/app:pull_request' or no federated identity credential "
            "expression matched.",
            "subject",
            "repo:contoso/app:pull_request",
        ),
        (
            "AADSTS7000272: The certificate with identifier abc123 used to sign the federated "
            "credential could not be found in the metadata of identity provider "
            "https://oidc.example.com/issuer/. Please validate",
            "issuer",
            "https://oidc.example.com/issuer/",
        ),
        (
            "AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was "
            "not found in the directory 'Contoso'. This can happen if ...",
            "client_id",
            "11111111-2222-3333-4444-555555555555",
        ),
        (
            "AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was "
            "not found in the directory 'Contoso'.",
            "tenant",
            "Contoso",
        ),
        (
            "AADSTS90002: Tenant 'contoso.onmicrosoft.us' not found. Check to make sure you have "
            "the correct tenant ID and are signing into the correct cloud.",
            "tenant",
            "contoso.onmicrosoft.us",
        ),
        (
            "AADSTS7002241: Issuer 'https://oidc.example.com' may not use credentials matching via "
            "expression (FederatedIdentityFflBlockedIssuer).",
            "issuer",
            "https://oidc.example.com",
        ),
        (
            "AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal "
            "to 1.01:00:00. Token issued at 1718293246. Token expires on 1718389646.",
            "max_lifetime",
            "1.01:00:00",
        ),
    ],
)
def test_code_families(text: str, field: str, value: str) -> None:
    assert getattr(parse_error_text(text), field) == value


def test_7002137_expected_subject() -> None:
    evidence = parse_error_text(
        "AADSTS7002137: No matching federated identity record found for presented assertion "
        "subject '/eid1/c/pub/t/abc/a/def/123'. Please make sure the federated identity credential "
        "Subject is '/eid1/c/pub/t/{tenantId}/a/def/123'."
    )
    assert evidence.subject == "/eid1/c/pub/t/abc/a/def/123"
    assert evidence.expected_subject == "/eid1/c/pub/t/{tenantId}/a/def/123"


def test_7000272_empty_key_id() -> None:
    evidence = parse_error_text(
        "AADSTS7000272: The certificate with identifier  used to sign the federated credential "
        "could not be found in the metadata of identity provider https://kubernetes.default.svc."
    )
    assert evidence.key_id == ""
    assert evidence.issuer == "https://kubernetes.default.svc"


def test_700024_iso_times_with_seven_digit_fractions() -> None:
    evidence = parse_error_text(
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2024-06-13T15:40:46.1234567Z, assertion valid from 2024-06-13T15:30:46.0000000Z, expiry "
        "time of assertion 2024-06-13T15:35:46.0000000Z. Review the documentation at "
        "https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."
    )
    assert evidence.current_time == datetime(2024, 6, 13, 15, 40, 46, 123456, tzinfo=UTC)
    assert evidence.valid_from == datetime(2024, 6, 13, 15, 30, 46, tzinfo=UTC)
    assert evidence.expires_at == datetime(2024, 6, 13, 15, 35, 46, tzinfo=UTC)
    assert evidence.current_time is not None and evidence.current_time.tzinfo is UTC


def test_700024_space_format_and_older_text_without_valid_from() -> None:
    evidence = parse_error_text(
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2024-06-13 15:40:46Z, expiry time of assertion 2024-06-13 15:35:46Z."
    )
    assert evidence.current_time == datetime(2024, 6, 13, 15, 40, 46, tzinfo=UTC)
    assert evidence.expires_at == datetime(2024, 6, 13, 15, 35, 46, tzinfo=UTC)
    assert evidence.valid_from is None


def test_700024_valid_from_1970_means_no_nbf_and_is_kept() -> None:
    evidence = parse_error_text(
        "Current time: 2021-11-30T15:22:38.9925396Z, assertion valid from "
        "1970-01-01T00:00:00.0000000Z, expiry time of assertion 2021-11-30T15:21:46.0000000Z."
    )
    assert evidence.valid_from == datetime(1970, 1, 1, tzinfo=UTC)


def test_70023_epochs_and_missing_iat() -> None:
    evidence = parse_error_text(
        "AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to "
        "1.01:00:00. Token issued at 1718293246. Token expires on 1718389646."
    )
    assert evidence.issued_at == datetime.fromtimestamp(1718293246, UTC)
    assert evidence.expires_at == datetime.fromtimestamp(1718389646, UTC)
    no_iat = parse_error_text("Token issued at 0. Token expires on 1718389646.")
    assert no_iat.issued_at == datetime(1970, 1, 1, tzinfo=UTC)


def test_codes_seven_digits_kept_duplicates_removed_json_merged() -> None:
    text = (
        'ERROR: AADSTS7002138: first\n{"error_codes": [7002138, 700213, 50027], "error": '
        '"invalid_client"}\nAADSTS7002138 again AADSTS700024 and AADSTS50027'
    )
    assert parse_error_text(text).error_codes == (7002138, 700213, 50027, 700024)


def test_github_copied_line_links_are_undone() -> None:
    # Azure/login#296: GitHub's web log view turned part of the code into a line link
    text = (
        "Error: : AADSTS700[21](https://github.com/Azure/AKS-Construction/actions/runs/4047178860/"
        "jobs/6960888343#step:6:22): No matching federated identity record found"
    )
    assert parse_error_text(text).error_codes == (70021,)


def test_terraform_wrapped_box() -> None:
    log = (
        "╷\n"
        "│ Error: building AzureRM Client: obtain subscription() from Azure CLI: parsing json "
        "result from the Azure CLI: waiting for the Azure CLI: exit status 1: ERROR: "
        "AADSTS700213: No matching federated identity record found for presented assertion\n"
        "│ subject 'repo:contoso/infra:environment:prod'. Please check your federated identity\n"
        "│ credential Subject, Audience and Issuer against the presented assertion.\n"
        "│ \n"
        '│   with provider["registry.terraform.io/hashicorp/azurerm"],\n'
        "╵\n"
    )
    evidence = parse_error_text(log)
    assert evidence.error_codes == (700213,)
    assert evidence.subject == "repo:contoso/infra:environment:prod"


def test_azure_login_block_current_shape() -> None:
    log = (
        "2026-04-22T18:47:13.7556577Z Federated token details:\n"
        "2026-04-22T18:47:13.7557524Z  issuer - https://token.actions.githubusercontent.com\n"
        "2026-04-22T18:47:13.7558748Z  subject claim - "
        "repo:thruput-io/azure-lab:environment:production\n"
        "2026-04-22T18:47:13.7559935Z  audience - api://AzureADTokenExchange\n"
        "2026-04-22T18:47:13.7561102Z  job_workflow_ref - thruput-io/azure-lab/.github/workflows/"
        "deploy.yml@refs/heads/main\n"
        "2026-04-22T18:47:13.7562354Z Attempting Azure CLI login by using OIDC...\n"
    )
    evidence = parse_error_text(log)
    assert evidence.federated_token_details
    assert evidence.issuer == "https://token.actions.githubusercontent.com"
    assert evidence.subject == "repo:thruput-io/azure-lab:environment:production"
    assert evidence.audience == "api://AzureADTokenExchange"
    assert evidence.job_workflow_ref == (
        "thruput-io/azure-lab/.github/workflows/deploy.yml@refs/heads/main"
    )
    assert not evidence.is_empty


def test_azure_login_block_older_shape_has_the_actions_own_spaces() -> None:
    # Azure/login v1.4.x: "Federated token details: \n issuer - " + iss + " \n subject claim - "
    log = (
        "Federated token details: \n issuer - https://token.actions.githubusercontent.com \n"
        " subject claim - repo:mona/repo:ref:refs/heads/main\n"
    )
    evidence = parse_error_text(log)
    assert evidence.issuer == "https://token.actions.githubusercontent.com"
    assert evidence.subject == "repo:mona/repo:ref:refs/heads/main"
    assert evidence.audience is None


def test_azure_login_block_current_shape_keeps_a_trailing_space() -> None:
    log = "Federated token details:\n issuer - https://issuer.example.com/ \n subject claim - x\n"
    assert parse_error_text(log).issuer == "https://issuer.example.com/ "


def test_entra_quote_wins_over_block() -> None:
    log = (
        "Federated token details:\n issuer - https://token.actions.githubusercontent.com\n"
        " subject claim - repo:o/r:ref:refs/heads/main\n"
        "Error: AADSTS700213: No matching federated identity record found for presented assertion "
        "subject 'repo:o/r:ref:refs/heads/main'."
    )
    evidence = parse_error_text(log)
    assert evidence.subject == "repo:o/r:ref:refs/heads/main"
    assert evidence.issuer == "https://token.actions.githubusercontent.com"


def test_sdk_exceptions() -> None:
    python = (
        "azure.identity._exceptions.CredentialUnavailableError: WorkloadIdentityCredential "
        "authentication unavailable. The workload options are not fully configured. See the "
        "troubleshooting guide for more information: https://aka.ms/azsdk/python/identity/"
        "workloadidentitycredential/troubleshoot. Missing required arguments: 'tenant_id', "
        "'token_file_path'."
    )
    evidence = parse_error_text(python)
    (signal,) = evidence.signals
    assert signal.finding_id == "client-settings-missing"
    assert signal.detail["variables"] == "AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE"
    assert signal.excerpt.startswith("azure.identity._exceptions.CredentialUnavailableError")
    assert len(signal.excerpt) <= 200
    dotnet = (
        "Azure.Identity.AuthenticationFailedException: ClientAssertionCredential authentication "
        "failed: AADSTS700213: No matching federated identity record found for presented "
        "assertion subject 'system:serviceaccount:prod:api'."
    )
    assert parse_error_text(dotnet).subject == "system:serviceaccount:prod:api"


def test_graph_and_arm_error_codes() -> None:
    graph = (
        'Bad Request({"error":{"code":"InvalidFederatedIdentityCredentialValue","message":"The '
        'combination of issuer and subject must be unique for the application."}})'
    )
    evidence = parse_error_text(graph)
    assert evidence.graph_error_codes == ("InvalidFederatedIdentityCredentialValue",)
    assert {s.id for s in evidence.signals} == {"graph-invalid-fic-value", "fic-duplicate"}
    arm = (
        'error: Status=409 Code="ConcurrentFederatedIdentityCredentialsWritesForSingleManaged'
        'Identity" Message="Too many Federated Identity Credentials are written concurrently"\n'
        '{"error": {"code": "Conflict", "message": "x"}}\n'
        "(Request_ResourceNotFound) Resource does not exist; ERROR: (AuthorizationFailed) no"
    )
    evidence = parse_error_text(arm)
    assert evidence.graph_error_codes == (
        "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
        "Conflict",
        "Request_ResourceNotFound",
        "AuthorizationFailed",
    )
    assert evidence.http_statuses == (409,)
    assert parse_error_text("a merge Conflict and ERROR_CODE: X").graph_error_codes == ()


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("Status: 401 (Unauthorized)", (401,)),
        ("Request failed: HTTP 405\nthen HTTP/1.1 403 Forbidden", (405, 403)),
        ("The remote server returned an error: (405) Method Not Allowed.", (405,)),
        ("Response status code does not indicate success: 401 (Unauthorized).", (401,)),
        ('urllib3: "POST /t/oauth2/v2.0/token HTTP/1.1" 400 501', (400,)),
        ("githubAssertion: received HTTP status 404 with response", (404,)),
        ("Failed to get ID Token. \n \n        Error Code : 403\n", (403,)),
        ("Status Code = '404'. Response body: no", (404,)),
        ("nothing here: 401 apples, HTTPS, status quo", ()),
    ],
)
def test_http_statuses(text: str, statuses: tuple[int, ...]) -> None:
    assert parse_error_text(text).http_statuses == statuses


def test_tool_versions() -> None:
    log = (
        "Run azure/login@v2\n"
        "azure-cli                         2.59.0 *\n"
        '{"azure-cli": "2.61.0", "azure-cli-core": "2.61.0"}\n'
        "- Installed hashicorp/azurerm v4.1.0 (signed by HashiCorp)\n"
        "Terraform v1.9.8 on linux_amd64\n"
        "Script     2.12.1                Az.Accounts\n"
        "User-Agent: azsdk-python-identity/1.25.3 Python/3.11.15 (Linux)\n"
        "User-Agent:azsdk-net-Identity/1.13.0-alpha.20240923.2 (.NET 6.0.33)\n"
    )
    assert parse_error_text(log).tool_versions == {
        "azure/login": "v2",
        "azure-cli": "2.59.0",
        "terraform-provider-azurerm": "4.1.0",
        "terraform": "1.9.8",
        "Az.Accounts": "2.12.1",
        "azure-identity-python": "1.25.3",
        "azure-identity-dotnet": "1.13.0-alpha.20240923.2",
    }
    assert parse_error_text('{"azure-cli": "2.59.0"}').tool_versions == {"azure-cli": "2.59.0"}
    agent = "terraform-provider-azurerm/3.90.0 pid-222c6c49"
    assert parse_error_text(agent).tool_versions == {"terraform-provider-azurerm": "3.90.0"}


def test_source_lines_are_bounded() -> None:
    text = "\n".join(f"AADSTS{50000 + i}: x" + "y" * 1000 for i in range(40))
    evidence = parse_error_text(text)
    assert len(evidence.error_codes) == 32
    assert len(evidence.source_lines) <= 20
    assert all(len(line) <= 300 for line in evidence.source_lines)


def test_empty_and_blank_text() -> None:
    assert parse_error_text("").is_empty
    assert parse_error_text("") == ErrorEvidence()
    assert parse_error_text(" \n\t\r\n").is_empty
    assert parse_error_text("everything went fine").is_empty


def test_time_shapes() -> None:
    assert parse_time("2024-06-13T17:40:46+02:00") == datetime(2024, 6, 13, 15, 40, 46, tzinfo=UTC)
    assert parse_time("2024-06-13 15:40:46 UTC") == datetime(2024, 6, 13, 15, 40, 46, tzinfo=UTC)
    assert parse_time("2024-13-45T99:00:00Z") is None
    assert parse_time("yesterday") is None


def test_unicode_escaped_quotes_from_dotnet_json() -> None:
    text = (
        '{"error_description":"AADSTS700213: No matching federated identity record found for '
        'presented assertion subject \\u0027repo:o/r:environment:prod \\u0027."}'
    )
    assert parse_error_text(text).subject == "repo:o/r:environment:prod "


def test_decoded_claims_pasted_as_json_are_the_assertion() -> None:
    # What jwt.ms shows, pasted on its own: the values are the assertion's (issue 6, one intake).
    pasted = (
        '{\n  "aud": [\n    "api://AzureADTokenExchange"\n  ],\n  "exp": 1700003600,\n'
        '  "iss": "https://westeurope.oic.prod-aks.azure.com/1b2c/4d5e/",\n'
        '  "kubernetes.io": {"namespace": "payments", "pod": {"name": "api-0"}},\n'
        '  "sub": "system:serviceaccount:payments:api"\n}'
    )
    evidence = parse_error_text(pasted)
    assert evidence.decoded_claims
    assert evidence.issuer == "https://westeurope.oic.prod-aks.azure.com/1b2c/4d5e/"
    assert evidence.subject == "system:serviceaccount:payments:api"
    assert evidence.audience == "api://AzureADTokenExchange"
    assert not evidence.is_empty


def test_values_entra_quoted_win_over_a_pasted_payload() -> None:
    text = (
        "AADSTS700213: No matching federated identity record found for presented assertion "
        "subject 'repo:contoso/api:environment:prod'.\n"
        'decoded: {"iss": "https://token.actions.githubusercontent.com", '
        '"sub": "repo:contoso/api:ref:refs/heads/main"}'
    )
    evidence = parse_error_text(text)
    assert evidence.subject == "repo:contoso/api:environment:prod"
    assert evidence.issuer == "https://token.actions.githubusercontent.com"
    assert not evidence.decoded_claims


def test_the_operators_own_id_token_in_an_msal_message_is_not_an_assertion() -> None:
    # Azure/azure-cli#23316: MSAL prints the user's sign-in ID token when the clock is wrong.
    text = (
        "The ID token is not yet valid. Make sure your computer's time and time zone are both "
        'correct. Current epoch = 1658329330.  The id_token was: {\n  "aud": '
        '"04b07795-8ddb-461a-bbee-02f9e1bf7b46",\n  "iss": '
        '"https://login.microsoftonline.com/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/v2.0",\n'
        '  "iat": 1658733287,\n  "sub": "7L1VweqSLmaUcGRm92lkqyZIW6sEQh5DI2g8INEZkPk"\n}'
    )
    evidence = parse_error_text(text)
    assert evidence.issuer is None and evidence.subject is None


def test_a_huge_json_object_is_not_decoded_again_and_again() -> None:
    # Bounded: a 1.9 MB object full of "sub" keys is looked at a bounded number of times.
    import time

    text = '{"items": [' + '{"sub": 1, "n": [0, 0, 0]}, ' * 60_000 + '{"sub": 1}]}'
    started = time.perf_counter()
    evidence = parse_error_text(text)
    assert evidence.subject is None
    assert time.perf_counter() - started < 5
