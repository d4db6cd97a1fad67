"""Messages that are not AADSTS codes, as data: what each one means and which finding it points to.

Every ``pattern`` is a regular expression compiled by ``wifdoctor.core.error_text``. The parser
runs a pattern only on the lines (or, on a very long line, the few thousand characters) around an
occurrence of one of its ``anchors``: literal, case-sensitive substrings one of which every match
contains. That keeps the work bounded on multi-megabyte logs. Patterns stay linear: bounded
gaps (``[^\\n]{0,300}?``), no nested quantifiers, no backreferences.

Named groups become ``Signal.detail`` entries; a ``__2`` (``__3``...) suffix lets two branches
fill the same key. A group named ``variables`` is normalised to environment variable names
(``'tenant_id'`` -> ``AZURE_TENANT_ID``) with ``VARIABLE_ALIASES``.

The comment above each entry says where its wording comes from (repository and issue or file).
"""

from __future__ import annotations

from wifdoctor.knowledge.messages_acquire import ACQUIRE_PATTERNS
from wifdoctor.knowledge.messages_base import MessagePattern, ToolVersionPattern
from wifdoctor.knowledge.messages_consumers import CONSUMER_PATTERNS
from wifdoctor.knowledge.messages_field import FIELD_PATTERNS

__all__ = [
    "CODES_EXPLAINED_BY",
    "CODE_PHRASES",
    "DISTINCTIVE_ERROR_CODES",
    "MESSAGE_PATTERNS",
    "OAUTH_ERRORS",
    "TOOL_VERSION_PATTERNS",
    "VARIABLE_ALIASES",
    "MessagePattern",
    "ToolVersionPattern",
]

MESSAGE_PATTERNS: tuple[MessagePattern, ...] = ACQUIRE_PATTERNS + CONSUMER_PATTERNS + FIELD_PATTERNS
# Message id -> the message, for those that are an AADSTS code's own text (``explains_code``).
CODES_EXPLAINED_BY: dict[str, MessagePattern] = {
    p.id: p for p in MESSAGE_PATTERNS if p.explains_code is not None
}


# Names an SDK message may use for a missing setting -> the environment variable behind it.
# Keys are lower-case with spaces, underscores and dashes removed.
VARIABLE_ALIASES: dict[str, str] = {
    "tenantid": "AZURE_TENANT_ID",
    "clientid": "AZURE_CLIENT_ID",
    "tokenfilepath": "AZURE_FEDERATED_TOKEN_FILE",
    "tokenfile": "AZURE_FEDERATED_TOKEN_FILE",
    "federatedtokenfilepath": "AZURE_FEDERATED_TOKEN_FILE",
    "authorityhost": "AZURE_AUTHORITY_HOST",
    "idtoken": "idToken",
    "serviceprincipalid": "servicePrincipalId",
}

# Graph / ARM error codes that are distinctive enough to be recognised anywhere in a text (as a
# whole word). Short, common words such as "Conflict" or "BadRequest" are only taken where the
# text shows them as a code ("code": "...", Code="...", (Code) ...).
DISTINCTIVE_ERROR_CODES: tuple[str, ...] = (
    "InvalidFederatedIdentityCredentialValue",
    "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
    "Request_ResourceNotFound",
    "Request_BadRequest",
    "Authorization_RequestDenied",
    "Authorization_IdentityNotFound",
    "AuthorizationFailed",
    "LinkedAuthorizationFailed",
    "RequestDisallowedByPolicy",
    "InvalidAuthenticationToken",
    "InvalidAuthenticationTokenTenant",
    "ExpiredAuthenticationToken",
    "SubscriptionNotFound",
    "ResourceGroupNotFound",
    "PrincipalNotFound",
    "RoleAssignmentExists",
)

# OAuth 2.0 error classes Entra puts in "error" (reference A.0).
OAUTH_ERRORS: tuple[str, ...] = (
    "invalid_client",
    "invalid_request",
    "unauthorized_client",
    "invalid_grant",
    "invalid_scope",
    "invalid_resource",
    "invalid_tenant",
    "interaction_required",
    "temporarily_unavailable",
    "access_denied",
    "server_error",
)

_VERSION = r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.]{1,40})?"

