"""Credentials files in every shape people have them."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.minting import fic
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.errors import CredentialsError, WifdoctorError

GH = "https://token.actions.githubusercontent.com"
ARM_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"


def test_az_ad_app_list() -> None:
    text = json.dumps(
        [
            fic("main", GH, "repo:o/r:ref:refs/heads/main"),
            fic("prod", GH, "repo:o/r:environment:prod"),
        ]
    )
    loaded = load_credentials(text)
    assert [c.name for c in loaded] == ["main", "prod"]
    assert loaded[0].audiences == ("api://AzureADTokenExchange",)
    assert loaded[0].source == "az-ad-app" and loaded[0].identity_kind is None


def test_graph_beta_response_with_flexible_credential() -> None:
    text = json.dumps(
        {
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#...",
            "value": [
                {
                    "@odata.type": "#microsoft.graph.federatedIdentityCredential",
                    "id": "00aa00aa",
                    "name": "any-release",
                    "issuer": GH,
                    "subject": None,
                    "audiences": ["api://AzureADTokenExchange"],
                    "description": None,
                    "claimsMatchingExpression": {
                        "value": "claims['sub'] matches 'repo:o/r:ref:refs/heads/release/*'",
                        "languageVersion": 1,
                    },
                }
            ],
        }
    )
    [credential] = load_credentials(text)
    assert credential.is_flexible and credential.subject is None
    assert credential.expression and credential.expression.startswith("claims['sub']")
    assert credential.language_version == 1 and credential.source == "graph"


def test_arm_list_with_properties() -> None:
    text = json.dumps(
        {
            "value": [
                {
                    "id": "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/"
                    "userAssignedIdentities/id-app/federatedIdentityCredentials/aks",
                    "name": "aks",
                    "type": ARM_TYPE,
                    "properties": {
                        "issuer": "https://westeurope.oic.prod-aks.azure.com/t/i/",
                        "subject": "system:serviceaccount:ns:sa",
                        "audiences": ["api://AzureADTokenExchange"],
                    },
                }
            ]
        }
    )
    [credential] = load_credentials(text)
    assert credential.subject == "system:serviceaccount:ns:sa"
    assert credential.identity_kind == "managed-identity" and credential.source == "arm"


def test_az_identity_list_flattened() -> None:
    item = fic("aks", "https://x/", "system:serviceaccount:ns:sa")
    item["type"] = ARM_TYPE
    item["resourceGroup"] = "rg"
    [credential] = load_credentials(json.dumps([item]))
    assert credential.identity_kind == "managed-identity" and credential.source == "az-identity"


def test_single_object() -> None:
    [credential] = load_credentials(json.dumps(fic("one", GH, "repo:o/r:pull_request")))
    assert credential.subject == "repo:o/r:pull_request"


def test_empty_list_is_zero_credentials() -> None:
    assert load_credentials("[]") == []
    assert load_credentials('{"value": []}') == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (
            "{not json",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        ("42", "not int"),
        ("[1]", "Credential #1 is int"),
        ('[{"foo": 1}]', "no issuer, subject or expression (keys: foo)"),
        ('[{"issuer": 5, "subject": "x"}]', "'issuer' should be a string"),
        (
            '[{"issuer": "x", "subject": "y", "audiences": [1]}]',
            "'audiences' should be a list of strings",
        ),
        (
            '{"error": {"code": "Authorization_RequestDenied", "message": '
            '"Insufficient privileges"}}',
            "error response",
        ),
    ],
)
def test_bad_files_say_why(text: str, message: str) -> None:
    with pytest.raises(CredentialsError) as caught:
        load_credentials(text)
    assert message in str(caught.value)


@given(st.text(max_size=500))
def test_arbitrary_text_raises_only_our_error(text: str) -> None:
    with contextlib.suppress(WifdoctorError):
        load_credentials(text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "name",
                        "issuer",
                        "subject",
                        "audiences",
                        "value",
                        "properties",
                        "claimsMatchingExpression",
                        "type",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_raises_only_our_error(data: object) -> None:
    with contextlib.suppress(WifdoctorError):
        load_credentials(json.dumps(data))


@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_our_error(data: bytes) -> None:
    with contextlib.suppress(WifdoctorError):
        load_credentials(data.decode("utf-8", "replace"))
