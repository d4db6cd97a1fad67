"""The lab's two budgets: in-process start under 200 ms, a loopback round trip under 5 ms.

Run: python benchmarks/lab.py [--runs N]
Start: a fresh interpreter that has httpx and pyjwt loaded (as wifdoctor's live and --lab paths
do) imports the lab and builds a scenario's lab: the time until it can answer, measured inside
the child, median and best of N runs. Also printed: until its first token exchange is answered
in process (keys come from a pool made on first use: that adds two RSA key generations), and the
cold figure from a bare interpreter.
Round trip: the lab served on 127.0.0.1 over TLS; a keep-alive httpx client GETs the issuer's
discovery document, directly and through the CONNECT proxy under the real host name; median and
95th percentile over 300 requests each.
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHILD = """
import time
cold = time.perf_counter()
import asyncio, httpx, jwt  # what wifdoctor's live and --lab paths have loaded anyway
start = time.perf_counter()
from wifdoctor.lab.scenario import build_lab
lab = build_lab("healthy")
built = time.perf_counter()
token = lab.workload_token()
form = {"client_id": lab.scenario.client_id, "grant_type": "client_credentials",
        "scope": "https://graph.microsoft.com/.default", "client_assertion": token,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}
async def go():
    async with lab.client() as client:
        url = f"https://login.microsoftonline.com/{lab.scenario.tenant_id}/oauth2/v2.0/token"
        return (await client.post(url, data=form)).status_code
assert asyncio.run(go()) == 200
done = time.perf_counter()
print(f"{(built - start) * 1000:.1f} {(done - start) * 1000:.1f} {(built - cold) * 1000:.1f}")
"""


def start_times(runs: int) -> tuple[list[float], list[float], list[float]]:
    built: list[float] = []
    answered: list[float] = []
    cold: list[float] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
        )
        first, second, third = (float(x) for x in out.stdout.split())
        built.append(first)
        answered.append(second)
        cold.append(third)
    return built, answered, cold


async def round_trips(count: int) -> tuple[list[float], list[float]]:
    import httpx

    from wifdoctor.lab.scenario import build_lab
    from wifdoctor.lab.serve import LabServer

    lab = build_lab("healthy")
    with tempfile.TemporaryDirectory() as directory, LabServer(lab, Path(directory)) as server:
        assert server.tls is not None
        context = ssl.create_default_context(cafile=str(server.tls.ca_pem))
        url = f"https://127.0.0.1:{server.app_port}/.well-known/openid-configuration"
        headers = {"Host": "token.actions.githubusercontent.com"}
        direct = await _samples(
            httpx.AsyncClient(verify=context, trust_env=False), url, headers, count
        )
        proxy = f"http://127.0.0.1:{server.proxy_port}"
        through = httpx.AsyncClient(verify=context, trust_env=False, proxy=proxy)
        issuer = "https://token.actions.githubusercontent.com/.well-known/openid-configuration"
        proxied = await _samples(through, issuer, {}, count)
        return direct, proxied


async def _samples(client: Any, url: str, headers: dict[str, str], count: int) -> list[float]:
    samples: list[float] = []
    async with client:
        for i in range(count + 20):
            begin = time.perf_counter()
            answer = await client.get(url, headers=headers)
            elapsed = (time.perf_counter() - begin) * 1000
            assert answer.status_code == 200, answer.text
            if i >= 20:  # warm-up: TLS handshake, first-use imports
                samples.append(elapsed)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    built, answered, cold = start_times(args.runs)
    print(
        f"in-process start (import the lab + build_lab, httpx/pyjwt loaded): "
        f"median {statistics.median(built):.0f} ms, best {min(built):.0f} ms; budget 200 ms"
    )
    print(
        f"  first exchange answered (adds the one-off generation of 2 RSA keys): "
        f"median {statistics.median(answered):.0f} ms; from a bare interpreter to ready: "
        f"median {statistics.median(cold):.0f} ms"
    )
    direct, proxied = asyncio.run(round_trips(300))
    for label, samples in (("loopback TLS", direct), ("through the CONNECT proxy", proxied)):
        p95 = sorted(samples)[int(len(samples) * 0.95)]
        print(
            f"{label} round trip (keep-alive): median {statistics.median(samples):.2f} ms, "
            f"p95 {p95:.2f} ms; budget 5 ms"
        )


if __name__ == "__main__":
    main()
