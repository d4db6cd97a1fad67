"""Clouds: the walk uses one cloud's hosts and audience throughout (--cloud public|usgov|china)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.live.helpers import ids, lab, step, tweaked, walk_lab
from wifdoctor.checks.context import WalkRequest
from wifdoctor.cli_live import environment
from wifdoctor.core.live import LiveRequest
from wifdoctor.knowledge.clouds import CLOUDS

ISSUER_HOST = "token.actions.githubusercontent.com"


def in_cloud(cloud: str) -> Any:
    audience = CLOUDS[cloud].token_exchange_audience

    def change(data: dict[str, Any]) -> None:
        data["cloud"] = cloud
        data["token"].setdefault("claims", {})["aud"] = audience
        for identity in data["identities"]:
            for credential in identity["credentials"]:
                credential["audiences"] = [audience]

    return tweaked("healthy", change)


@pytest.mark.parametrize("cloud", ["public", "usgov", "china"])
async def test_the_walk_stays_in_its_cloud(cloud: str) -> None:
    chosen = lab(in_cloud(cloud))
    diagnosis = await walk_lab(chosen)
    assert ids(diagnosis) == {"configuration-matches"}
    assert step(diagnosis, "exchange").status == "pass"
    spec = CLOUDS[cloud]
    allowed = {
        spec.authority_host,
        spec.graph_url.removeprefix("https://") if spec.graph_url else "",
        spec.arm_url.removeprefix("https://") if spec.arm_url else "",
        ISSUER_HOST,
    }
    hosts = {call.host for call in diagnosis.trace}
    assert hosts <= allowed
    assert spec.authority_host in hosts  # the exchange went to this cloud's Entra


@pytest.mark.parametrize("cloud", ["public", "usgov", "china"])
async def test_the_real_environment_uses_the_clouds_hosts(cloud: str) -> None:
    request = WalkRequest(
        "diagnose", cloud=cloud, live=LiveRequest(client_id="x", tenant="t", exchange=True)
    )
    env = environment(request, None)
    spec = CLOUDS[cloud]
    assert env.cloud.authority_host == spec.authority_host
    assert env.graph_url == spec.graph_url
    assert env.arm_url == spec.arm_url
