"""Clocks: an assertion that starts in the future, and this machine's clock off from Entra's.

Each finding comes with a close input that must not give it: a few seconds apart is no finding.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from tests.minting import NOW, github_claims, mint
from tests.walk import ids, walk


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _refused(now: int, nbf: int, exp: int) -> str:
    return (
        '{"error":"invalid_client","error_description":"AADSTS700024: Client assertion is not '
        f"within its valid time range. Current time: {_iso(now)}, assertion valid from "
        f"{_iso(nbf)}, expiry time of assertion {_iso(exp)}. Review the documentation at "
        'https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",'
        '"error_codes":[700024]}'
    )


def _first(diagnosis: object) -> str | None:
    findings = diagnosis.findings  # type: ignore[attr-defined]
    return findings[0].id if findings else None


# --- An assertion Entra refused because it starts later than Entra's clock -----------------------


def test_entra_refusing_an_assertion_that_starts_later_is_token_not_yet_valid() -> None:
    diagnosis = walk(error=_refused(NOW, NOW + 420, NOW + 720))
    assert _first(diagnosis) == "token-not-yet-valid"
    finding = diagnosis.finding("token-not-yet-valid")
    assert finding is not None
    assert "7 min" in finding.explanation and "ahead" in finding.explanation
    # An issuer a few minutes ahead is no reused assertion.
    assert "token-refresh-missing" not in ids(diagnosis)
    assert "token-expired" not in ids(diagnosis)


def test_the_same_start_in_the_token_and_in_the_error_gives_the_same_finding() -> None:
    """Two minutes ahead is within the skew a bare token is allowed, but Entra refused it for
    its time before it expired: the start is why, whether the error alone or the token is given."""
    error = _refused(NOW, NOW + 120, NOW + 420)
    token = mint(github_claims(iat=NOW + 120, nbf=NOW + 120, exp=NOW + 420))
    from_text = walk(error=error)
    from_both = walk(token=token, error=error)
    assert _first(from_text) == _first(from_both) == "token-not-yet-valid"
    for diagnosis in (from_text, from_both):
        finding = diagnosis.finding("token-not-yet-valid")
        assert finding is not None and "2 min" in finding.explanation


def test_an_expired_assertion_is_not_called_not_yet_valid() -> None:
    diagnosis = walk(error=_refused(NOW, NOW - 900, NOW - 600))
    assert "token-not-yet-valid" not in ids(diagnosis)
    assert "token-expired" in ids(diagnosis)


def test_a_token_seconds_ahead_of_this_clock_is_no_finding() -> None:
    """Without Entra's word, clocks a few seconds apart are normal."""
    for ahead in (5, 30, 59):
        diagnosis = walk(token=mint(github_claims(iat=NOW + ahead, nbf=NOW + ahead)))
        assert not {"token-not-yet-valid", "clock-skew"} & ids(diagnosis), ahead
    assert "clock-skew" in ids(walk(token=mint(github_claims(iat=NOW + 150, nbf=NOW + 150))))
    assert "token-not-yet-valid" in ids(
        walk(token=mint(github_claims(iat=NOW + 900, nbf=NOW + 900)))
    )


def test_a_start_whole_hours_ahead_is_called_a_time_zone() -> None:
    diagnosis = walk(error=_refused(NOW, NOW + 3600, NOW + 3900))
    finding = diagnosis.finding("token-not-yet-valid")
    assert finding is not None and "time zone" in finding.explanation
    other = walk(error=_refused(NOW, NOW + 2400, NOW + 2700)).finding("token-not-yet-valid")
    assert other is not None and "time zone" not in other.explanation


# --- MSAL found the ID token Entra issued out of time by this machine's clock --------------------

_OLD = """The command failed with an unexpected error. Here is the traceback:
0. The ID token is not yet valid. Make sure your computer's time and time zone are both correct. \
Current epoch = {now}.  The id_token was: {{
  "aud": "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  "iss": "https://login.microsoftonline.com/3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/v2.0",
  "iat": {iat},
  "nbf": {iat},
  "exp": {exp},
  "ver": "2.0"
}}
Traceback (most recent call last):
"""

_NEW = """WARNING msal.oauth2cli.oidc: 0. The ID token is not yet valid. Make sure your computer's \
time and time zone are both correct. Current epoch = 2024-01-29 10:00:00.  The id_token was \
approximately: {
  "aud": "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
  "iat": "2024-01-29 10:04:30",
  "nbf": 1706522670,
  "exp": "2024-01-29 11:09:30"
}
"""


