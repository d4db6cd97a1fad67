"""The ready-made CI pieces, run as the platforms would run them, against the lab served over TLS.

The scripts are taken from the files users copy (action.yml's script, the Azure Pipelines step,
the GitLab job, the debug pod), run by bash with the lab's variables, with wifdoctor already
installed (WIFDOCTOR_INSTALL=false) and HTTPS going through the lab's CONNECT proxy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.capture.helpers import SERVICE_CONNECTION, lab_for, lab_variables
from wifdoctor.lab.serve import LabServer
from wifdoctor.lab.server import Lab

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "ci-templates"
BIN = str(Path(sys.executable).parent)


def literal_block(text: str, key: str) -> str:
    """The YAML literal block scalar after ``key: |`` (or a list item ``- |`` under ``key:``)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if re.match(rf"\s*(- )?{re.escape(key)}:\s*\|\s*$", line) or (
            line.strip() == f"{key}:" and n + 1 < len(lines) and lines[n + 1].strip() == "- |"
        ):
            start = n + 1 if line.rstrip().endswith("|") else n + 2
            indent = len(lines[start]) - len(lines[start].lstrip())
            block = []
            for body in lines[start:]:
                if body.strip() and len(body) - len(body.lstrip()) < indent:
                    break
                block.append(body)
            return textwrap.dedent("\n".join(block)) + "\n"
    raise AssertionError(f"no literal block {key!r}")


