"""No output of capture or report holds a signature or a secret: every format, the step
summary and the CI annotations, with tokens in the inputs, secrets in the environment and
bearer headers in the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.minting import github_claims, mint
from wifdoctor.cli import main
from wifdoctor.report.redaction import MASK, Redactor

SECRETS = {
    "SYSTEM_ACCESSTOKEN": "ado-job-access-token-0123456789",
    "AZURE_CLIENT_SECRET": "Qx8~client.secret_value-42",
    "MY_API_KEY": "key-7f6e5d4c3b2a1908",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token-abcdefghijkl",
}
BEARER = "Zm9vYmFyYmF6cXV4LWJlYXJlci1zZWNyZXQ"


def secrets_in(text: str, token: str) -> list[str]:
    signature = token.rsplit(".", 1)[1]
    found = [name for name, value in SECRETS.items() if value in text]
    if signature in text:
        found.append("the token's signature")
    if token.split(".")[1] in text:
        found.append("the token's payload part")
    if BEARER in text:
        found.append("the bearer header's value")
    return found


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, str]:
    token = mint(github_claims(exp=4102444800, iat=1767225600, nbf=1767225600))
    other = mint(github_claims(sub="repo:contoso/other:ref:refs/heads/dev"))
    error = (
        f"POST /oauth2/v2.0/token client_id=x&client_assertion={other}&grant_type=cc\n"
        f"Authorization: Bearer {BEARER}\n"
        f"export SYSTEM_ACCESSTOKEN={SECRETS['SYSTEM_ACCESSTOKEN']}\n"
        f'{{"access_token": "{BEARER}xyz", "token_type": "Bearer"}}\n'
        "AADSTS700213: No matching federated identity record found for presented assertion "
        "subject 'repo:contoso/payments-api:ref:refs/heads/main'. Trace ID: "
        "0b8e2f4c-1a3d-4e5f-9a7b-6c5d4e3f2a1b "
        "Correlation ID: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\n"
    )
    (tmp_path / "token.jwt").write_text(token)
    (tmp_path / "error.txt").write_text(error)
    return {"token": token, "other": other, "dir": str(tmp_path)}


def run(args: list[str], env: dict[str, str]) -> str:
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_no_report_format_leaks(inputs: dict[str, str], fmt: str) -> None:
    folder = inputs["dir"]
    out = run(
        [
            "report",
            "--token",
            f"@{folder}/token.jwt",
            "--error",
            f"@{folder}/error.txt",
            "--format",
            fmt,
        ],
        SECRETS,
    )
    assert secrets_in(out, inputs["token"]) == []
    assert secrets_in(out, inputs["other"]) == []
    assert "repo:contoso/payments-api:ref:refs/heads/main" in out  # claims stay readable
    assert "0b8e2f4c-1a3d-4e5f-9a7b-6c5d4e3f2a1b" in out  # and the trace ID
    if fmt == "json":
        assert json.loads(out)["inputs"]["signature"] == "removed"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_capture_output_summary_and_annotations_do_not_leak(
    inputs: dict[str, str], fmt: str, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    env = {
        **SECRETS,
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITLAB_CI": "true",
        "AZURE_ID_TOKEN": inputs["token"],
        "LEAKED_JWT_IN_ENV": inputs["other"],
        # A context variable the report shows, holding a secret's value: masked all the same.
        "CI_COMMIT_REF_NAME": SECRETS["MY_API_KEY"],
        "CI_PROJECT_PATH": "contoso/payments-api",
    }
    out = run(["capture", "--platform", "gitlab", "--summary", "--format", fmt], env)
    written = summary.read_text()
    assert "# wifdoctor capture" in written
    assert "contoso/payments-api" in written  # the context variables are there
    for text in (out, written):
        assert secrets_in(text, inputs["token"]) == []
        assert secrets_in(text, inputs["other"]) == []


def test_annotations_carry_each_finding_without_secrets(inputs: dict[str, str]) -> None:
    env = {**SECRETS, "GITHUB_ACTIONS": "true", "TF_BUILD": "", "GITLAB_CI": "true"}
    out = run(["capture", "--platform", "gitlab"], env)  # no id_tokens variable: a finding
    lines = [line for line in out.splitlines() if line.startswith("::")]
    assert lines and lines[0].startswith("::error title=wifdoctor%3A ")
    assert "token-permission-missing" in lines[0]
    assert secrets_in(out, inputs["token"]) == []


def test_redactor_masks_each_sanitizer_kind() -> None:
    token = mint(github_claims())
    redactor = Redactor(["a-caller-named-secret"])
    text = redactor.text(
        f"x {token} Authorization: Basic dXNlcjpwYXNz client_assertion=abcdefgh "
        '"idToken": "zzzzzzzz" a-caller-named-secret\nexport AZURE_CLIENT_SECRET=hunter2hunter2'
    )
    assert token.split(".")[2] not in text
    assert "iss=https://token.actions.githubusercontent.com" in text
    for gone in ("dXNlcjpwYXNz", "abcdefgh", "zzzzzzzz", "a-caller-named-secret", "hunter2"):
        assert gone not in text
    assert text.count(MASK) >= 5
    assert redactor.data({"Authorization": "Bearer q", "SYSTEM_ACCESSTOKEN": "v"}) == {
        "Authorization": MASK,
        "SYSTEM_ACCESSTOKEN": MASK,
    }
