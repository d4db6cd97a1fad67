"""Which platform issued a token: every platform and variant of spec/cli.md, lookalikes, junk."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

import pytest

from tests.knowledge import platform_examples as ex
from wifdoctor.knowledge.platforms import PLATFORMS, platform_by_id, recognize
from wifdoctor.knowledge.platforms.base import Recognition


def _recognize(claims: Mapping[str, object], **changes: object) -> Recognition:
    merged = {**claims, **changes}
    issuer = merged.get("iss")
    return recognize(issuer if isinstance(issuer, str) else None, merged)


@pytest.mark.parametrize(
    ("claims", "platform", "variant"),
    [
        (ex.GITHUB, "github-actions", "github-com"),
        (ex.ADO_VSTOKEN, "azure-devops", "vstoken-issuer"),
        (ex.ADO_ENTRA, "azure-devops", "entra-issuer"),
        (ex.ADO_PIPELINE, "azure-devops", "pipeline-token"),
        (ex.GITLAB, "gitlab", "gitlab-com"),
        (ex.AKS, "kubernetes", "aks"),
        (ex.TERRAFORM, "terraform-cloud", "hcp-terraform"),
        (ex.BITBUCKET, "bitbucket", None),
        (ex.CIRCLECI, "circleci", "v2"),
        (ex.BUILDKITE, "buildkite", None),
        (ex.GOOGLE, "google", None),
        (ex.AWS_OUTBOUND, "aws", "iam-outbound"),
        (ex.COGNITO, "aws", "cognito"),
        (ex.SPIFFE, "spiffe", None),
        (ex.JENKINS, "jenkins", "root-issuer"),
        (ex.MANAGED_IDENTITY, "entra-managed-identity", "user-assigned"),
    ],
)
def test_reference_examples_are_recognised(
    claims: dict[str, object], platform: str, variant: str | None
) -> None:
    found = _recognize(claims)
    assert (found.platform, found.variant) == (platform, variant)
    assert found.display_name


def test_issuer_argument_wins_over_claims_and_none_falls_back_to_claims() -> None:
    assert recognize(None, ex.GITHUB).platform == "github-actions"
    assert recognize("https://gitlab.com", {}).platform == "gitlab"


@pytest.mark.parametrize(
    ("issuer", "variant", "note"),
    [
        ("https://token.actions.githubusercontent.com", "github-com", None),
        (
            "https://token.actions.githubusercontent.com/contoso-ent",
            "ghec-enterprise-issuer",
            "contoso-ent",
        ),
        ("https://token.actions.contoso.ghe.com", "ghe-com", "contoso"),
        ("https://token.actions.contoso.ghe.com/contoso-ent", "ghe-com", "contoso-ent"),
        ("https://github.contoso.com/_services/token", "ghes", "github.contoso.com"),
    ],
)
def test_github_issuer_variants(issuer: str, variant: str, note: str | None) -> None:
    found = recognize(issuer, {})
    assert (found.platform, found.variant, found.basis) == ("github-actions", variant, "issuer")
    if note is not None:
        assert any(note in line for line in found.notes)


def test_enterprise_issuer_warns_that_plain_issuer_credentials_break() -> None:
    found = recognize("https://token.actions.githubusercontent.com/contoso-ent", {})
    assert any("plain issuer no longer match" in line for line in found.notes)


def test_github_by_claims_when_issuer_is_unusual() -> None:
    found = recognize("https://proxy.contoso.example", ex.GITHUB)
    assert (found.platform, found.basis) == ("github-actions", "claims")


@pytest.mark.parametrize(
    "issuer",
    [
        "https://token.actions.githubusercontent.com.evil.example",
        "https://token.actions.githubusercontent.com.evil.example/contoso",
        "http://token.actions.githubusercontent.com",
        "https://evil.example/https://token.actions.githubusercontent.com",
        "https://token.actions.githubusercontent.com/a/b",
        " https://token.actions.githubusercontent.com",
        "https://token.actions.githubusercontent.com\n",
        "https://gitlab.com.evil.example",
        "https://app.terraform.io.evil.example",
        "https://agent.buildkite.com.evil.example",
        "https://accounts.google.com.evil.example",
        "https://cognito-identity.amazonaws.com.evil.example",
        "https://vstoken.dev.azure.com.evil.example/6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b",
        "https://x.tokens.sts.global.api.aws.evil.example",
    ],
)
def test_lookalike_issuers_are_not_recognised(issuer: str) -> None:
    assert recognize(issuer, {}).platform == "unknown"


def test_trailing_slash_issuers_are_recognised_with_a_warning() -> None:
    for issuer in ("https://token.actions.githubusercontent.com/", "https://gitlab.com/"):
        found = recognize(issuer, {})
        assert found.platform != "unknown"
        assert any("ends with '/'" in line for line in found.notes)


def test_azure_devops_variants() -> None:
    legacy = recognize("https://app.vstoken.visualstudio.com", {"sub": "sc://a/b/c"})
    assert (legacy.platform, legacy.variant) == ("azure-devops", "vstoken-issuer")
    by_azp = recognize(ex.ENTRA_ISSUER, {"azp": ex.ADO_APP, "sub": "x", "xms_mirid": "/x"})
    assert (by_azp.platform, by_azp.variant) == ("azure-devops", "entra-issuer")
    for host in ("login.microsoftonline.us", "login.partner.microsoftonline.cn"):
        found = recognize(f"https://{host}/{ex.TENANT}/v2.0", {"sub": ex.ADO_ENTRA_SUBJECT})
        assert (found.platform, found.variant) == ("azure-devops", "entra-issuer")
    pipeline = _recognize(ex.ADO_PIPELINE)
    assert any("cannot match a service connection" in line for line in pipeline.notes)


def test_managed_identity_variants() -> None:
    system = _recognize(
        ex.MANAGED_IDENTITY,
        xms_mirid="/subscriptions/x/resourcegroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
    )
    assert (system.platform, system.variant) == ("entra-managed-identity", "system-assigned")
    assert any("system-assigned" in line for line in system.notes)
    user_token = {"iss": ex.ENTRA_ISSUER, "scp": "User.Read", "idtyp": "user", "aud": "x"}
    assert _recognize(user_token).variant == "access-token"
    app_token = {"iss": ex.ENTRA_ISSUER, "idtyp": "app", "aud": "https://management.azure.com"}
    assert _recognize(app_token).variant == "access-token"
    bare = recognize(ex.ENTRA_ISSUER, {})
    assert (bare.platform, bare.variant) == ("entra-managed-identity", None)
    no_mirid = {k: v for k, v in ex.MANAGED_IDENTITY.items() if k != "xms_mirid"}
    assert _recognize(no_mirid).variant is None
    v1 = _recognize(ex.MANAGED_IDENTITY, iss=f"https://sts.windows.net/{ex.TENANT}/")
    assert v1.platform == "entra-managed-identity"
    assert any("v2.0" in line for line in v1.notes)


def test_kubernetes_variants() -> None:
    guid = "8f2e6c1a-9b3d-4e7f-a0c5-d2b4e6f8a1c3"
    cases = {
        f"https://oidc.prod-aks.azure.com/{guid}/": "aks",
        "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE": "eks",
        "https://container.googleapis.com/v1/projects/p/locations/europe-west1/clusters/c": "gke",
        "https://kubernetes.default.svc.cluster.local": "in-cluster",
        "https://kubernetes.default.svc": "in-cluster",
    }
    for issuer, variant in cases.items():
        found = recognize(issuer, {})
        assert (found.platform, found.variant) == ("kubernetes", variant), issuer
    blob = "https://contosooidc.blob.core.windows.net/oidc"
    assert _recognize(ex.AKS, iss=blob).variant == "self-managed"
    by_subject = recognize(blob, {"sub": "system:serviceaccount:a:b"})
    assert (by_subject.variant, by_subject.basis) == ("self-managed", "subject")
    no_slash = recognize(str(ex.AKS["iss"]).rstrip("/"), {})
    assert no_slash.variant == "aks"
    assert any("end with '/'" in line for line in no_slash.notes)


def test_gitlab_terraform_and_others_by_claims() -> None:
    gitlab = _recognize(ex.GITLAB, iss="https://gitlab.contoso.com")
    assert (gitlab.platform, gitlab.variant, gitlab.basis) == ("gitlab", "self-managed", "claims")
    eu = _recognize(ex.TERRAFORM, iss="https://app.eu.terraform.io")
    assert eu.variant == "hcp-terraform-eu"
    tfe = _recognize(ex.TERRAFORM, iss="https://tfe.contoso.com")
    assert (tfe.platform, tfe.variant) == ("terraform-cloud", "terraform-enterprise")
    assert _recognize(ex.BITBUCKET, iss="https://x.example").platform == "bitbucket"
    assert _recognize(ex.CIRCLECI, iss="https://x.example").platform == "circleci"
    assert _recognize(ex.BUILDKITE, iss="https://x.example").platform == "buildkite"
    assert _recognize(ex.AWS_OUTBOUND, iss="https://x.example").variant == "iam-outbound"
    folder = _recognize(ex.JENKINS, iss="https://jenkins.contoso.com/oidc/job/payments")
    assert (folder.platform, folder.variant) == ("jenkins", "folder-issuer")


def test_claims_of_other_ci_systems_do_not_look_like_github() -> None:
    # GitLab and Buildkite tokens carry runner_environment too.
    assert _recognize(ex.GITLAB, iss="https://gitlab.contoso.com").platform == "gitlab"
    assert _recognize(ex.BUILDKITE, iss="https://x.example").platform == "buildkite"


def test_bitbucket_and_buildkite_notes_say_the_subject_cannot_match() -> None:
    assert any("changes on every run" in line for line in _recognize(ex.BITBUCKET).notes)
    commit = _recognize(ex.BUILDKITE, sub=ex.BUILDKITE_DEFAULT_SUBJECT)
    assert any("commit" in line for line in commit.notes)


@pytest.mark.parametrize(
    ("issuer", "claims"),
    [
        (None, {}),
        (None, {"iss": 5, "sub": ["x"]}),
        ("", {"iss": None, "sub": None, "aud": {"a": 1}, "kubernetes.io": "x"}),
        ("https://nothing.example", {"sub": 12, "xms_mirid": 3, "amr": "cognito"}),
        (ex.ENTRA_ISSUER, {"sub": ["x"], "azp": 1, "aud": [1, None], "xms_mirid": ["a"]}),
    ],
)
def test_junk_is_unknown_or_recognised_without_raising(
    issuer: str | None, claims: dict[str, object]
) -> None:
    found = recognize(issuer, claims)
    assert isinstance(found, Recognition)
    if issuer is None:
        assert found.platform == "unknown"


def test_non_mapping_claims_do_not_raise() -> None:
    assert recognize(None, None).platform == "unknown"  # type: ignore[arg-type]
    assert recognize(5, ["x"]).platform == "unknown"  # type: ignore[arg-type]


def test_platform_table() -> None:
    ids = [platform.id for platform in PLATFORMS]
    assert len(ids) == len(set(ids)) == 13
    assert ids.index("azure-devops") < ids.index("entra-managed-identity")
    for platform in PLATFORMS:
        assert platform_by_id(platform.id) is platform
        assert platform.docs and all(url.startswith("https://") for url in platform.docs)
        assert platform.usual_lifetime
    assert platform_by_id("unknown") is None
    assert platform_by_id("nope") is None


def test_lifetimes() -> None:
    seconds = {p.id: p.usual_lifetime_seconds for p in PLATFORMS}
    assert seconds["github-actions"] == 300
    assert seconds["kubernetes"] == 3600
    assert seconds["buildkite"] == 300
    assert seconds["entra-managed-identity"] == 86400


def test_platforms_import_only_the_standard_library_and_knowledge() -> None:
    code = (
        "import sys, wifdoctor.knowledge.platforms\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('httpx','textual','rich','click','jwt','azure','msgraph') "
        "or m.startswith('wifdoctor.core')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
