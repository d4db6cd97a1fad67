"""AADSTS codes that identify the client, app, tenant and cloud (reference section A.7)."""

from __future__ import annotations

from wifdoctor.knowledge.aadsts_base import AadstsEntry, entry
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    ERROR_CODES_DOC,
    MI_AS_FIC_DOC,
)

_CLIENT_ID_STEP = (
    "Use the Application (client) ID of the app registration, or the Client ID of the "
    "user-assigned managed identity, not an object, principal or resource ID."
)
_RIGHT_CLOUD = (
    "Use the authority host of the tenant's cloud (login.microsoftonline.us for US Government, "
    "login.partner.microsoftonline.cn for China), for example through AZURE_AUTHORITY_HOST."
)
_SAME_CLOUD = "Keep the identity, its federated credential and the target resource in one cloud."
_ENABLE_SP = (
    "Re-enable the service principal (accountEnabled true) and check its disabledByMicrosoftStatus."
)

ENTRIES: tuple[AadstsEntry, ...] = (
    entry(
        700016,
        title="The client ID is not an application in this tenant",
        message=(
            "Application with identifier '{appId}' was not found in the directory '{tenantName}'. "
            "This can happen if the application has not been installed by the administrator of "
            "the tenant or consented to by any user in the tenant. You may have sent your "
            "authentication request to the wrong tenant."
        ),
        meaning="Entra found no application with this client ID in the tenant the request named.",
        causes=(
            "An object ID used instead of the client ID (or a managed identity's principal ID)",
            "The wrong tenant ID",
            "A multi-tenant app without a service principal in the target tenant",
            "The app or managed identity was deleted",
        ),
        remedy=(_CLIENT_ID_STEP, "Send the request to the tenant that owns the identity."),
        finding_ids=("client-id-not-found", "client-settings-missing"),
        docs=(ERROR_CODES_DOC, ADO_TROUBLESHOOT_DOC),
        oauth_error="unauthorized_client",
        confidence="verified",
    ),
    entry(
        700011,
        name="UnauthorizedClientAppNotFoundInOrgIdTenant",
        title="The client ID is not an application in this directory",
        message="Application with identifier {appIdentifier} was not found in the directory.",
        meaning="An older sibling of 700016: no application with this client ID in the directory.",
        causes=("The wrong client ID or tenant",),
        remedy=(_CLIENT_ID_STEP,),
        finding_ids=("client-id-not-found",),
        docs=(ERROR_CODES_DOC,),
        oauth_error="unauthorized_client",
        confidence="verified",
    ),
    entry(
        7000112,
        name="UnauthorizedClientApplicationDisabled",
        title="The application is disabled",
        message="Application '{appId}'({displayName}) is disabled.",
        meaning=(
            "The client's service principal is disabled, or Microsoft disabled the app. The error "
            "reference's text is 'The application is disabled.'"
        ),
        causes=(
            "The service principal has accountEnabled false",
            "Microsoft disabled the app (disabledByMicrosoftStatus)",
        ),
        remedy=(_ENABLE_SP,),
        finding_ids=("client-id-not-found",),
        docs=(ERROR_CODES_DOC,),
        oauth_error="unauthorized_client",
        confidence="verified",
    ),
    entry(
        70001,
        name="UnauthorizedClient",
        title="The application is disabled (older code)",
        message="The application is disabled.",
        meaning="An older sibling of 7000112.",
        causes=("The client's service principal is disabled",),
        remedy=(_ENABLE_SP,),
        finding_ids=("client-id-not-found",),
        docs=(ERROR_CODES_DOC,),
        oauth_error="unauthorized_client",
        confidence="verified",
    ),
    entry(
        90002,
        title="The tenant was not found (in this cloud)",
        message=(
            "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and "
            "are signing into the correct cloud. Check with your subscription administrator, "
            "this may happen if there are no active subscriptions for the tenant."
        ),
        meaning="The tenant in the request does not exist in the cloud the request went to.",
        causes=(
            "A typo in the tenant ID or domain",
            "The tenant belongs to another cloud (a US Government tenant against "
            "login.microsoftonline.com)",
        ),
        remedy=("Correct the tenant ID.", _RIGHT_CLOUD),
        finding_ids=("client-id-not-found", "client-settings-missing"),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_tenant",
        confidence="verified",
    ),
    entry(
        90038,
        name="NationalCloudTenantRedirection",
        title="The tenant belongs to another (national) cloud",
        message=(
            "The specified tenant '{tenant}' belongs to the National Cloud '{national_cloud}'. "
            "Current cloud instance '{current_cloud}' does not federate with {national_cloud}."
        ),
        meaning="The request went to one cloud's Entra, but the tenant lives in another cloud.",
        causes=("The authority host does not match the tenant's cloud",),
        remedy=(_RIGHT_CLOUD,),
        finding_ids=("client-settings-missing", "client-id-not-found"),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        900439,
        name="USGClientNotSupportedOnPublicEndpoint",
        title="A US Government client used the public cloud endpoint",
        message="",
        meaning="A US Government client sent its request to the public cloud's endpoint.",
        causes=("The authority host is login.microsoftonline.com for a US Government identity",),
        remedy=("Use login.microsoftonline.us for US Government identities.",),
        finding_ids=("client-settings-missing", "client-id-not-found"),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        900440,
        name="PublicTenantNotSupportedOnUSGovEndpoint",
        title="A public cloud tenant used the US Government endpoint",
        message="",
        meaning="A public cloud tenant sent its request to the US Government endpoint.",
        causes=("The authority host is login.microsoftonline.us for a public cloud tenant",),
        remedy=("Use login.microsoftonline.com for public cloud tenants.",),
        finding_ids=("client-settings-missing", "client-id-not-found"),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        900382,
        title="Confidential clients cannot cross clouds (federation across clouds is blocked)",
        message="Confidential Client isn't supported in Cross Cloud request.",
        meaning=(
            "The request mixes clouds. Some sovereign clouds block workload identity federation, "
            "and a managed identity cannot be a federated credential across clouds (across "
            "tenants it can)."
        ),
        causes=(
            "A public cloud managed identity trusted by a US Government app, or similar",
            "Federation in a sovereign cloud that blocks it",
        ),
        remedy=(_SAME_CLOUD,),
        finding_ids=("tenant-policy-restriction", "identity-type-unsupported"),
        docs=(MI_AS_FIC_DOC, ADO_TROUBLESHOOT_DOC, ERROR_CODES_DOC),
        confidence="verified",
    ),
    entry(
        900432,
        title="Confidential clients cannot cross clouds",
        message="Confidential Client isn't supported in Cross Cloud request.",
        meaning="A sibling of 900382: a confidential client request across clouds.",
        causes=("The identity and the authority are in different clouds",),
        remedy=(_SAME_CLOUD,),
        finding_ids=("tenant-policy-restriction",),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        500011,
        name="InvalidResourceServicePrincipalNotFound",
        title="The requested resource does not exist in the tenant",
        message=(
            "The resource principal named {name} wasn't found in the tenant named {tenant}. ..."
        ),
        meaning=(
            "The exchange itself worked up to the scope: the resource in scope is not provisioned "
            "in the tenant, or the resource URI is wrong."
        ),
        causes=("A wrong resource URI in scope", "The wrong tenant"),
        remedy=(
            "Request scope <resource>/.default for a resource the tenant has, for example "
            "https://management.azure.com/.default.",
        ),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_resource",
        confidence="verified",
    ),
    entry(
        500014,
        name="InvalidResourceServicePrincipalDisabled",
        title="The requested resource's service principal is disabled",
        message="The service principal for resource '{identifier}' is disabled.",
        meaning="The service principal of the resource in scope is disabled in the tenant.",
        causes=("The resource's service principal was disabled",),
        remedy=("Re-enable the resource's service principal, or request another resource.",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        700025,
        name="InvalidClientPublicClientWithCredential",
        title="A public client cannot present a credential",
        message=(
            "Client is public so neither 'client_assertion' nor 'client_secret' should be "
            "presented."
        ),
        meaning=(
            "Entra treats the client as a public client, which may not present any credential; "
            "federation needs a confidential app. Its relevance to federation is unconfirmed."
        ),
        causes=("The app registration is configured as a public client",),
        remedy=("Use a confidential (web or daemon) app registration.",),
        finding_ids=("identity-type-unsupported",),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_client",
        confidence="verified",
    ),
)
