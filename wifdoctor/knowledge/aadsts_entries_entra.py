"""AADSTS codes for Entra-issued assertions and a managed identity used as a federated credential
(reference section A.4)."""

from __future__ import annotations

from wifdoctor.knowledge.aadsts_base import AadstsEntry, entry
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    ERROR_CODES_DOC,
    GRAPH_FIC_DOC,
    MI_AS_FIC_DOC,
    WIF_DOC,
)

_USE_MI_AS_FIC = (
    "Use a user-assigned managed identity as a federated credential of the app (issuer "
    "https://login.microsoftonline.com/<tenant>/v2.0, subject the identity's object ID, audience "
    "api://AzureADTokenExchange), or a certificate."
)

ENTRIES: tuple[AadstsEntry, ...] = (
    entry(
        700222,
        title="An Entra-issued token was presented where Entra tokens are not accepted",
        message="AAD-issued tokens may not be used for federated identity flows.",
        meaning=(
            "The assertion was issued by Entra itself (login.microsoftonline.com, sts.windows.net, "
            "...). The only supported pattern for Entra-issued assertions is a user-assigned "
            "managed identity's token presented to an app registration in the same tenant."
        ),
        causes=(
            "An app's or user's Entra token sent as the client assertion",
            "A managed identity token sent to an identity that has no managed-identity trust",
        ),
        remedy=(_USE_MI_AS_FIC,),
        finding_ids=("identity-type-unsupported", "token-wrong-kind"),
        docs=(MI_AS_FIC_DOC, WIF_DOC),
        confidence="verified",
    ),
    entry(
        700226,
        title="Only managed identity tokens may stand for an Entra issuer",
        message="Only MSI tokens may be used as Federated Identity Credentials for AAD issuer.",
        meaning=(
            "The assertion comes from an app registration, not a managed identity, and carries an "
            "Entra issuer; only managed identity tokens are accepted there."
        ),
        causes=("An app registration's token sent as the assertion",),
        remedy=("Get the assertion from a user-assigned managed identity instead.",),
        finding_ids=("identity-type-unsupported", "token-wrong-kind"),
        docs=(MI_AS_FIC_DOC,),
        confidence="secondary",
    ),
    entry(
        700227,
        title="The Entra-issued token has an audience Entra refuses here",
        message="Forbidden token audience",
        meaning=(
            "Reported when the credential's issuer was an Entra issuer such as "
            "https://sts.windows.net/ and the token's audience was not the token-exchange one."
        ),
        causes=("The managed identity token was requested for another audience",),
        remedy=(
            "Request the managed identity token for api://AzureADTokenExchange (the cloud's "
            "variant outside the public cloud) and use the v2.0 issuer form in the credential.",
        ),
        finding_ids=("audience-mismatch", "identity-type-unsupported"),
        docs=(MI_AS_FIC_DOC,),
        confidence="secondary",
    ),
    entry(
        700229,
        name="ForbiddenTokenType",
        title="A user's delegated token was presented instead of an app-only token",
        message=(
            "Only app-only tokens can be used as Federated Identity Credentials for Microsoft "
            "Entra issuer. Use an app-only access token (generated during a client credentials "
            "flow) instead of a user-delegated access token ..."
        ),
        meaning=(
            "The assertion is an Entra token issued to a user (delegated); only app-only tokens "
            "can serve as federated credentials for an Entra issuer."
        ),
        causes=("A signed-in user's access token sent as the client assertion",),
        remedy=(_USE_MI_AS_FIC,),
        finding_ids=("identity-type-unsupported", "token-wrong-kind"),
        docs=(ERROR_CODES_DOC, MI_AS_FIC_DOC),
        confidence="verified",
    ),
    entry(
        700231,
        title="A token obtained through one federated credential cannot feed another",
        message=(
            "Token obtained using another federated identity credential may not be used as "
            "federated identity credential"
        ),
        meaning=(
            "Chained federation is not supported: the managed identity's token was itself obtained "
            "through a federated credential (for example AKS workload identity, then managed "
            "identity, then app). One report shows the name NoMatchingFederatedIdentityRecordFound "
            "with it."
        ),
        causes=(
            "AKS workload identity token exchanged for a managed identity token, which is then "
            "presented to an app",
        ),
        remedy=(
            "Call the target resource with the first token, or trust the AKS issuer directly in "
            "a federated credential on the app.",
        ),
        finding_ids=("identity-type-unsupported",),
        docs=(MI_AS_FIC_DOC,),
        confidence="secondary",
    ),
    entry(
        700236,
        title="Entra tokens of this issuer are not accepted for identities of this tenant",
        message=(
            "Entra ID tokens issued by issuer {iss} may not be used for federated identity "
            "credential flows for applications or managed identities registered in this tenant."
        ),
        meaning=(
            "An Entra-issued token was presented to a target that does not accept it, such as a "
            "federated credential on a user-assigned managed identity."
        ),
        causes=(
            "An Entra-issued token presented to a managed identity's federated credential",
            "A target that does not allow the Entra-issued pattern",
        ),
        remedy=(
            "Put the managed-identity trust on an app registration in the same tenant as the "
            "managed identity.",
        ),
        finding_ids=("identity-type-unsupported",),
        docs=(MI_AS_FIC_DOC,),
        confidence="secondary",
    ),
    entry(
        700214,
        title="The credential's audience must be the api:// form, not the GUID",
        message="audience must be api://AzureADTokenExchange",
        meaning=(
            "Reported for a managed-identity trust whose credential audience was set to the GUID "
            "fb60f99c-7a34-4190-8149-302f77469936 copied from the managed identity token's aud. "
            "The credential must use the URI form; the text is a field report, not Entra's exact "
            "wording."
        ),
        causes=(
            "The credential's audience was copied from a token's aud and is the GUID form",
            "Another audience than the token-exchange one on a managed-identity trust",
        ),
        remedy=(
            "Set the credential's audience to api://AzureADTokenExchange (or the cloud's variant).",
        ),
        finding_ids=("audience-mismatch", "credential-invalid-field", "identity-type-unsupported"),
        docs=(MI_AS_FIC_DOC, ADO_TROUBLESHOOT_DOC),
        confidence="secondary",
    ),
    entry(
        700263,
        title="Two federated credentials with the same subject (single report)",
        message="only one FIC per subject",
        meaning=(
            "One field report: two credentials with the same subject but different issuer forms "
            "were used for a managed-identity trust. The text is the reporter's summary."
        ),
        causes=("Two credentials with the same subject for the same managed identity",),
        remedy=("Keep one credential per subject; remove the duplicate.",),
        finding_ids=("credential-duplicate", "identity-type-unsupported"),
        docs=(GRAPH_FIC_DOC, MI_AS_FIC_DOC),
        confidence="unverified",
    ),
)
