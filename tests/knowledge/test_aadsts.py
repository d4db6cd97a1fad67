from __future__ import annotations

import string
import subprocess
import sys

import pytest

from wifdoctor.knowledge.aadsts import (
    AadstsEntry,
    all_entries,
    entries_for_finding,
    lookup,
)
from wifdoctor.knowledge.findings_catalogue import FINDINGS

# Every code of the reference's section A (A.0-A.11), plus 7002381 from spec/findings.md.
# AADSTS700230 is deliberately absent: the reference found no source for it.
REFERENCE_CODES = {
    # A.1 matching
    70021, 700211, 700212, 7002121, 70022204, 700213, 7002138, 7002131, 7002137, 70025, 7000226,
    # A.2 token validation
    700024, 70023, 50027, 5002730, 7000272, 700027, 50013, 500133,
    # A.3 discovery
    90061, 50166, 501661,
    # A.4 Entra-issued tokens
    700222, 700226, 700227, 700229, 700231, 700236, 700214, 700263,
    # A.5 flexible credentials
    700233, 700234, 700235, 700237, 7002241,
    # A.6 tenant restrictions
    700223, 700238, 70052, 7002381,
    # A.7 client, app, tenant, cloud
    700016, 700011, 7000112, 70001, 90002, 90038, 900439, 900440, 900382, 900432, 500011, 500014,
    700025,
    # A.8 request shape
    7000218, 900144, 90014, 1002012, 70011, 700022, 700023, 9001023, 7000215, 7000222,
    # A.9 Conditional Access
    53003, 530032, 50053, 50131,
    # A.11 not part of federation
    50011, 1100001, 1100000,
    # From the real-world corpus (issue 6): AzureAD/microsoft-identity-web#3467, leg100/otf#828
    5002738, 5002723,
    # Azure/azure-workload-identity docs/book/src/known-issues.md
    50005,
}  # fmt: skip

NOT_WIF = {50011, 1100001, 1100000, 50013, 500133}


def test_every_reference_code_is_catalogued_and_nothing_else() -> None:
    codes = [e.code for e in all_entries()]
    assert len(codes) == len(set(codes)), "a code is catalogued twice"
    assert set(codes) == REFERENCE_CODES


def test_all_entries_are_sorted_by_code() -> None:
    codes = [e.code for e in all_entries()]
    assert codes == sorted(codes)


@pytest.mark.parametrize("entry", all_entries(), ids=lambda e: str(e.code))
class TestEveryEntry:
    def test_finding_ids_exist_and_are_unique(self, entry: AadstsEntry) -> None:
        assert set(entry.finding_ids) <= set(FINDINGS)
        assert len(entry.finding_ids) == len(set(entry.finding_ids))

    def test_has_the_lookup_page_and_only_https_links(self, entry: AadstsEntry) -> None:
        assert entry.lookup_url in entry.docs
        assert entry.lookup_url == f"https://login.microsoftonline.com/error?code={entry.code}"
        assert all(link.startswith("https://") for link in entry.docs)
        assert len(set(entry.docs)) == len(entry.docs)

    def test_texts_are_filled_in(self, entry: AadstsEntry) -> None:
        assert entry.title.strip() and "\n" not in entry.title and len(entry.title) <= 100
        assert entry.meaning.strip()
        assert entry.causes and all(c.strip() for c in entry.causes)
        assert entry.remedy and all(r.strip() for r in entry.remedy)
        # For federation codes, something beyond the number: Entra's wording or at least its name
        # (or the entry admits it is a hint).
        if entry.part_of_wif:
            assert entry.message or entry.name or entry.confidence == "unverified"

    def test_message_placeholders_are_named(self, entry: AadstsEntry) -> None:
        fields = [f for _, f, _, _ in string.Formatter().parse(entry.message) if f is not None]
        assert all(f.isidentifier() for f in fields), fields
        assert not entry.message.startswith("AADSTS")

    def test_protocol_values_are_plausible(self, entry: AadstsEntry) -> None:
        assert entry.confidence in {"verified", "observed", "secondary", "unverified"}
        assert entry.http_status in {None, 400, 401}
        assert entry.oauth_error is None or entry.oauth_error.islower()
        if entry.http_status == 401:
            assert entry.oauth_error == "invalid_client"

    def test_codes_outside_federation_map_to_no_finding(self, entry: AadstsEntry) -> None:
        assert entry.part_of_wif is (entry.code not in NOT_WIF)
        if not entry.part_of_wif:
            assert entry.finding_ids == ()


def test_exact_codes_are_returned_as_exact() -> None:
    for code in (7002138, 70022204, 700213, 70021, 7002381):
        found = lookup(code)
        assert found is not None
        assert found.exact and found.requested == code and found.entry.code == code


def test_unknown_seven_digit_code_falls_back_to_its_six_digit_parent() -> None:
    found = lookup(7002139)
    assert found is not None
    assert (found.entry.code, found.exact, found.requested) == (700213, False, 7002139)


def test_unknown_eight_digit_code_falls_back_to_the_longest_known_prefix() -> None:
    found = lookup(70022299)  # 7002229 unknown, 700222 known
    assert found is not None and (found.entry.code, found.exact) == (700222, False)
    found = lookup(50027301)  # the seven-digit 5002730 is the longest known prefix
    assert found is not None and (found.entry.code, found.exact) == (5002730, False)


@pytest.mark.parametrize("code", [123456, 700230, 700219, 500270, 99999, 1, 0, -700213])
def test_unknown_short_codes_are_not_guessed(code: int) -> None:
    assert lookup(code) is None


