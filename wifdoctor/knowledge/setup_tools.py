"""What the tools that create federated credentials call things, by version.

Sources (reference lab-walk-wizard-anchors.md E.3-E.5, platform-tokens.md 1.5, 3.8, 4.5, 5.2, 6.5,
7.2):
- az CLI: ``az ad app federated-credential create --id --parameters`` (Graph) and
  ``az identity federated-credential create --name --identity-name --resource-group --issuer
  --subject --audiences`` (ARM; ``--audiences`` became required, Azure/azure-cli#31598; no flexible
  expressions in ``az ad app``, Azure/azure-cli#32816).
- Terraform azuread v3 ``azuread_application_federated_identity_credential`` takes
  ``application_id`` (the ``/applications/{objectId}`` resource ID), ``display_name``,
  ``audiences``, ``issuer``, ``subject`` (v2 used ``application_object_id``); the flexible resource
  takes a singular ``audience`` and ``claims_matching_expression``
  (hashicorp/terraform-provider-azuread,
  docs/resources/application_federated_identity_credential.md).
- Terraform azurerm v4 ``azurerm_federated_identity_credential``: ``name``,
  ``resource_group_name``, ``parent_id``, ``audience`` (a list), ``issuer``, ``subject``, all
  ForceNew; v5 replaced ``resource_group_name``/``parent_id`` with ``user_assigned_identity_id``
  (website/docs/r/federated_identity_credential.html.markdown @v5.12.0).
- Bicep:
  ``Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31``
  with ``properties: {issuer, subject, audiences}``; loops need ``@batchSize(1)`` (409 on concurrent
  writes, Azure/bicep-types-az#2029 and the AVM module); app credentials through the Microsoft
  Graph Bicep extension, top-level properties (microsoftgraph/msgraph-bicep-types#271).
"""

from __future__ import annotations

from dataclasses import dataclass

AZ_APP_CREATE = "az ad app federated-credential create"
AZ_MI_CREATE = "az identity federated-credential create"


@dataclass(frozen=True)
class TerraformResource:
    provider: str  # "azuread" or "azurerm"
    major: int
    resource_type: str
    # attribute names, by role
    parent: str  # the attribute naming the identity
    name: str
    audience: str  # "audiences" (list), "audience" (list on azurerm, string on flexible azuread)
    audience_is_list: bool
    extra: tuple[str, ...] = ()  # further required attributes (azurerm v4: resource_group_name)
    expression: str | None = None  # attribute for a flexible expression


TERRAFORM_AZUREAD = TerraformResource(
    provider="azuread",
    major=3,
    resource_type="azuread_application_federated_identity_credential",
    parent="application_id",
    name="display_name",
    audience="audiences",
    audience_is_list=True,
)
TERRAFORM_AZUREAD_FLEXIBLE = TerraformResource(
    provider="azuread",
    major=3,
    resource_type="azuread_application_flexible_federated_identity_credential",
    parent="application_id",
    name="display_name",
    audience="audience",
    audience_is_list=False,
    expression="claims_matching_expression",
)
TERRAFORM_AZURERM_V4 = TerraformResource(
    provider="azurerm",
    major=4,
    resource_type="azurerm_federated_identity_credential",
    parent="parent_id",
    name="name",
    audience="audience",
    audience_is_list=True,
    extra=("resource_group_name",),
)
TERRAFORM_AZURERM_V5 = TerraformResource(
    provider="azurerm",
    major=5,
    resource_type="azurerm_federated_identity_credential",
    parent="user_assigned_identity_id",
    name="name",
    audience="audience",
    audience_is_list=True,
)

BICEP_MI_API_VERSION = "2023-01-31"
BICEP_MI_FLEXIBLE_API_VERSION = "2025-01-31-preview"
BICEP_GRAPH_EXTENSION = "br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0"
ARM_FIC_API_VERSION = "2023-01-31"

GITHUB_LOGIN_ACTION = "azure/login@v2"
