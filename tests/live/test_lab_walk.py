"""For every lab scenario, the live walk (``diagnose --lab NAME --exchange``) concludes the
findings the scenario declares, and no error it does not declare."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.live.helpers import errors, ids, lab, step, walk_lab
from wifdoctor.cli import main
from wifdoctor.lab.scenario import all_scenarios

NAMES = [s.name for s in all_scenarios()]
# Errors that are true besides the declared cause, and why.
ALSO_TRUE = {
    # The pipeline sent an access token for ARM: its aud is not the credential's audience either.
    "entra-issued": {"audience-mismatch"},
    # Entra's answer says the assertion expired 10 min before it was used: a tool reused it.
    "expired": {"token-refresh-missing"},
}


def declared(name: str) -> set[str]:
    chosen = next(s for s in all_scenarios() if s.name == name)
    return set(chosen.expected_findings) | set(chosen.data["expect"].get("live_findings", []))


@pytest.mark.parametrize("name", NAMES)
async def test_the_live_walk_concludes_what_the_scenario_declares(name: str) -> None:
    diagnosis = await walk_lab(lab(name))
    assert declared(name) <= ids(diagnosis)
    assert errors(diagnosis) <= declared(name) | ALSO_TRUE.get(name, set())
    crashed = [s.id for s in diagnosis.steps if "unexpectedly" in s.summary]
    assert crashed == []
    # The identity and its credentials came from the tenant, not from a file.
    if name == "operator-without-permission":
        identity = step(diagnosis, "identity")
        assert identity.status == "incomplete" and "Application.Read.All" in identity.summary
    elif name != "wrong-client-id":
        assert step(diagnosis, "identity").status == "pass"
        assert diagnosis.identity is not None
        assert diagnosis.credentials_given


@pytest.mark.parametrize("name", ["healthy", "subject-entity", "issuer-unreachable", "no-role"])
def test_diagnose_lab_on_the_command_line(name: str) -> None:
    result = CliRunner().invoke(main, ["diagnose", "--lab", name, "--exchange", "--format", "json"])
    data = json.loads(result.stdout)
    assert declared(name) <= {f["id"] for f in data["findings"]}
    assert result.exit_code == (0 if name == "healthy" else 1)
    assert data["identity"]["client_id"]
    assert {call["host"] for call in data["trace"]} >= {"graph.microsoft.com"}
    # progress went to standard error, one line per finished step
    assert "Issuer discovery" in result.stderr
    assert len(result.stderr.strip().splitlines()) == len(data["steps"])


def test_without_exchange_the_token_is_never_sent() -> None:
    result = CliRunner().invoke(main, ["diagnose", "--lab", "subject-entity", "--format", "json"])
    data = json.loads(result.stdout)
    assert not any(call["path"].endswith("/oauth2/v2.0/token") for call in data["trace"])
    exchange = next(s for s in data["steps"] if s["id"] == "exchange")
    assert exchange["status"] == "skipped"
    # the match on live data still names the precise cause
    assert "subject-entity-mismatch" in {f["id"] for f in data["findings"]}


def test_an_unknown_scenario_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["diagnose", "--lab", "nope"])
    assert result.exit_code == 2
    assert "no lab scenario called 'nope'" in result.stderr
    assert "Traceback" not in result.output


async def test_independent_chains_overlap() -> None:
    """At 100 ms a request, the walk takes about its longest chain (5 requests with the
    exchange), far from the sequential sum of its 11 lab requests (1.1 s; the eleventh is the
    Resource Graph query for managed identities holding the subject, on a chain of its own)."""
    import time

    chosen = lab("healthy")
    await walk_lab(chosen)  # warm: msgraph's imports are not the walk's
    chosen = lab("healthy")
    chosen.state.latency_ms = 100
    started = time.perf_counter()
    await walk_lab(chosen)
    wall = time.perf_counter() - started
    assert len(chosen.state.requests) == 11
    assert 0.5 <= wall < 0.8  # sequential would be 1.1 s; benchmarks/ holds the 1.25x bound


def test_an_issuer_unreachable_from_here_is_not_blamed_without_entras_word() -> None:
    """No answer from the issuer may be this machine's network: the check is incomplete (exit
    3); with --exchange, Entra's AADSTS90061 makes it the finding."""
    alone = CliRunner().invoke(
        main, ["diagnose", "--lab", "issuer-unreachable", "--format", "json"]
    )
    data = json.loads(alone.stdout)
    discovery = next(s for s in data["steps"] if s["id"] == "discovery")
    assert discovery["status"] == "incomplete"
    assert "this machine" in discovery["summary"]
    assert alone.exit_code == 3
    both = CliRunner().invoke(
        main, ["diagnose", "--lab", "issuer-unreachable", "--exchange", "--format", "json"]
    )
    assert "issuer-unreachable" in {f["id"] for f in json.loads(both.stdout)["findings"]}
    assert both.exit_code == 1