@pytest.mark.parametrize(
    "code",
    [
        7000299,  # 700029 unknown; must not fall to 70002x
        5002731,  # 500273 unknown; 50027 is known but has five digits
        7002100,  # 700210 unknown; 70021 is known but has five digits
        7000229,  # 700022 is a scope error; 7000NNN codes are not its children
        7000163,  # nor children of 700016
    ],
)
def test_fallback_never_goes_below_six_digits_nor_to_accidental_parents(code: int) -> None:
    assert lookup(code) is None


def test_fallback_only_ever_lands_on_a_real_prefix_of_six_or_more_digits() -> None:
    known = {e.code for e in all_entries()}
    for code in [*range(7000000, 7010000), *range(70020000, 70030000), *range(5000000, 5010000)]:
        found = lookup(code)
        if found is None or found.exact:
            assert found is None or code in known
            continue
        parent = str(found.entry.code)
        assert str(code).startswith(parent)
        assert len(parent) >= 6
        assert code not in known
        assert not (len(parent) == 6 and parent.startswith("7000"))


def test_bool_is_not_a_code() -> None:
    assert lookup(True) is None


def test_lifetime_code_70023_and_scope_code_700023_are_different_entries() -> None:
    lifetime, scope = lookup(70023), lookup(700023)
    assert lifetime is not None and scope is not None
    assert lifetime.exact and scope.exact
    assert lifetime.entry.finding_ids[0] == "token-lifetime-too-long"
    assert "token-lifetime-too-long" not in scope.entry.finding_ids
    assert scope.entry.oauth_error == "invalid_scope"
    assert lifetime.entry.title != scope.entry.title


# The codes spec/findings.md names beside a finding must map to that finding.
SPEC_CODE_FINDINGS = [
    (50027, "token-empty-or-malformed"),
    (700024, "token-expired"),
    (70023, "token-lifetime-too-long"),
    (7000272, "signing-key-not-published"),
    (90061, "issuer-unreachable"),
    (50166, "issuer-unreachable"),
    (501661, "issuer-unreachable"),
    (7002138, "subject-case-mismatch"),
    (7002131, "flexible-expression-no-match"),
    (700212, "audience-mismatch"),
    (700016, "client-id-not-found"),
    (70025, "no-federated-credentials"),
    (70052, "identity-type-unsupported"),
    (700222, "identity-type-unsupported"),
    (700229, "identity-type-unsupported"),
    (700231, "identity-type-unsupported"),
    (700236, "identity-type-unsupported"),
    (53003, "conditional-access-blocked"),
    (7002381, "tenant-policy-restriction"),
    (700223, "tenant-policy-restriction"),
    (700238, "tenant-policy-restriction"),
    (900382, "tenant-policy-restriction"),
    (50166, "platform-incident"),
]


@pytest.mark.parametrize(("code", "finding_id"), SPEC_CODE_FINDINGS)
def test_codes_named_by_the_finding_spec_map_to_their_finding(code: int, finding_id: str) -> None:
    found = lookup(code)
    assert found is not None and found.exact
    assert finding_id in found.entry.finding_ids


PRIMARY = {
    700211: "issuer-mismatch",
    700212: "audience-mismatch",
    7002121: "audience-mismatch",
    700213: "subject-mismatch",
    7002138: "subject-case-mismatch",
    7002131: "flexible-expression-no-match",
    7002241: "flexible-expression-unsupported",
    70025: "no-federated-credentials",
    700024: "token-expired",
    70023: "token-lifetime-too-long",
    50027: "token-empty-or-malformed",
    7000272: "signing-key-not-published",
    90061: "issuer-unreachable",
    53003: "conditional-access-blocked",
    700016: "client-id-not-found",
    7000215: "client-secret-expected",
    7000218: "token-permission-missing",
}


@pytest.mark.parametrize(("code", "finding_id"), sorted(PRIMARY.items()))
def test_primary_finding(code: int, finding_id: str) -> None:
    found = lookup(code)
    assert found is not None and found.entry.finding_ids[0] == finding_id


def test_the_generic_no_match_code_covers_every_field_and_propagation() -> None:
    found = lookup(70021)
    assert found is not None
    expected = {"issuer-mismatch", "subject-mismatch", "audience-mismatch"}
    assert expected | {"credential-propagation", "no-federated-credentials"} <= set(
        found.entry.finding_ids
    )


def test_a_sub_code_inherits_its_parents_findings_when_unknown() -> None:
    found = lookup(7002134)
    parent = lookup(700213)
    assert found is not None and parent is not None
    assert found.entry is parent.entry


def test_entries_for_finding_puts_primary_codes_first() -> None:
    hits = entries_for_finding("subject-case-mismatch")
    assert hits[0].code == 7002138
    assert {e.code for e in hits} >= {7002138, 700213}
    assert entries_for_finding("no-such-finding") == ()


def test_the_spec_only_code_is_marked_unverified() -> None:
    found = lookup(7002381)
    assert found is not None and found.entry.confidence == "unverified"


def test_the_catalogue_imports_nothing_outside_the_standard_library_and_knowledge() -> None:
    code = (
        "import sys\n"
        "import wifdoctor.knowledge.aadsts, wifdoctor.knowledge.clouds, "
        "wifdoctor.knowledge.dated_rules\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'httpx','textual','rich','click','jwt','azure','msgraph'} "
        "or m.startswith('wifdoctor.core'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
