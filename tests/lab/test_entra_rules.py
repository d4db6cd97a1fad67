"""The lab's Entra against the documented rules: each code from exactly the situation that gives
it in Entra (reference entra-errors-and-fic-rules.md A.1-A.9, B.1-B.4), success only on an exact
match."""

from __future__ import annotations

import re

import jwt
import pytest

from tests.lab.helpers import Clock, code_of, exchange, lab_for
from wifdoctor.lab.issuers import mint
from wifdoctor.lab.keys import SigningKey
from wifdoctor.lab.state import Credential

GH = "https://token.actions.githubusercontent.com"
MAIN = "repo:contoso/payments-api:ref:refs/heads/main"
AUD = "api://AzureADTokenExchange"


def _with_credentials(*credentials: Credential, name: str = "healthy", clock: Clock | None = None):
    lab = lab_for(name, clock)
    lab.state.identities[0].credentials = list(credentials)
    return lab


async def test_exact_match_succeeds_with_a_token_signed_by_the_labs_entra() -> None:
    lab = lab_for("healthy")
    answer = await exchange(lab, lab.workload_token())
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3599
    keys = lab.state.entra_keys[-1].private.public_key()
    claims = jwt.decode(
        body["access_token"], keys, algorithms=["RS256"], audience="https://graph.microsoft.com"
    )
    assert claims["appid"] == lab.scenario.client_id
    assert claims["tid"] == lab.scenario.tenant_id
    assert claims["iss"] == f"https://sts.windows.net/{lab.scenario.tenant_id}/"


@pytest.mark.parametrize(
    ("issuer", "subject", "audience", "code"),
    [
        (GH + "/", MAIN, AUD, 700211),  # trailing slash: no normalisation
        ("https://Token.actions.githubusercontent.com", MAIN, AUD, 700211),  # issuer case
        (GH + " ", MAIN, AUD, 700211),  # whitespace
        (GH, MAIN, "api://AzureADTokenExchangeUSGov", 700212),  # another cloud's audience
        (GH, MAIN.replace("main", "dev"), AUD, 700213),
        (GH, MAIN.replace("contoso", "Contoso"), AUD, 7002138),  # case only: its own code
        (GH, MAIN + " ", AUD, 700213),  # whitespace in the subject is not forgiven
        (GH, MAIN, AUD, None),
    ],
)
async def test_matching_codes(issuer: str, subject: str, audience: str, code: int | None) -> None:
    lab = _with_credentials(Credential("c1", issuer, subject, [audience]))
    assert code_of(await exchange(lab, lab.workload_token())) == code


async def test_flexible_expressions_match_or_answer_7002131() -> None:
    wildcard = "claims['sub'] matches 'repo:contoso/payments-api:ref:refs/heads/*'"
    lab = _with_credentials(Credential("flex", GH, None, [AUD], expression=wildcard))
    assert code_of(await exchange(lab, lab.workload_token())) is None
    narrow = wildcard.replace("*", "release/*")
    lab = _with_credentials(Credential("flex", GH, None, [AUD], expression=narrow))
    assert code_of(await exchange(lab, lab.workload_token())) == 7002131
    both = f"{wildcard} and claims['job_workflow_ref'] matches 'contoso/other/*'"
    lab = _with_credentials(Credential("flex", GH, None, [AUD], expression=both))
    assert code_of(await exchange(lab, lab.workload_token())) == 7002131


async def test_no_credentials_gives_70025_and_young_credentials_are_not_seen_yet() -> None:
    clock = Clock()
    lab = _with_credentials(name="healthy", clock=clock)
    assert code_of(await exchange(lab, lab.workload_token())) == 70025
    lab.state.propagation_seconds = 120
    lab.state.identities[0].credentials = [
        Credential("new", GH, MAIN, [AUD], created_at=clock.now - 10)
    ]
    assert code_of(await exchange(lab, lab.workload_token())) == 70025
    clock.now += 200
    assert code_of(await exchange(lab, lab.workload_token())) is None


async def test_unknown_client_and_tenant() -> None:
    lab = lab_for("healthy")
    answer = await exchange(
        lab, lab.workload_token(), client_id="00000000-1111-2222-3333-444444444444"
    )
    assert (answer.status_code, code_of(answer)) == (400, 700016)
    assert answer.json()["error"] == "unauthorized_client"
    assert "contoso-lab.onmicrosoft.com" in answer.json()["error_description"]
    answer = await exchange(
        lab, lab.workload_token(), tenant="11111111-2222-3333-4444-555555555555"
    )
    assert code_of(answer) == 90002


