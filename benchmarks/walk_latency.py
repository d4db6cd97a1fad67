"""The live walk's wall time against the lab at a given latency, beside the longest chain of
requests times that latency and beside the sequential sum (every request one after another).

Run: python benchmarks/walk_latency.py [--latency 100 200] [--runs 3] [--scenario healthy]

The lab adds the latency to every request it serves, its Entra's own fetches of the issuer's
discovery document and keys included. The chains, in requests the lab delays:
  discovery -> JWKS                                              2
  sign-in -> application | service principal                     1 (the two go together)
  search: application pages | Resource Graph -> credentials      1 per page | 1 + 1 (together)
  exchange (POST; the lab's Entra then fetches discovery, JWKS)  3 -> subscriptions -> roles: 5
So the longest chain is 2 requests without --exchange and 5 with it, as long as the search for
other identities reads one page (the healthy scenario: one application page, one Resource
Graph page with no identity). A search that pages on is its own chain: only its conclusion
waits for it; ``--search`` shows, for the scenarios that page, when the last other step ended
and when the search did. msgraph is imported before timing (the app and the CLI start that
import at once, off the walk's path); the first, cold walk of a process is reported on its
own line.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wifdoctor.checks.context import WalkContext, WalkRequest  # noqa: E402
from wifdoctor.checks.live_plan import build_plan  # noqa: E402
from wifdoctor.checks.runner import collect  # noqa: E402
from wifdoctor.clients.lab_link import lab_environment  # noqa: E402
from wifdoctor.core.diagnosis import Diagnosis  # noqa: E402
from wifdoctor.core.live import LiveRequest  # noqa: E402
from wifdoctor.lab.scenario import build_lab  # noqa: E402

LONGEST_CHAIN = {False: 2, True: 5}
TOLERANCE = 1.25


SEARCH_SCENARIOS = ("credential-on-other-app-page-3", "credential-on-managed-identity")


async def one_walk(scenario: str, latency: int, exchange: bool) -> tuple[float, int]:
    wall, count, _ = await timed_walk(scenario, latency, exchange)
    return wall, count


async def timed_walk(scenario: str, latency: int, exchange: bool) -> tuple[float, int, Diagnosis]:
    lab = build_lab(scenario)
    lab.state.latency_ms = latency
    chosen = lab.scenario
    request = WalkRequest(
        "diagnose",
        token_text=lab.workload_token(),
        live=LiveRequest(
            client_id=chosen.client_id, tenant=chosen.tenant_id, exchange=exchange, lab=scenario
        ),
    )
    env = lab_environment(lab)
    started = time.perf_counter()
    try:
        diagnosis = await collect(build_plan(request), WalkContext.start(request, env))
    finally:
        await env.aclose()
    wall = (time.perf_counter() - started) * 1000
    return wall, len(lab.state.requests), diagnosis


def search_table(latencies: list[int], runs: int) -> None:
    """When the search pages on: the other steps' last end beside the search's end (ms)."""
    print(f"{'scenario':>32} {'latency':>8} {'others end':>10} {'search end':>10} {'wall ms':>8}")
    for scenario in SEARCH_SCENARIOS:
        for latency in latencies:
            rows = []
            for _ in range(runs):
                wall, _, diagnosis = asyncio.run(timed_walk(scenario, latency, False))
                ends = {s.id: s.started_ms + s.duration_ms for s in diagnosis.steps}
                others = max(v for k, v in ends.items() if k not in ("search", "elsewhere"))
                rows.append((others, ends["search"], wall))
            others, search, wall = (statistics.median(r[i] for r in rows) for i in range(3))
            print(f"{scenario:>32} {latency:>8} {others:>10.0f} {search:>10.0f} {wall:>8.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", default="healthy")
    parser.add_argument(
        "--search", action="store_true", help="also time the scenarios whose search pages on"
    )
    args = parser.parse_args()
    cold, _ = asyncio.run(one_walk(args.scenario, args.latency[0], True))
    print(f"scenario {args.scenario}; cold first walk (msgraph imported during it): {cold:.0f} ms")
    print(
        f"{'latency':>8} {'exchange':>8} {'wall ms':>8} {'chain':>6} {'x lat':>6} "
        f"{'ratio':>6} {'requests':>8} {'seq. sum':>8}"
    )
    ok = True
    for latency in args.latency:
        for exchange in (False, True):
            walls, count = [], 0
            for _ in range(args.runs):
                wall, count = asyncio.run(one_walk(args.scenario, latency, exchange))
                walls.append(wall)
            wall = statistics.median(walls)
            chain = LONGEST_CHAIN[exchange] * latency
            ratio = wall / chain
            ok = ok and ratio <= TOLERANCE
            print(
                f"{latency:>8} {'yes' if exchange else 'no':>8} {wall:>8.0f} "
                f"{LONGEST_CHAIN[exchange]:>6} {chain:>6} {ratio:>6.2f} {count:>8} "
                f"{count * latency:>8}"
            )
    print(f"within {TOLERANCE}x of the longest chain: {'yes' if ok else 'NO'}")
    if args.search:
        search_table(args.latency, args.runs)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