# Printed tool versions. First match wins per tool. Shapes: `az --version` / `az version` output
# ("azure-cli  2.59.0", "\"azure-cli\": \"2.59.0\""), the Azure/cli action's AZCLIVERSION
# (Azure/login#296), "Run azure/login@v2", `terraform init` ("- Installed hashicorp/azurerm
# v4.1.0") and the providers' user agent ("terraform-provider-azurerm/3.90.0"), `terraform
# version` ("Terraform v1.9.8"), `Get-Module` tables ("Script 2.12.1 Az.Accounts"), and the Azure
# SDK user agents ("azsdk-python-identity/1.25.3", Azure/azure-sdk-for-net#46135).
TOOL_VERSION_PATTERNS: tuple[ToolVersionPattern, ...] = (
    ToolVersionPattern(
        "azure-cli",
        r"\"?azure-cli\"?(?:\s{1,40}|\s{0,5}:\s{0,5}\")(?P<version>\d+\.\d+\.\d+)(?![\d.])"
        r"|(?:AZURECLI|AzureCLI)/(?P<version__2>\d+\.\d+\.\d+)|AZCLIVERSION: (?P<version__3>"
        r"\d+\.\d+\.\d+)",
        ("azure-cli", "AZURECLI/", "AzureCLI/", "AZCLIVERSION: "),
    ),
    ToolVersionPattern(
        "azure/login",
        r"[Aa]zure/login@(?P<version>v?\d+(?:\.\d+){0,2})(?![\w.])",
        ("azure/login@", "Azure/login@"),
    ),
    ToolVersionPattern(
        "terraform-provider-azurerm",
        r"(?:terraform-provider-azurerm[_/ ]v?|hashicorp/azurerm v)(?P<version>" + _VERSION + ")",
        ("terraform-provider-azurerm", "hashicorp/azurerm v"),
    ),
    ToolVersionPattern(
        "terraform-provider-azuread",
        r"(?:terraform-provider-azuread[_/ ]v?|hashicorp/azuread v)(?P<version>" + _VERSION + ")",
        ("terraform-provider-azuread", "hashicorp/azuread v"),
    ),
    ToolVersionPattern(
        "terraform-provider-azapi",
        r"(?:terraform-provider-azapi[_/ ]v?|azure/azapi v)(?P<version>" + _VERSION + ")",
        ("terraform-provider-azapi", "azure/azapi v"),
    ),
    ToolVersionPattern(
        "terraform",
        r"Terraform v(?P<version>\d+\.\d+\.\d+)|Terraform version: (?P<version__2>\d+\.\d+\.\d+)",
        ("Terraform v", "Terraform version: "),
    ),
    ToolVersionPattern(
        "Az.Accounts",
        r"Az\.Accounts[\s:/]{1,20}v?(?P<version>\d+\.\d+\.\d+)"
        r"|(?P<version__2>\d+\.\d+\.\d+)\s{1,20}Az\.Accounts(?![\w.])",
        ("Az.Accounts",),
    ),
    ToolVersionPattern(
        "azure-identity-python",
        r"azsdk-python-identity/(?P<version>" + _VERSION + r")"
        r"|azure-identity(?:==|\s{1,20})(?P<version__2>\d+\.\d+\.\d+)(?![\w.])",
        ("azsdk-python-identity/", "azure-identity"),
    ),
    ToolVersionPattern(
        "azure-identity-dotnet",
        r"azsdk-net-Identity/(?P<version>" + _VERSION + ")",
        ("azsdk-net-Identity/",),
    ),
    ToolVersionPattern(
        "azure-identity-js",
        r"azsdk-js-identity/(?P<version>" + _VERSION + ")",
        ("azsdk-js-identity/",),
    ),
    ToolVersionPattern(
        "azure-identity-go",
        r"azsdk-go-azidentity/v?(?P<version>" + _VERSION + ")",
        ("azsdk-go-azidentity/",),
    ),
    ToolVersionPattern(
        "azure-identity-java",
        r"azsdk-java-azure-identity/(?P<version>" + _VERSION + ")",
        ("azsdk-java-azure-identity/",),
    ),
)


# Entra's own sentences, recognised without their AADSTS number (a message quoted without its
# code, or cut short by a tool), and the code each one belongs to.
CODE_PHRASES: tuple[tuple[str, int], ...] = (
    # Azure/azure-workload-identity#693: MSAL logs "Client assertion is not within its valid time
    # range" alone.
    ("Client assertion is not within its valid time range", 700024),
    # The AADSTS70025 template, quoted without its code in bhavinrlad-design/pryysm24's
    # FIX_FEDERATED_IDENTITY_CREDENTIALS.md ("The client '...' has no configured federated
    # identity credentials.").
    ("has no configured federated identity credentials", 70025),
    # The AADSTS70023 template (reference A.1); MicrosoftDocs/azure-docs#86916.
    ("External OIDC Provider token must have a lifetime", 70023),
    # Not "No matching federated identity record found for presented assertion": 70021 and the
    # 7002xx family share it, so without its number it does not say which comparison failed.
)
