"""The plan of a walk, built from the request: the offline steps, and with live options the
network steps, each declared with what it needs.

Chains (each at most three requests deep): discovery -> signature; identity (sign-in, then the
application and service principal together, then ARM for a managed identity); search (other
identities with the token's subject: Graph's application pages, and Resource Graph then each
managed identity's credentials); exchange -> access, exchange -> policy. match waits for
identity, elsewhere for match and search; clock reads the trace of all but the search.
"""

from __future__ import annotations

from dataclasses import replace

from wifdoctor.checks.context import WalkRequest
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.checks.plan import Step

NETWORK_TIMEOUT = 45.0  # per step; every request also has its own timeouts


def build_plan(request: WalkRequest) -> list[Step]:
    steps = offline_steps()
    live = request.live
    if live is None:
        return steps
    from wifdoctor.checks import (
        live_clock,
        live_elsewhere,
        live_exchange,
        live_identity,
        live_issuer,
        live_search,
    )

    by_id = {step.id: step for step in steps}
    exchanging = live.exchange or live.offer_exchange
    # With a live exchange, validity waits for Entra's answer: its "Current time" is the moment
    # the token is judged at (it adds no time: the check itself is instant).
    validity = by_id["validity"]
    if exchanging:
        validity = replace(validity, needs=("decode", "exchange"))
    plan = [by_id["acquire"], by_id["decode"], validity]
    plan.append(
        Step(
            "discovery",
            "Issuer discovery",
            live_issuer.discovery,
            ("decode",),
            NETWORK_TIMEOUT,
            io=True,
        )
    )
    plan.append(
        Step(
            "signature",
            "Signing keys and signature",
            live_issuer.signature,
            timeout=NETWORK_TIMEOUT,
            requires=("discovery",),
            io=True,
        )
    )
    from_tenant = request.credentials is None and bool(live.client_id)
    if from_tenant:
        plan.append(
            Step(
                "identity",
                "The identity and its credentials",
                live_identity.identity,
                ("decode",),
                NETWORK_TIMEOUT,
                io=True,
            )
        )
        plan.append(replace(by_id["match"], needs=("decode",), requires=("identity",)))
        # The search has its own chain, started at once: only ``elsewhere`` waits for it.
        plan.append(
            Step(
                "search",
                "Other identities with this subject",
                live_search.search,
                ("decode",),
                NETWORK_TIMEOUT,
                io=True,
            )
        )
        plan.append(
            Step(
                "elsewhere",
                "Credentials on other identities",
                live_elsewhere.elsewhere,
                ("identity", "match", "search"),
            )
        )
    else:
        plan.append(by_id["match"])
    # The clock reads the servers' Date headers of the critical path; it does not wait for the
    # search (which may page on after everything else is done).
    io_steps = [step.id for step in plan if step.io and step.id != "search"]
    if exchanging:
        plan.append(
            Step(
                "exchange",
                "The exchange with Entra",
                live_exchange.exchange,
                ("decode",),
                NETWORK_TIMEOUT,
                io=True,
            )
        )
        plan.append(
            Step(
                "access",
                "What the identity may access",
                live_exchange.access,
                timeout=NETWORK_TIMEOUT,
                requires=("exchange",),
                io=True,
            )
        )
        io_steps += ["exchange", "access"]
    else:
        plan.append(by_id["exchange"])
    pasted = request.evidence.error_codes if request.evidence else ()
    if exchanging or live.policy or 53003 in pasted:
        plan.append(
            Step(
                "policy",
                "Conditional Access",
                live_exchange.policy,
                ("exchange",),  # Entra's answer first: its capolids name the policy
                NETWORK_TIMEOUT,
                io=True,
            )
        )
        io_steps.append("policy")
    plan.append(Step("clock", "Clocks", live_clock.clock, tuple(io_steps)))
    return plan
