"""Issue 7's hostile-input suite: every run ends within 10 s and 1 GiB, exits 0-3, prints no
traceback, and writes strict JSON where JSON was asked.

Most cases run through the real command line in one driver subprocess (tests/hostile_cases.py)
under RLIMIT_AS = 1 GiB, each under a 10-second alarm; the cases that need a real process (a
device, a FIFO, a locale, a console encoding, the forced crash) run as subprocesses of their own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_cases import _cases
from tests.minting import github_claims, mint

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = 1 << 30
TIMEOUT_S = 10
FROZEN = {"WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
AADSTS = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject 'x'"
)


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def reject_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def check_output(code: int, stdout: str, stderr: str, *, want_json: bool) -> None:
    assert "Traceback" not in stdout and "Traceback" not in stderr, stderr[-1500:]
    if want_json:
        json.loads(stdout, parse_constant=reject_constant)


@pytest.fixture(scope="module")
def driver_results() -> dict[str, dict[str, Any]]:
    names = [case.name for case in _cases()]
    completed = subprocess.run(
        [sys.executable, "-m", "tests.hostile_cases"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * len(names),
        preexec_fn=limit_memory,
        env={**os.environ, **FROZEN},
    )
    results = {}
    for line in completed.stdout.splitlines():
        item = json.loads(line)
        results[item["name"]] = item
    assert completed.returncode == 0, completed.stderr[-3000:]  # a MemoryError would end it here
    return results


CASE_NAMES = [case.name for case in _cases()]


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASE_NAMES) + len(PROCESS_CASES) >= 40
    commands = {case.args[0] for case in _cases()}
    assert commands == {"decode", "explain", "diagnose"}


@pytest.mark.parametrize("name", CASE_NAMES)
def test_hostile_input(name: str, driver_results: dict[str, dict[str, Any]]) -> None:
    result = driver_results[name]
    assert result["code"] in result["expect"], result["stderr"]
    assert result["seconds"] < TIMEOUT_S
    assert not result["traceback"], result["stderr"]
    assert result["json_error"] is None, result["json_error"]


def run_process(
    args: list[str],
    *,
    stdin: Any = None,
    env: dict[str, str] | None = None,
    code: str | None = None,
) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "wifdoctor"]
    return subprocess.run(
        [*command, *args],
        cwd=ROOT,
        stdin=stdin,
        capture_output=True,
        timeout=TIMEOUT_S,
        preexec_fn=limit_memory,
        env={**os.environ, **FROZEN, **(env or {})},
    )


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def device_zero() -> subprocess.CompletedProcess[bytes]:
    return run_process(["decode", "@/dev/zero", "--format", "json"])


def device_urandom() -> subprocess.CompletedProcess[bytes]:
    return run_process(["explain", "@/dev/urandom"])


def stdin_zero() -> subprocess.CompletedProcess[bytes]:
    with open("/dev/zero", "rb") as zero:
        return run_process(["explain", "-"], stdin=zero)


def fifo_forever(tmp: Path) -> subprocess.CompletedProcess[bytes]:
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:
        try:
            with fifo.open("wb") as writer:
                while not stop.is_set():
                    writer.write(b"eyJ" * 20_000)
        except OSError:
            pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        return run_process(["explain", f"@{fifo}"])
    finally:
        stop.set()
        thread.join(5)


def bytes_argument_c_locale() -> subprocess.CompletedProcess[bytes]:
    # Under the C locale with UTF-8 mode off, argv bytes that are not valid become surrogates.
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "wifdoctor", "explain", os.fsencode(AADSTS) + b"\xff\xfe\x80"],
        cwd=ROOT,
        capture_output=True,
        timeout=TIMEOUT_S,
        preexec_fn=limit_memory,
        env={**os.environ, **FROZEN, **env},
    )


def stdin_latin1_c_locale() -> subprocess.CompletedProcess[bytes]:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "wifdoctor", "explain", "-", "--format", "json"],
        input=AADSTS.encode() + " caf\xe9 \xff".encode("latin-1"),
        cwd=ROOT,
        capture_output=True,
        timeout=TIMEOUT_S,
        preexec_fn=limit_memory,
        env={**os.environ, **FROZEN, **env},
    )


def cp1252_console() -> subprocess.CompletedProcess[bytes]:
    token = mint(github_claims(sub="repo:contoso/api:ref:refs/heads/\u2713-caf\u00e9"))
    return run_process(["decode", token], env={"PYTHONIOENCODING": "cp1252"})


def ascii_console_markdown() -> subprocess.CompletedProcess[bytes]:
    token = mint(github_claims(sub="repo:contoso/api:ref:refs/heads/\u2713\u4e2d"))
    return run_process(["decode", token, "--format", "markdown"], env={"PYTHONIOENCODING": "ascii"})


def ascii_console_json() -> subprocess.CompletedProcess[bytes]:
    token = mint(github_claims(sub="repo:contoso/api:ref:refs/heads/\u2713\u4e2d"))
    return run_process(["decode", token, "--format", "json"], env={"PYTHONIOENCODING": "ascii"})


PROCESS_CASES = {
    "device-zero": (device_zero, True),
    "device-urandom": (device_urandom, False),
    "stdin-dev-zero": (stdin_zero, False),
    "fifo-fed-forever": (fifo_forever, False),
    "bytes-argument-c-locale": (bytes_argument_c_locale, False),
    "latin1-stdin-c-locale": (stdin_latin1_c_locale, True),
    "cp1252-console": (cp1252_console, False),
    "ascii-console-markdown": (ascii_console_markdown, False),
    "ascii-console-json": (ascii_console_json, True),
}


@pytest.mark.parametrize("name", sorted(PROCESS_CASES))
def test_hostile_process(name: str, tmp_path: Path) -> None:
    action, want_json = PROCESS_CASES[name]
    completed = action(tmp_path) if name == "fifo-fed-forever" else action()  # type: ignore[operator]
    assert completed.returncode in (0, 1, 2, 3), _text(completed.stderr)
    check_output(
        completed.returncode, _text(completed.stdout), _text(completed.stderr), want_json=want_json
    )


def test_the_forced_crash_exits_4_without_a_traceback() -> None:
    crash = (
        "import sys, wifdoctor.cli as cli, wifdoctor.commands.plumbing as plumbing\n"
        "def boom(*a, **k): raise RuntimeError('forced')\n"
        "plumbing.walk = boom\n"
        "sys.argv = ['wifdoctor', *sys.argv[1:]]\n"
        "cli.main()\n"
    )
    completed = run_process(["explain", AADSTS, "--format", "json"], code=crash)
    assert completed.returncode == 4
    err = _text(completed.stderr)
    assert "Traceback" not in err and err.count("\n") == 1 and "wifdoctor failed" in err
