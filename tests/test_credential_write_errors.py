"""Graph's refusals of a credential write: the message says which value was refused, and the
finding follows the message, not Graph's catch-all code."""

from __future__ import annotations

from tests.walk import walk

CODE_ONLY = '{"error":{"code":"InvalidFederatedIdentityCredentialValue","message":"Bad value."}}'
REFUSED_EXPRESSION = (
    '{"error":{"code":"InvalidFederatedIdentityCredentialValue","message":"The '
    "FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid. Rule exception: "
    "Expression configured for issuer 'https://token.actions.githubusercontent.com' either lacks "
    "all required claims or contains unallowed claims. paramValue: claims['sub'] matches "
    "'repo:contoso/*'\"}}"
)


def ids(text: str) -> list[str]:
    return [finding.id for finding in walk(error=text).findings]


def test_a_refused_expression_is_not_called_a_duplicate() -> None:
    # hashicorp/terraform-provider-azuread#1901, git-bug/git-bug#1584
    assert ids(REFUSED_EXPRESSION) == ["flexible-expression-unsupported"]


def test_the_code_alone_still_points_at_a_duplicate() -> None:
    # Azure/azure-workload-identity#434: the code without a message that says more
    assert ids(CODE_ONLY) == ["credential-duplicate"]


def test_the_fix_says_which_claim_a_github_expression_must_bind() -> None:
    finding = walk(error=REFUSED_EXPRESSION).findings[0]
    assert "repository_id" in finding.explanation
