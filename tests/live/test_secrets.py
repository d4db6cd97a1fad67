"""No raw token or secret in any output, trace or message: for every scenario and every step,
with the requests' credentials captured on the wire to know exactly what must not appear."""

from __future__ import annotations

import io
import json

import httpx
import pytest

from tests.live.helpers import lab, request_for, tweaked, walk_lab
from tests.minting import github_claims, mint
from wifdoctor.cli_live import Progress
from wifdoctor.clients.http import HttpFactory
from wifdoctor.clients.lab_link import lab_environment
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.redaction import redact_text
from wifdoctor.lab.scenario import all_scenarios
from wifdoctor.lab.state import RouteFault
from wifdoctor.report.json_report import render_json
from wifdoctor.report.markdown_report import render_markdown
from wifdoctor.report.redact import redact
from wifdoctor.report.text_report import render_text

ENV_SECRET = "ghs_request-token-from-the-environment-0123"


class Spy(httpx.AsyncBaseTransport):
    """Notes every bearer token sent and every access token received."""

    def __init__(self, inner: httpx.AsyncBaseTransport, seen: set[str]) -> None:
        self.inner = inner
        self.seen = seen

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            self.seen.add(auth[7:])
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        try:
            token = json.loads(body).get("access_token")
        except (ValueError, AttributeError):
            token = None
        if isinstance(token, str):
            self.seen.add(token)
        return httpx.Response(response.status_code, headers=response.headers, content=body)


def outputs(diagnosis: Diagnosis) -> dict[str, str]:
    shown = redact(diagnosis, (ENV_SECRET,))
    text = io.StringIO()
    render_text(shown, text, color=False)
    progress = io.StringIO()
    bar = Progress(progress, (ENV_SECRET,))
    for result in diagnosis.steps:
        bar.finished(result.id, result.status, result.title, result.summary, result.duration_ms)
    found = {
        "json": render_json(shown),
        "markdown": render_markdown(shown),
        "text": text.getvalue(),
    }
    found["stderr"] = progress.getvalue()
    for result in shown.steps:
        found[f"step {result.id}"] = result.summary + json.dumps(dict(result.evidence))
        found[f"findings of {result.id}"] = repr(result.findings)
    found["trace"] = repr(shown.trace)
    return found


async def walk_spied(chosen: object) -> tuple[Diagnosis, set[str]]:
    seen: set[str] = set()
    env = lab_environment(chosen)  # type: ignore[arg-type]
    env.http = HttpFactory(
        policy=env.http.policy,
        transport=lambda: Spy(chosen.transport(), seen),  # type: ignore[attr-defined]
    )
    request = request_for(chosen)  # type: ignore[arg-type]
    seen.add(request.token_text or "")
    diagnosis = await walk_lab(chosen, request=request, env=env)  # type: ignore[arg-type]
    return diagnosis, seen


def assert_clean(diagnosis: Diagnosis, secrets: set[str]) -> None:
    pieces = set()
    for secret in secrets:
        pieces.add(secret)
        if secret.count(".") == 2:
            pieces.add(secret.rsplit(".", 1)[1])  # the signature alone
    for where, text in outputs(diagnosis).items():
        for piece in pieces | {ENV_SECRET}:
            assert piece not in text, f"a secret in {where}"
    assert "eyJ" not in outputs(diagnosis)["json"]


@pytest.mark.parametrize("name", [s.name for s in all_scenarios()])
async def test_no_token_or_secret_in_any_output(name: str) -> None:
    diagnosis, seen = await walk_spied(lab(name))
    assert len(seen) >= 2  # the workload token, and at least the operator's Graph token
    assert_clean(diagnosis, seen)


@pytest.mark.parametrize(
    "fault", [RouteFault(status=403), RouteFault(truncate=True), RouteFault(status=503)]
)
async def test_no_secret_in_failure_messages(fault: RouteFault) -> None:
    chosen = lab("healthy")
    chosen.state.faults = {"graph.microsoft.com/": fault, "login.microsoftonline.com/": fault}
    diagnosis, seen = await walk_spied(chosen)
    assert_clean(diagnosis, seen)


async def test_a_secret_from_the_environment_is_redacted_wherever_it_lands() -> None:
    def rename(data: dict[str, object]) -> None:
        data["identities"][0]["name"] = f"deploy {ENV_SECRET}"  # type: ignore[index]

    chosen = lab(tweaked("healthy", rename))
    diagnosis, seen = await walk_spied(chosen)
    assert ENV_SECRET in repr(diagnosis.steps)  # it did reach the diagnosis...
    assert_clean(diagnosis, seen)  # ...and no renderer shows it


def test_redact_text_covers_the_usual_carriers() -> None:
    jwt = mint(github_claims())  # signed in this run with a key made in this run
    samples = [
        f"client_assertion={jwt}&client_id=x",
        "Authorization: Bearer abcdefghijklmnop.qrstuvwxyz",
        '{"access_token": "opaque-access-token-value-1234"}',
        f"the token {jwt} expired",
        "client_secret=Zx9~verysecretvalue",
    ]
    for sample in samples:
        cleaned = redact_text(sample)
        for secret in (jwt, "abcdefghijklmnop", "opaque-access-token", "verysecretvalue"):
            assert secret not in cleaned, cleaned
    assert (
        redact_text("repo:contoso/api:ref:refs/heads/main")
        == "repo:contoso/api:ref:refs/heads/main"
    )