def test_msal_current_epoch_before_the_id_tokens_iat_is_this_clock_behind() -> None:
    diagnosis = walk(error=_OLD.format(now=NOW, iat=NOW + 180, exp=NOW + 4080))
    assert _first(diagnosis) == "clock-skew"
    finding = diagnosis.finding("clock-skew")
    assert finding is not None and finding.severity == "error"
    assert "3 min behind" in finding.explanation
    assert finding.evidence["local_clock"] == "3 min behind"
    assert "almost exactly" not in finding.explanation  # minutes: a drifting clock


def test_msal_times_hours_apart_say_how_many_and_suggest_the_time_zone() -> None:
    five_hours = walk(error=_OLD.format(now=NOW, iat=NOW + 5 * 3600 + 40, exp=NOW + 9 * 3600))
    finding = five_hours.finding("clock-skew")
    assert finding is not None
    assert "5 h" in finding.explanation and "almost exactly 5 hours" in finding.explanation


def test_msal_wall_clock_times_since_127_are_compared_with_each_other() -> None:
    """MSAL >= 1.27 prints local wall-clock times (no zone) and only logs the warning."""
    diagnosis = walk(error=_NEW)
    finding = diagnosis.finding("clock-skew")
    assert finding is not None
    assert "4 min" in finding.explanation and "(local time)" in finding.explanation
    assert finding.severity == "warning"  # the sign-in went on


def test_msal_id_token_already_expired_is_this_clock_ahead() -> None:
    text = _OLD.format(now=NOW, iat=NOW - 8 * 3600, exp=NOW - 8 * 3600 + 3900).replace(
        "is not yet valid", "already expires"
    )
    finding = walk(error=text).finding("clock-skew")
    assert finding is not None
    assert "ahead of Entra's" in finding.explanation
    assert "6 h 55 min" in finding.explanation  # at least now - exp


def test_the_msal_message_alone_still_names_the_clock() -> None:
    diagnosis = walk(error='I got error "RuntimeError: 0. The ID token is not yet valid."')
    assert _first(diagnosis) == "clock-skew"
    finding = diagnosis.finding("clock-skew")
    assert finding is not None and "behind" in finding.explanation


def test_an_epoch_without_the_message_is_no_clock_finding() -> None:
    text = _OLD.format(now=NOW, iat=NOW + 180, exp=NOW + 4080).replace(
        "The ID token is not yet valid.", "Something else happened."
    )
    from wifdoctor.core.error_text import parse_error_text

    assert parse_error_text(text).local_clock is None


def test_edited_msal_times_fall_back_to_the_message() -> None:
    """Azure/azure-cli#24776 posted shortened numbers: no amount is made up from them."""
    text = _OLD.format(now=1669839926, iat=16698199, exp=16698099)
    finding = walk(error=text).finding("clock-skew")
    assert finding is not None and "at least" not in finding.explanation
    assert "more than the 2 minutes" in finding.explanation


def test_many_msal_messages_are_read_in_bounded_time() -> None:
    from wifdoctor.core.error_text import parse_error_text

    text = _OLD.format(now=NOW, iat=NOW + 180, exp=NOW + 4080) * 1500
    started = time.perf_counter()
    evidence = parse_error_text(text[:1_000_000])
    assert time.perf_counter() - started < 5
    assert evidence.local_clock is not None and evidence.local_clock.issued_at is not None


def test_the_pre_2022_msal_wording_for_an_expired_id_token_is_this_clock_ahead() -> None:
    """Azure/azure-cli#20158: before MSAL's PR #449 the same check said "The current time MUST
    be before the time represented by the exp Claim"."""
    text = _OLD.format(now=NOW, iat=NOW - 4600, exp=NOW - 700).replace(
        "0. The ID token is not yet valid. Make sure your computer's time and time zone are "
        "both correct.",
        "9. The current time MUST be before the time represented by the exp Claim.",
    )
    diagnosis = walk(error=text)
    assert _first(diagnosis) == "clock-skew"
    finding = diagnosis.finding("clock-skew")
    assert finding is not None
    assert "at least 12 min ahead" in finding.explanation and "about 77 min" in finding.explanation


def test_entras_refusal_makes_only_the_start_it_quotes_decisive() -> None:
    """Entra quotes nbf as "valid from"; an iat seconds ahead of its clock is no cause."""
    error = _refused(NOW, 0, NOW + 300).replace(_iso(0), "1970-01-01T00:00:00.0000000Z")
    token = mint(github_claims(iat=NOW + 20, nbf=None, exp=NOW + 300))
    assert "token-not-yet-valid" not in ids(walk(token=token, error=error))


def test_the_paste_box_says_what_it_took_from_an_msal_clock_message() -> None:
    from wifdoctor.core.session import Inputs

    _inputs, said = Inputs().with_paste(_OLD.format(now=NOW, iat=NOW + 180, exp=NOW + 4080))
    assert said == "Took it as error text (a client's check of this machine's clock)."