def script_items(text: str, key: str = "script") -> list[str]:
    """The one-line items of a YAML list ``key:`` (GitLab's script)."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == f"{key}:")
    items = []
    for line in lines[start + 1 :]:
        if not line.strip().startswith("- "):
            break
        items.append(line.strip()[2:])
    return items


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Lab, dict[str, str]]]:
    lab = lab_for()
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text(lab.workload_token())
    with LabServer(lab, tmp_path) as server:
        assert server.tls is not None
        variables = lab_variables(
            lab, token_file, proxy_port=server.proxy_port, ca=server.tls.ca_pem
        )
        yield lab, variables


def job_env(variables: dict[str, str], **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ACTIONS_"))}
    keep.pop("TF_BUILD", None)
    network = ("HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")
    return {
        **keep,
        **{k: variables[k] for k in network},
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "WIFDOCTOR_INSTALL": "false",
        "NO_COLOR": "1",
        **extra,
    }


def bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def github_env(variables: dict[str, str], summary: Path, **extra: str) -> dict[str, str]:
    return job_env(
        variables,
        GITHUB_ACTIONS="true",
        GITHUB_STEP_SUMMARY=str(summary),
        ACTIONS_ID_TOKEN_REQUEST_URL=variables["ACTIONS_ID_TOKEN_REQUEST_URL"],
        ACTIONS_ID_TOKEN_REQUEST_TOKEN=variables["ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
        WIFDOCTOR_AUDIENCE="api://AzureADTokenExchange",
        **extra,
    )


def test_action_yml_runs_the_script_with_every_input_it_reads() -> None:
    action = (ROOT / "action.yml").read_text()
    assert "using: composite" in action
    assert 'run: bash "$GITHUB_ACTION_PATH/ci-templates/github/capture.sh"' in action
    script = (TEMPLATES / "github" / "capture.sh").read_text()
    read = set(re.findall(r"\$\{(WIFDOCTOR_[A-Z_]+)", script))
    given = set(re.findall(r"^\s+(WIFDOCTOR_[A-Z_]+): \$\{\{ inputs\.", action, re.M))
    assert read == given
    assert "--summary" in script


def test_the_action_script_in_a_healthy_job(
    served: tuple[Lab, dict[str, str]], tmp_path: Path
) -> None:
    lab, variables = served
    summary = tmp_path / "summary.md"
    done = bash(
        f"bash {TEMPLATES / 'github' / 'capture.sh'}", github_env(variables, summary), tmp_path
    )
    assert done.returncode == 0, done.stderr
    written = summary.read_text()
    assert "GitHub's token endpoint" in written and "| 200 |" in written
    assert "::error" not in done.stdout
    assert lab.request_token not in done.stdout + done.stderr + written


def test_the_action_script_when_the_job_lacks_the_permission(
    served: tuple[Lab, dict[str, str]], tmp_path: Path
) -> None:
    lab, variables = served
    lab.state.id_token_permission = False
    summary = tmp_path / "summary.md"
    script = f"bash {TEMPLATES / 'github' / 'capture.sh'}"
    done = bash(script, github_env(variables, summary), tmp_path)
    assert done.returncode == 0, done.stderr  # the job failed already; this step reports
    annotation = next(line for line in done.stdout.splitlines() if line.startswith("::error"))
    assert "token-permission-missing" in annotation and "403" in annotation
    assert "| 403 |" in summary.read_text()
    strict = github_env(variables, summary, WIFDOCTOR_FAIL_ON_FINDINGS="true")
    assert bash(script, strict, tmp_path).returncode == 1


def test_the_azure_pipelines_step(served: tuple[Lab, dict[str, str]], tmp_path: Path) -> None:
    lab, variables = served
    template = (TEMPLATES / "azure-pipelines" / "wifdoctor-capture.yml").read_text()
    script = literal_block(template, "bash")
    assert "SYSTEM_ACCESSTOKEN: $(System.AccessToken)" in template
    env = job_env(
        variables,
        TF_BUILD="True",
        AGENT_TEMPDIRECTORY=str(tmp_path),
        SYSTEM_OIDCREQUESTURI=variables["SYSTEM_OIDCREQUESTURI"],
        SYSTEM_ACCESSTOKEN=variables["SYSTEM_ACCESSTOKEN"],
        WIFDOCTOR_SERVICE_CONNECTION=SERVICE_CONNECTION,
        WIFDOCTOR_PACKAGE="wifdoctor",
    )
    done = bash(script, env, tmp_path)
    assert done.returncode == 0, done.stderr
    upload = next(line for line in done.stdout.splitlines() if "##vso[task.uploadsummary]" in line)
    summary = Path(upload.split("]", 1)[1])
    assert "Azure DevOps OIDC endpoint" in summary.read_text()
    assert "| 200 |" in summary.read_text()
    # Without System.AccessToken mapped: a logissue line that says so.
    del env["SYSTEM_ACCESSTOKEN"]
    done = bash(script, env, tmp_path)
    issues = [line for line in done.stdout.splitlines() if line.startswith("##vso[task.logissue")]
    assert issues and "SYSTEM_ACCESSTOKEN" in issues[0] and "type=error" in issues[0]
    assert lab.request_token not in done.stdout


def test_the_gitlab_job(served: tuple[Lab, dict[str, str]], tmp_path: Path) -> None:
    _lab, variables = served
    text = (TEMPLATES / "gitlab" / "wifdoctor.gitlab-ci.yml").read_text()
    assert "aud: api://AzureADTokenExchange" in text
    token = lab_for("audience").workload_token({"aud": "api://AzureADTokenExchange"})
    env = job_env(variables, GITLAB_CI="true", AZURE_ID_TOKEN=token, WIFDOCTOR_PACKAGE="x")
    for item in script_items(text):
        done = bash("set -e\n" + item, env, tmp_path)
        assert done.returncode == 0, (item, done.stderr)
        assert token.split(".")[2] not in done.stdout
    page = (tmp_path / "wifdoctor-report.html").read_text()
    assert "the id_tokens variable AZURE_ID_TOKEN" in page


def test_the_kubernetes_debug_pod(served: tuple[Lab, dict[str, str]], tmp_path: Path) -> None:
    _lab, variables = served
    manifest = (TEMPLATES / "kubernetes" / "wifdoctor-debug-pod.yaml").read_text()
    metadata = manifest.split("spec:", 1)[0]
    assert 'azure.workload.identity/use: "true"' in metadata  # the pod's label, not elsewhere
    script = literal_block(manifest, "args")
    token_file = tmp_path / "token"
    token_file.write_text(lab_for("issuer-slash-missing").workload_token())
    env = job_env(
        variables,
        KUBERNETES_SERVICE_HOST="10.0.0.1",
        AZURE_FEDERATED_TOKEN_FILE=str(token_file),
        AZURE_CLIENT_ID="2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3e5a7c",
        AZURE_TENANT_ID="5f0c2d1e-8a4b-4c3d-9e2f-1a0b9c8d7e6f",
    )
    done = bash(script, env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Capturing the job's token" in done.stdout
    assert "projected token" in done.stdout
    del env["AZURE_FEDERATED_TOKEN_FILE"]
    done = bash(script, env, tmp_path)
    assert "workload-identity-not-injected" in done.stdout


@pytest.mark.parametrize(
    ("scenario", "status", "finding"),
    [("healthy", "pass", None), ("subject-case", "fail", "subject-case-mismatch")],
)
def test_capture_exchange_in_a_job_tries_the_real_exchange(
    tmp_path: Path, scenario: str, status: str, finding: str | None
) -> None:
    lab = lab_for(scenario)
    with LabServer(lab, tmp_path) as server:
        assert server.tls is not None
        variables = lab_variables(
            lab, tmp_path / "t", proxy_port=server.proxy_port, ca=server.tls.ca_pem
        )
        env = github_env(
            variables,
            tmp_path / "summary.md",
            AZURE_CLIENT_ID=variables["AZURE_CLIENT_ID"],
            AZURE_TENANT_ID=variables["AZURE_TENANT_ID"],
        )
        done = bash("wifdoctor capture --exchange --format json", env, tmp_path)
    import json

    data = json.loads(done.stdout)
    steps = {step["id"]: step["status"] for step in data["steps"]}
    assert steps["capture"] == "pass" and steps["exchange"] == status
    posted = [c for c in data["trace"] if c["method"] == "POST"]
    assert posted and posted[0]["host"] == "login.microsoftonline.com"
    if finding is not None:
        assert finding in [f["id"] for f in data["findings"]]
    assert lab.request_token not in done.stdout + done.stderr


def test_capture_exchange_needs_the_client_id(tmp_path: Path) -> None:
    env = job_env(
        {k: "" for k in ("HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")}
    )
    token = tmp_path / "t"
    token.write_text(lab_for().workload_token())
    done = bash(f"wifdoctor capture --token-file {token} --exchange", env, tmp_path)
    assert done.returncode == 2 and "client ID" in done.stderr


def test_report_capture_in_a_job_lists_the_token_request(
    served: tuple[Lab, dict[str, str]], tmp_path: Path
) -> None:
    lab, variables = served
    env = github_env(variables, tmp_path / "summary.md")
    for fmt in ("markdown", "html", "json"):
        done = bash(f"wifdoctor report --capture --format {fmt}", env, tmp_path)
        assert done.returncode == 0, done.stderr
        assert "pipelines.actions.githubusercontent.com" in done.stdout
        assert lab.request_token not in done.stdout
    assert (
        "| token request | status | answer |"
        in bash("wifdoctor report --capture", env, tmp_path).stdout
    )
