"""Time and peak memory per command on the largest inputs the cap allows, and on adversarial
inputs of the same size, against a small baseline measured in the same run.

Run: python benchmarks/large_inputs.py [--runs N]
Each case runs in a fresh process, as a user runs it (the figures include start-up, ~0.2 s);
peak memory is the process's maximum resident set size. "x base" is the ratio to the same
command's small input: time and memory should grow with the input, not with its square.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.minting import b64, github_claims, mint  # noqa: E402

CAP = 2_000_000
GH = "https://token.actions.githubusercontent.com"
SUBJECT = "repo:contoso/payments-api:ref:refs/heads/main"
AADSTS = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject "
    "'repo:contoso/payments-api:environment:Production'. Timestamp: 2025-12-31 23:59:00Z"
)
LOG_LINE = "2025-12-31T23:58:00.1234567Z ##[group]Run azure/login@v2 step output line\n"


@dataclass(frozen=True)
class Case:
    command: str
    label: str
    args: list[str]  # after the console script; "{dir}" is the case's directory
    files: dict[str, str]
    size: int  # characters of the input that grows
    baseline: bool = False


def credential(index: int, subject: str) -> dict[str, object]:
    return {"name": f"c{index}", "issuer": GH, "subject": subject, "audiences": ["api://x"]}


def credentials_file(items: list[dict[str, object]]) -> str:
    text = json.dumps(items, separators=(",", ":"))
    assert len(text) <= CAP, len(text)
    return text


def adversarial_token(size: int) -> str:
    """Claims the cap allows that are hard to show: NaN, huge numbers, surrogates, nesting."""
    claims = dict(github_claims())
    filler = 0
    while True:
        payload = json.dumps(claims, allow_nan=True)
        if len(payload) * 4 // 3 > size - 800:
            break
        claims[f"n{filler}"] = [float("nan"), 10**300, "\ud800" * 4, {"a": [[[1e308 * 10]]]}]
        filler += 1
    header = b64(b'{"alg":"RS256","kid":"\\ud800"}')
    return f"{header}.{b64(payload.encode())}.{b64(b'x' * 256)}"


def largest_token() -> str:
    """A signed token just under the 64,000-character cap (MAX_TOKEN_CHARS)."""
    count = 700
    while True:
        token = mint(github_claims(**{f"claim{i}": "v" * 50 for i in range(count)}))
        if len(token) > 63_000:
            return token
        count += 10


def cases() -> list[Case]:
    token = mint(github_claims())
    big_token = largest_token()
    log = (LOG_LINE * (CAP // len(LOG_LINE) + 1))[: CAP - len(AADSTS) - 1] + "\n" + AADSTS
    eyj_run = ("x " + "eyJ" * CAP)[:CAP]
    quotes = ("presented assertion subject '" + "'" * CAP)[:CAP]
    twenty = credentials_file(
        [credential(i, f"repo:contoso/payments-api:ref:refs/heads/b{i}") for i in range(20)]
    )
    ten_thousand = credentials_file(
        [credential(i, f"repo:contoso/payments-api:ref:refs/heads/b{i}") for i in range(10_000)]
    )
    # Every credential a near miss of the token's subject (the most difflib work), half of
    # them duplicates (the most duplicate findings).
    near = credentials_file(
        [credential(i, SUBJECT[:-4] + f"mai{i // 2}" + "x" * 40) for i in range(10_000)]
    )
    clauses = " and ".join(["claims['sub'] matches 'repo:*'"] * 50_000)
    flexible = credentials_file(
        [
            {
                "name": "flex",
                "issuer": GH,
                "audiences": ["api://AzureADTokenExchange"],
                "claimsMatchingExpression": {"value": clauses, "languageVersion": 1},
            }
        ]
    )
    return [
        Case("decode", "token (1 KB)", ["decode", "@{dir}/t"], {"t": token}, len(token), True),
        Case("decode", "64 KB token", ["decode", "@{dir}/t"], {"t": big_token}, len(big_token)),
        Case(
            "decode",
            "64 KB adversarial token (NaN, 10^300, surrogates, nesting)",
            ["decode", "@{dir}/t", "--format", "json"],
            {"t": adversarial_token(64_000)},
            len(adversarial_token(64_000)),
        ),
        Case("explain", "AADSTS line", ["explain", "@{dir}/e"], {"e": AADSTS}, len(AADSTS), True),
        Case("explain", "2 MB CI log", ["explain", "@{dir}/e"], {"e": log}, len(log)),
        Case("explain", "2 MB run of eyJ", ["explain", "@{dir}/e"], {"e": eyj_run}, CAP),
        Case("explain", "2 MB of quotes", ["explain", "@{dir}/e"], {"e": quotes}, CAP),
        Case(
            "diagnose",
            "20 credentials",
            ["diagnose", "--token", "@{dir}/t", "--credentials", "{dir}/c"],
            {"t": token, "c": twenty},
            len(twenty),
            True,
        ),
        Case(
            "diagnose",
            "10,000 credentials",
            ["diagnose", "--token", "@{dir}/t", "--credentials", "{dir}/c"],
            {"t": token, "c": ten_thousand},
            len(ten_thousand),
        ),
        Case(
            "diagnose",
            "10,000 near-miss duplicates",
            ["diagnose", "--token", "@{dir}/t", "--credentials", "{dir}/c"],
            {"t": token, "c": near},
            len(near),
        ),
        Case(
            "diagnose",
            "one 50,000-clause expression",
            ["diagnose", "--token", "@{dir}/t", "--credentials", "{dir}/c"],
            {"t": token, "c": flexible},
            len(flexible),
        ),
    ]


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped by wait4
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def run(
    case: Case, folder: Path, script: str, runs: int, env: dict[str, str]
) -> tuple[float, float]:
    for name, text in case.files.items():
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    args = [script, *(arg.replace("{dir}", str(folder)) for arg in case.args)]
    results = [measure(args, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    env = {**os.environ, "WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
    script = str(Path(sys.executable).with_name("wifdoctor"))
    table: list[str] = []
    base: dict[str, tuple[float, float, int]] = {}
    report: Callable[[str], None] = table.append
    with tempfile.TemporaryDirectory() as tmp:
        for number, case in enumerate(cases()):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            seconds, megabytes = run(case, folder, script, runs, env)
            if case.baseline:
                base[case.command] = (seconds, megabytes, case.size)
            t0, m0, s0 = base[case.command]
            report(
                f"| {case.command} | {case.label} | {case.size:,} | {seconds:.2f} s "
                f"| {seconds / t0:.1f}x | {megabytes:.0f} MB | {megabytes / m0:.1f}x "
                f"| {case.size / s0:,.0f}x |"
            )
    print(f"median of {runs} runs, {os.cpu_count()} CPUs, fresh process per run")
    print("| command | input | characters | time | x base | peak memory | x base | input x base |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(table))


if __name__ == "__main__":
    main()
