"""AADSTS codes about the request's shape and scope (reference section A.8), and codes that are not
part of workload identity federation at all (section A.11)."""

from __future__ import annotations

from wifdoctor.knowledge.aadsts_base import CLIENT_CREDS_DOC, AadstsEntry, entry
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    ERROR_CODES_DOC,
    GITHUB_AZURE_DOC,
)

_DEFAULT_SCOPE = (
    "Request exactly one scope of the form <resource>/.default, for example "
    "https://management.azure.com/.default."
)

REQUEST: tuple[AadstsEntry, ...] = (
    entry(
        7000218,
        title="No client assertion was sent",
        message=(
            "The request body must contain the following parameter: 'client_assertion' or "
            "'client_secret'."
        ),
        meaning="The token request carried neither an assertion nor a secret.",
        causes=(
            "GitHub: the job lacks permissions: id-token: write, so no ID token was fetched",
            "The token variable or file is empty",
            "The tool did not detect the federated setup and sent nothing",
        ),
        remedy=(
            "Make sure the job may request an ID token and that the tool receives it.",
            "Check the variables the tool reads (for example AZURE_FEDERATED_TOKEN_FILE).",
        ),
        finding_ids=(
            "token-permission-missing",
            "token-empty-or-malformed",
            "client-settings-missing",
        ),
        docs=(GITHUB_AZURE_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_client",
        confidence="verified",
    ),
    entry(
        900144,
        title="A required form field is missing from the token request",
        message="The request body must contain the following parameter: '{name}'.",
        meaning="A form field of the client credentials request is missing.",
        causes=(
            "client_id is empty because the setting was not in scope",
            "grant_type, scope or client_assertion_type missing from a hand-made request",
        ),
        remedy=("Send grant_type, client_id, client_assertion_type, client_assertion and scope.",),
        finding_ids=("client-settings-missing",),
        docs=(CLIENT_CREDS_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_request",
        confidence="verified",
    ),
    entry(
        90014,
        name="MissingRequiredField",
        title="An expected field is missing",
        message=(
            "This error code might appear in various cases when an expected field isn't present "
            "in the credential."
        ),
        meaning="A field Entra expected in the request or credential is missing.",
        causes=("An incomplete request or credential",),
        remedy=("Compare the request with the documented client credentials request.",),
        finding_ids=(),
        docs=(CLIENT_CREDS_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_request",
        confidence="verified",
    ),
    entry(
        1002012,
        title="The scope is not a <resource>/.default scope",
        message=(
            "The provided value for scope {scope} is not valid. Client credential flows must have "
            "a scope value with /.default suffixed to the resource identifier (application ID "
            "URI)."
        ),
        meaning="Client credentials requests accept only <resource>/.default scopes.",
        causes=(
            "A delegated permission such as User.Read.All as scope",
            "A scope like api://<app>/user_impersonation",
        ),
        remedy=(_DEFAULT_SCOPE,),
        finding_ids=(),
        docs=(CLIENT_CREDS_DOC,),
        oauth_error="invalid_scope",
        http_status=400,
        confidence="observed",
    ),
    entry(
        70011,
        title="The scope is not valid",
        message="The provided value for the input parameter 'scope' isn't valid. ...",
        meaning="The scope parameter is not valid for this request.",
        causes=("A malformed or wrong scope",),
        remedy=(_DEFAULT_SCOPE,),
        finding_ids=(),
        docs=(CLIENT_CREDS_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_scope",
        http_status=400,
        confidence="verified",
    ),
    entry(
        700022,
        name="InvalidMultipleResourcesScope",
        title="The scope names more than one resource",
        message="",
        meaning="The scope asks for more than one resource in one request.",
        causes=("Scopes of two resources in one token request",),
        remedy=("Request one resource per token request.",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_scope",
        http_status=400,
        confidence="verified",
    ),
    entry(
        700023,
        name="InvalidResourcelessScope",
        title="The scope names no resource",
        message="",
        meaning=(
            "A scope without a resource. Not the token-lifetime error, which is 70023 (five "
            "digits)."
        ),
        causes=("A scope value without a resource identifier",),
        remedy=(_DEFAULT_SCOPE,),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_scope",
        http_status=400,
        confidence="verified",
    ),
    entry(
        9001023,
        title="The request went to /common or /consumers instead of the tenant",
        message=(
            "The grant type isn't supported over the /common or /consumers endpoints. Please use "
            "the /organizations or tenant-specific endpoint."
        ),
        meaning="Client credentials need a tenant-specific authority.",
        causes=("The authority uses /common or /consumers instead of the tenant ID",),
        remedy=("Use https://<authority host>/<tenant ID> as the authority.",),
        finding_ids=("client-settings-missing",),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        7000215,
        title="A client secret was sent, and it is wrong",
        message="Invalid client secret is provided.",
        meaning=(
            "Not a federation failure: the client sent a secret. An Azure DevOps service "
            "connection that is still secret-based does this."
        ),
        causes=(
            "The service connection or tool still uses a client secret",
            "A leftover secret variable takes precedence over the federated token",
        ),
        remedy=(
            "Convert the connection to workload identity federation, or stop sending the secret.",
        ),
        finding_ids=("client-secret-expected",),
        docs=(ADO_TROUBLESHOOT_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_client",
        confidence="verified",
    ),
    entry(
        7000222,
        name="InvalidClientSecretExpiredKeysProvided",
        title="A client secret was sent, and it has expired",
        message="The provided client secret keys are expired.",
        meaning="Not a federation failure: the client sent an expired secret.",
        causes=("The service connection or tool still uses a client secret, now expired",),
        remedy=(
            "Convert the connection to workload identity federation rather than renewing the "
            "secret.",
        ),
        finding_ids=("client-secret-expected",),
        docs=(ADO_TROUBLESHOOT_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_client",
        confidence="verified",
    ),
)

NOT_WIF: tuple[AadstsEntry, ...] = (
    entry(
        50011,
        name="InvalidReplyTo",
        title="Reply URL mismatch (interactive sign-in, not federation)",
        message="",
        meaning=(
            "The reply URL of an interactive sign-in does not match the app's. A client "
            "credentials exchange never produces it."
        ),
        causes=("An interactive authorization-code sign-in, not the workload's exchange",),
        remedy=("Look for the failing workload token request elsewhere in the log.",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
        part_of_wif=False,
    ),
    entry(
        1100001,
        title="Custom authentication extension error (not federation)",
        message="",
        meaning=(
            "Belongs to custom authentication extensions and custom claims providers (External "
            "ID token-issuance events), not to federated credentials."
        ),
        causes=("A custom claims provider or authentication extension failed",),
        remedy=("Check the tenant's custom authentication extensions.",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        confidence="secondary",
        part_of_wif=False,
    ),
    entry(
        1100000,
        title="Custom authentication extension error (not federation)",
        message="",
        meaning=(
            "Belongs to custom authentication extensions and custom claims providers (External "
            "ID token-issuance events), not to federated credentials."
        ),
        causes=("A custom claims provider or authentication extension failed",),
        remedy=("Check the tenant's custom authentication extensions.",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        confidence="secondary",
        part_of_wif=False,
    ),
)

ENTRIES: tuple[AadstsEntry, ...] = (*REQUEST, *NOT_WIF)