async def test_a_pasted_53003_reads_conditional_access_without_an_exchange() -> None:
    from dataclasses import replace

    from tests.lab.helpers import exchange
    from tests.live.helpers import request_for
    from wifdoctor.core.error_text import parse_error_text

    chosen = lab("conditional-access")
    answer = await exchange(chosen, chosen.workload_token())
    pasted = parse_error_text(answer.json()["error_description"])
    assert 53003 in pasted.error_codes
    request = replace(request_for(chosen, exchange=False), evidence=pasted)
    diagnosis = await walk_lab(chosen, request=request)
    policy = step(diagnosis, "policy")
    assert policy.status == "fail"
    assert "Block workload identities outside the office" in policy.summary
    assert "'Office' (192.0.2.0/24)" in policy.summary
    assert not any(c.path.endswith("/oauth2/v2.0/token") for c in diagnosis.trace)


def test_a_walk_that_needs_no_graph_never_imports_msgraph(tmp_path: object) -> None:
    """With the credentials given as a file, the live walk reads no Graph: no msgraph import."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.lab.helpers import credentials_json

    chosen = lab("subject-entity")
    file = Path(str(tmp_path)) / "fics.json"
    file.write_text(credentials_json(chosen.state.identities[0].credentials))
    args = ["diagnose", "--lab", "subject-entity", "--credentials", str(file), "--format", "json"]
    code = (
        "import sys\nfrom wifdoctor.cli import main\n"
        f"sys.argv = ['wifdoctor', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import json as _j\nprint(_j.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    assert not [m for m in modules if m.startswith(("msgraph", "kiota", "azure.identity"))]
    assert "subject-entity-mismatch" in {f["id"] for f in json.loads(result.stdout)["findings"]}


async def test_stopping_the_walk_cancels_its_steps_cleanly() -> None:
    import asyncio

    from tests.live.helpers import request_for
    from wifdoctor.checks.context import WalkContext
    from wifdoctor.checks.live_plan import build_plan
    from wifdoctor.checks.runner import StepStarted, run_walk
    from wifdoctor.clients.lab_link import lab_environment

    chosen = lab("healthy")
    chosen.state.latency_ms = 2000
    request = request_for(chosen)
    env = lab_environment(chosen)
    before = asyncio.all_tasks()
    walk = run_walk(build_plan(request), WalkContext.start(request, env))
    async for event in walk:
        if isinstance(event, StepStarted) and event.step_id == "discovery":
            break
    await walk.aclose()  # what the app does when a newer walk replaces this one
    await env.aclose()
    await asyncio.sleep(0.1)
    left = [t for t in asyncio.all_tasks() - before if not t.done()]
    assert left == []
    assert len(chosen.state.requests) < 5  # the 2 s requests were abandoned, not awaited


def test_with_the_exchange_an_expired_token_is_judged_at_entras_time() -> None:
    """The live exchange happens now: Entra's "Current time" decides, so the expiry is the
    error; without the exchange the time of the failure is unknown and it is a warning."""
    live = CliRunner().invoke(
        main, ["diagnose", "--lab", "expired", "--exchange", "--format", "json"]
    )
    found = {f["id"]: f["severity"] for f in json.loads(live.stdout)["findings"]}
    assert found["token-expired"] == "error" and live.exit_code == 1
    read_only = CliRunner().invoke(main, ["diagnose", "--lab", "expired", "--format", "json"])
    found = {f["id"]: f["severity"] for f in json.loads(read_only.stdout)["findings"]}
    assert found["token-expired"] == "warning"
