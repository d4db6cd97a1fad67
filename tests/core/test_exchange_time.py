"""Time (issue 6): "now" is not the moment of the exchange. A token copied from a failed job an
hour ago still gets its real diagnosis; --at and Entra's own times decide when given."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.minting import NOW, fic, github_claims, mint
from tests.walk import walk
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.diagnosis import Diagnosis

GH = "https://token.actions.githubusercontent.com"
MAIN = "repo:contoso/payments-api:ref:refs/heads/main"
PROD = "repo:contoso/payments-api:environment:Production"
# Issued and expired an hour before the frozen now: copied from a job that failed back then.
OLD = github_claims(sub=PROD, iat=NOW - 3900, nbf=NOW - 3900, exp=NOW - 3600)


def _ids(diagnosis: Diagnosis) -> list[str]:
    return [f.id for f in diagnosis.findings]


def _at(moment: int) -> Diagnosis:
    import json

    request = WalkRequest(
        "diagnose",
        token_text=mint(OLD),
        credentials=tuple(load_credentials(json.dumps([fic("main", GH, MAIN)]))),
        clock=lambda: datetime.fromtimestamp(NOW, UTC),
        at=datetime.fromtimestamp(moment, UTC),
    )
    return run_offline(offline_steps(), WalkContext.start(request))


def test_expired_since_is_a_warning_and_the_real_diagnosis_comes_first() -> None:
    diagnosis = walk(token=mint(OLD), credentials=[fic("main", GH, MAIN)])
    assert _ids(diagnosis)[0] == "subject-entity-mismatch"
    expired = diagnosis.finding("token-expired")
    assert expired is not None and expired.severity == "warning"
    assert "2025-12-31T23:00:00Z" in expired.explanation and "only if" in expired.explanation


def test_at_before_expiry_says_nothing_about_expiry() -> None:
    diagnosis = _at(NOW - 3700)
    assert "token-expired" not in _ids(diagnosis)
    assert _ids(diagnosis)[0] == "subject-entity-mismatch"


def test_at_after_expiry_makes_it_an_error() -> None:
    expired = _at(NOW - 3000).finding("token-expired")
    assert expired is not None and expired.severity == "error"


def test_entras_timestamp_decides_without_at() -> None:
    before = "AADSTS700213: x. Timestamp: 2025-12-31 22:58:00Z"
    after = "AADSTS700213: x. Timestamp: 2025-12-31 23:30:00Z"
    token = mint(OLD)
    assert "token-expired" not in _ids(walk(token=token, error=before))
    found = walk(token=token, error=after).finding("token-expired")
    assert found is not None and found.severity == "error"


def test_the_logs_own_timestamps_decide() -> None:
    log = (
        "2025-12-31T22:58:01.1234567Z ##[section]Starting: Deploy\n"
        "2025-12-31T22:58:02.1234567Z ##[error]Login failed\n"
    )
    assert "token-expired" not in _ids(walk(token=mint(OLD), error=log + "AADSTS700213: x"))


def test_entras_700024_times_give_expiry_and_reuse_without_a_token() -> None:
    text = (
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2024-04-05T23:01:54.2089203Z, assertion valid from 2024-04-05T22:40:41.0000000Z, "
        "expiry time of assertion 2024-04-05T22:50:41.0000000Z."
    )
    assert _ids(walk(error=text))[:2] == ["token-refresh-missing", "token-expired"]


def test_a_sign_in_handed_an_expired_token_is_expiry_not_reuse() -> None:
    text = (
        "az login --service-principal -u $ID -t $TENANT --federated-token $TOKEN\n"
        "AADSTS700024: Client assertion is not within its valid time range. Current time: "
        "2023-08-01T11:08:01.5274809Z, assertion valid from 2023-08-01T09:28:26.0000000Z, "
        "expiry time of assertion 2023-08-01T10:28:26.0000000Z."
    )
    ids = _ids(walk(error=text))
    assert ids[0] == "token-expired" and "token-refresh-missing" not in ids