async def test_times() -> None:
    clock = Clock()
    lab = lab_for("healthy", clock)
    token = lab.workload_token()
    clock.now += 301
    answer = await exchange(lab, token)
    assert (answer.status_code, code_of(answer)) == (401, 700024)
    text = answer.json()["error_description"]
    assert re.search(
        r"Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, assertion valid from", text
    )
    future = mint(lab.state, lab.state.issuers[0], {}, issued_ago=-3600)
    assert code_of(await exchange(lab, future)) == 700024
    too_long = mint(lab.state, lab.state.issuers[0], {}, lifetime=25 * 3600 + 60)
    assert code_of(await exchange(lab, too_long)) == 70023
    no_iat = mint(lab.state, lab.state.issuers[0], {}, drop=("iat",))
    answer = await exchange(lab, no_iat)
    assert code_of(answer) == 70023 and "Token issued at 0." in answer.json()["error_description"]


@pytest.mark.parametrize("assertion", ["", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
async def test_malformed_assertions(assertion: str) -> None:
    lab = lab_for("healthy")
    assert code_of(await exchange(lab, assertion)) in (50027, 7000218)


async def test_signature_checked_against_the_issuers_published_keys() -> None:
    lab = lab_for("healthy")
    issuer = lab.state.issuers[0]
    forged = SigningKey(issuer.signing_key.kid, 5).sign(
        jwt.decode(lab.workload_token(), options={"verify_signature": False})
    )
    assert code_of(await exchange(lab, forged)) == 50027


async def test_signing_key_faults() -> None:
    lab = lab_for("healthy")
    issuer = lab.state.issuers[0]
    assert code_of(await exchange(lab, mint(lab.state, issuer, {}, with_kid=False))) == 7000272
    issuer.faults.kid_missing = True
    answer = await exchange(lab, lab.workload_token())
    assert code_of(answer) == 7000272 and "github-key-1" in answer.json()["error_description"]
    issuer.faults.kid_missing = False
    issuer.faults.extra_keys = 100  # the real key is the 101st: Entra keeps the first 100
    assert code_of(await exchange(lab, lab.workload_token())) == 7000272
    issuer.faults.extra_keys = 99
    assert code_of(await exchange(lab, lab.workload_token())) is None


@pytest.mark.parametrize(
    "fault",
    [{"unreachable": True}, {"wrong_issuer": GH + "/"}, {"non_json": True}, {"slow_ms": 300}],
)
async def test_issuer_metadata_faults_give_90061(fault: dict[str, object]) -> None:
    lab = lab_for("healthy")
    lab.issuer_fetch_timeout = 0.1
    for key, value in fault.items():
        setattr(lab.state.issuers[0].faults, key, value)
    answer = await exchange(lab, lab.workload_token())
    assert (answer.status_code, code_of(answer), answer.json()["error"]) == (
        400,
        90061,
        "invalid_request",
    )


async def test_legacy_mode_answers_70021_with_the_2022_layout() -> None:
    lab = lab_for("legacy-70021")
    answer = await exchange(lab, lab.workload_token())
    body = answer.json()
    assert (answer.status_code, body["error"], code_of(answer)) == (400, "invalid_request", 70021)
    assert (
        "Assertion Subject: 'repo:contoso/payments-api:ref:refs/heads/feature/login'"
        in body["error_description"]
    )
    assert "\r\nTrace ID: " in body["error_description"]


async def test_conditional_access_blocks_only_outside_the_named_location() -> None:
    lab = lab_for("conditional-access")
    answer = await exchange(lab, lab.workload_token())
    body = answer.json()
    assert (answer.status_code, body["error"], code_of(answer)) == (400, "invalid_grant", 53003)
    assert body["suberror"] == "message_only"
    assert lab.state.policies[0].id in body["claims"]
    inside = await exchange(lab, lab.workload_token(), client_ip="192.0.2.10")
    assert inside.status_code == 200
    lab.state.policies[0].state = "enabledForReportingButNotEnforced"
    assert (await exchange(lab, lab.workload_token())).status_code == 200


async def test_enterprise_claim_policy() -> None:
    lab = lab_for("enterprise-claim")
    assert code_of(await exchange(lab, lab.workload_token())) == 7002381
    good = lab.workload_token({"enterprise": "contoso-enterprise"})
    assert code_of(await exchange(lab, good)) is None


async def test_entra_issued_and_chained_assertions() -> None:
    lab = lab_for("entra-issued")
    assert code_of(await exchange(lab, lab.workload_token())) == 700222
    healthy = lab_for("healthy")
    access = (
        await exchange(
            healthy, healthy.workload_token(), scope="api://AzureADTokenExchange/.default"
        )
    ).json()["access_token"]
    healthy.state.identities[0].credentials.append(
        Credential(
            "chained", healthy.state.entra_issuer(), healthy.state.identities[0].sp_id, [AUD]
        )
    )
    assert code_of(await exchange(healthy, access)) == 700231


async def test_error_json_shape() -> None:
    lab = lab_for("subject-entity")
    answer = await exchange(lab, lab.workload_token())
    body = answer.json()
    assert set(body) >= {
        "error",
        "error_description",
        "error_codes",
        "timestamp",
        "trace_id",
        "correlation_id",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", body["timestamp"])
    description = body["error_description"]
    assert description.startswith(
        "AADSTS700213: No matching federated identity record found for presented assertion "
        "subject 'repo:contoso/payments-api:environment:production'."
    )
    ids = f"Trace ID: {body['trace_id']} Correlation ID: {body['correlation_id']}"
    assert f"{ids} Timestamp: {body['timestamp']}" in description
    assert body["error_uri"] == "https://login.microsoftonline.com/error?code=700213"
    assert answer.headers["x-ms-request-id"] == body["trace_id"]


async def test_sovereign_cloud_hosts_answer_too() -> None:
    lab = _with_credentials(Credential("gov", GH, MAIN, ["api://AzureADTokenExchangeUSGov"]))
    token = lab.workload_token({"aud": "api://AzureADTokenExchangeUSGov"})
    answer = await exchange(
        lab, token, host="login.microsoftonline.us", scope="https://graph.microsoft.us/.default"
    )
    assert answer.status_code == 200
    answer = await exchange(lab, lab.workload_token(), host="login.partner.microsoftonline.cn")
    assert code_of(answer) == 700212
    assert answer.json()["error_uri"].startswith("https://login.partner.microsoftonline.cn/error")


async def test_managed_identity_as_a_credential() -> None:
    """MI-as-FIC (reference B.7): a user-assigned identity's token (issuer .../v2.0, audience
    the token exchange app's GUID, subject the identity's principal ID) on an app's credential."""
    lab = lab_for("issuer-slash-missing")  # it has a user-assigned identity
    mi = lab.state.identities[0]
    app = lab_for("healthy").state.identities[0]
    app.credentials = [Credential("mi", lab.state.entra_issuer(), mi.sp_id, [AUD])]
    lab.state.identities.append(app)
    assertion = lab.managed_identity_token(mi.client_id)
    assert code_of(await exchange(lab, assertion, client_id=app.client_id)) is None
    app.credentials[0].subject = mi.client_id  # the client ID instead of the principal ID
    assert code_of(await exchange(lab, assertion, client_id=app.client_id)) == 700213


async def test_both_azure_devops_issuer_generations_exchange() -> None:
    """vstoken (sc://org/project/connection) and the Entra generation (/eid1/... subjects, signed
    by Entra itself, accepted as an Entra-issued assertion)."""
    from wifdoctor.lab.issuers import make_issuer

    lab = lab_for("ado-issuer-migration")
    entra_generation = lab.workload_token()
    subject = jwt.decode(entra_generation, options={"verify_signature": False})["sub"]
    assert subject.startswith("/eid1/c/pub/t/")
    identity = lab.state.identities[0]
    identity.credentials.append(Credential("ado-entra", lab.state.entra_issuer(), subject, [AUD]))
    assert code_of(await exchange(lab, entra_generation)) is None
    vstoken = make_issuer("ado", "azure-devops", identity.credentials[0].issuer, 1)
    lab.state.issuers.append(vstoken)
    old_generation = mint(lab.state, vstoken, {"org": "contoso", "project": "payments"})
    assert code_of(await exchange(lab, old_generation)) is None
