"""Median start-up time of headless commands, beside `python -c pass`.

Run: python benchmarks/startup.py [--runs N]
Each command runs in a fresh process, as a user runs it; the figure is wall time to exit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.minting import github_claims, mint  # noqa: E402

ERROR = (
    "AADSTS700213: No matching federated identity record found for presented assertion subject "
    "'repo:contoso/payments-api:environment:Production'. Timestamp: 2025-12-31 23:59:00Z"
)


def median_ms(args: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    env = {**os.environ, "WIFDOCTOR_NOW": "2026-01-01T00:00:00Z"}
    with tempfile.TemporaryDirectory() as tmp:
        token = Path(tmp) / "token"
        token.write_text(mint(github_claims()))
        py = sys.executable
        # The console script users run (no runpy), installed beside this interpreter.
        script = str(Path(sys.executable).with_name("wifdoctor"))
        cases = {
            "python -c pass": [py, "-c", "pass"],
            "wifdoctor decode (text)": [script, "decode", f"@{token}"],
            "wifdoctor decode --format json": [script, "decode", f"@{token}", "--format", "json"],
            "wifdoctor explain (text)": [script, "explain", ERROR],
            "wifdoctor explain --format json": [script, "explain", ERROR, "--format", "json"],
        }
        for args in cases.values():  # warm the bytecode caches
            subprocess.run(args, capture_output=True, env=env, check=False)
        print(f"median of {runs} runs, {os.cpu_count()} CPUs")
        for name, args in cases.items():
            print(f"  {name:34s} {median_ms(args, runs, env):7.1f} ms")


if __name__ == "__main__":
    main()
