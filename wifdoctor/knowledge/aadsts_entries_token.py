"""AADSTS codes about the presented token: time, format, signature (reference section A.2) and the
issuer's discovery document and keys (section A.3)."""

from __future__ import annotations

from wifdoctor.knowledge.aadsts_base import (
    AKS_OIDC_DOC,
    AWI_ISSUES,
    AZURE_LOGIN_ISSUES,
    GITLAB_AZURE_DOC,
    AadstsEntry,
    entry,
)
from wifdoctor.knowledge.findings_catalogue import (
    ADO_TROUBLESHOOT_DOC,
    AWI_TROUBLESHOOT_DOC,
    CERT_CREDENTIALS_DOC,
    CONSIDERATIONS_DOC,
    ERROR_CODES_DOC,
    WIF_DOC,
)

_OIDC_FAILED = "Request to External OIDC endpoint failed."

ENTRIES: tuple[AadstsEntry, ...] = (
    entry(
        700024,
        title="The token was expired (or not yet valid) when Entra received it",
        message=(
            "Client assertion is not within its valid time range. Current time: {now}, assertion "
            "valid from {nbf}, expiry time of assertion {exp}. Review the documentation at "
            "https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."
        ),
        meaning=(
            "Entra's clock was outside the token's validity window (nbf to exp); a 'valid from' "
            "of 1970-01-01 means the token has no nbf."
        ),
        causes=(
            "A tool reused a cached assertion after it expired (Azure CLI, Terraform, "
            "azure-identity) in a long job",
            "Short platform lifetimes: GitHub about 5 minutes, Azure DevOps about 10 minutes",
            "The token was fetched long before the exchange",
            "The issuer's or runner's clock is wrong",
        ),
        remedy=(
            "Fetch a fresh ID token right before each exchange (give the SDK a callback, not a "
            "fixed string).",
            "Azure DevOps: use a managed identity connection for long jobs, or run the "
            "token-needing commands early.",
            "Check the clocks of the issuer and the runner.",
        ),
        finding_ids=("token-expired", "token-not-yet-valid", "token-refresh-missing", "clock-skew"),
        docs=(CERT_CREDENTIALS_DOC, ADO_TROUBLESHOOT_DOC, f"{AZURE_LOGIN_ISSUES}/372"),
        oauth_error="invalid_client",
        http_status=401,
        confidence="verified",
    ),
    entry(
        70023,
        title="The token lives longer than 25 hours, or has no iat",
        message=(
            "External OIDC Provider token must have a lifetime of less than or equal to "
            "1.01:00:00. Token issued at {iat}. Token expires on {exp}."
        ),
        meaning=(
            "Entra accepts external tokens whose exp - iat is at most 1 day and 1 hour (the "
            ".NET TimeSpan 1.01:00:00). A token without iat is reported as issued at 0 and fails "
            "the same way."
        ),
        causes=(
            "The issuer mints long-lived tokens",
            "The token has no iat claim",
        ),
        remedy=("Mint tokens that carry iat and live at most 24 hours; minutes are better.",),
        finding_ids=("token-lifetime-too-long",),
        docs=(CONSIDERATIONS_DOC,),
        oauth_error="invalid_request",
        confidence="observed",
    ),
    entry(
        50027,
        name="InvalidJwtToken",
        title="The assertion is not a well-formed JWT",
        message="JWT token is invalid or malformed.",
        meaning=(
            "The client_assertion could not be read as a JWT. The error reference describes the "
            "code more widely (missing claims, duplicate claims, unexpected issuer or audience, "
            "time range, format, failed signature), but in this flow it usually means the value "
            "sent is not a clean token."
        ),
        causes=(
            "The token file or variable is empty or truncated",
            "Quotes, a newline or whitespace around the token",
            "Another value sent in place of the ID token (for example Azure DevOps's "
            "System.AccessToken)",
            "A required claim such as sub is missing",
        ),
        remedy=(
            "Check the value locally: three base64url parts, JSON header and payload, sub, iss, "
            "aud, exp and iat present.",
            "Strip whitespace and quotes before sending it.",
        ),
        finding_ids=("token-empty-or-malformed", "token-wrong-kind"),
        docs=(ERROR_CODES_DOC,),
        confidence="verified",
    ),
    entry(
        5002730,
        title="The token's key does not fit its signing algorithm",
        message="Invalid JWT token. Unsupported key for the signing algorithm.",
        meaning=(
            "Seen for certificate assertions. It would plausibly also fire for an external token "
            "signed with an algorithm or key type Entra does not accept; that use is unconfirmed."
        ),
        causes=("The token is signed with something other than RS256 and an RSA key",),
        remedy=("Sign tokens with RS256 and an RSA key, the only combination Entra documents.",),
        finding_ids=("algorithm-unsupported", "signature-invalid"),
        docs=(CONSIDERATIONS_DOC,),
        oauth_error="invalid_request",
        confidence="observed",
    ),
    entry(
        7000272,
        title="The token's signing key is not in the issuer's published keys",
        message=(
            "The certificate with identifier {kid} used to sign the federated credential could not "
            "be found in the metadata of identity provider {issuer}. Please validate that your "
            "Identity Provider's metadata exposes the key used to sign the incoming token."
        ),
        meaning=(
            "Entra fetched the issuer's JWKS (through its discovery document) and found no key "
            "with the token's kid. An empty identifier in the message means the token has no kid."
        ),
        causes=(
            "A rotated signing key that the JWKS does not publish yet",
            "A self-managed Kubernetes issuer whose published documents are stale",
            "More than 100 keys in the JWKS: Entra keeps only the first 100",
            "The token has no kid header",
        ),
        remedy=(
            "Publish the current public key in the JWKS and set kid in the token header.",
            "Keep the JWKS at 100 keys or fewer.",
            "After publishing, allow time for caches.",
        ),
        finding_ids=("signing-key-not-published",),
        docs=(WIF_DOC, f"{AWI_ISSUES}/1232"),
        oauth_error="invalid_client",
        http_status=401,
        confidence="observed",
    ),
    entry(
        700027,
        title="The client assertion's signature did not validate",
        message="Client assertion failed signature validation.",
        meaning=(
            "Documented for certificate client assertions. For external tokens a missing key "
            "shows up as 7000272 instead, so seeing 700027 suggests a certificate assertion was "
            "sent rather than the platform's ID token. Runtime texts add 'Client assertion "
            "contains an invalid signature. [Reason - The key was not found., ...]'."
        ),
        causes=(
            "A certificate-based assertion is being sent instead of the ID token",
            "The certificate is not uploaded to the app registration",
        ),
        remedy=(
            "Check which assertion the tool sends.",
            "If certificates are intended, check the certificate uploaded to the app.",
        ),
        finding_ids=("signature-invalid", "token-wrong-kind", "algorithm-unsupported"),
        docs=(CERT_CREDENTIALS_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_client",
        confidence="verified",
    ),
    entry(
        50013,
        name="InvalidAssertion",
        title="An on-behalf-of user assertion is invalid (not the federation flow)",
        message="Assertion is invalid because of various reasons ...",
        meaning=(
            "Belongs to on-behalf-of and jwt-bearer user assertions, not to client credentials "
            "with a federated credential. It appears if the external token is sent as an OBO "
            "'assertion'."
        ),
        causes=("The token was sent as 'assertion' in an on-behalf-of request",),
        remedy=("Send the token as client_assertion with grant_type=client_credentials.",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_grant",
        confidence="verified",
        part_of_wif=False,
    ),
    entry(
        500133,
        title="An on-behalf-of user assertion has expired (not the federation flow)",
        message=(
            "Assertion isn't within its valid time range. ... Current time: {curTime}, expiry "
            "time of assertion {expTime}."
        ),
        meaning=(
            "The user assertion of an on-behalf-of request has expired. The federation flow "
            "reports expired tokens as 700024 instead."
        ),
        causes=("An on-behalf-of request with an expired user token",),
        remedy=("For federation, send the ID token as client_assertion (client credentials).",),
        finding_ids=(),
        docs=(ERROR_CODES_DOC,),
        oauth_error="invalid_grant",
        confidence="verified",
        part_of_wif=False,
    ),
    entry(
        90061,
        title="Entra could not fetch the issuer's discovery document or keys",
        message=_OIDC_FAILED,
        meaning=(
            "Entra fetches <issuer>/.well-known/openid-configuration and then its jwks_uri over "
            "the public internet; one of them failed."
        ),
        causes=(
            "The issuer is not public (private network, firewall, in-cluster address)",
            "A private or network-restricted storage account hosts the documents",
            "DNS, or TLS with a certificate that does not chain to a public CA",
            "The AKS OIDC issuer deployment is broken",
        ),
        remedy=(
            "From the internet, fetch <issuer>/.well-known/openid-configuration and its jwks_uri.",
            "Serve both over HTTPS with a publicly trusted certificate.",
            "AKS: reconcile the cluster with az aks update; open a support case if it persists.",
        ),
        # microsoft/azure-pipelines-tasks#19831: every WIF service connection failed with 90061
        # during the Azure DevOps incident of 2024-05-01.
        finding_ids=("issuer-unreachable", "issuer-not-public", "platform-incident"),
        docs=(AWI_TROUBLESHOOT_DOC, AKS_OIDC_DOC),
        oauth_error="invalid_request",
        http_status=400,
        confidence="observed",
    ),
    entry(
        50166,
        name="ExternalClaimsProviderThrottled",
        title="Entra's request to the issuer failed (sometimes only for a while)",
        message=_OIDC_FAILED,
        meaning=(
            "The error reference describes this code as a failed request to a claims provider. "
            "In federation it shows up with the same text as 90061, sometimes intermittently, "
            "which points at transient fetch failures on either side."
        ),
        causes=(
            "A transient failure fetching the discovery document or keys",
            "A self-managed issuer's storage account restricted to certain networks",
            "A service-side incident, when many connections fail at once",
        ),
        remedy=(
            "Check that the discovery document and keys are publicly reachable.",
            "For intermittent failures, retry with backoff and check the Azure status page.",
        ),
        finding_ids=("issuer-unreachable", "platform-incident", "issuer-not-public"),
        docs=(AWI_TROUBLESHOOT_DOC, ERROR_CODES_DOC),
        oauth_error="invalid_request",
        http_status=400,
        confidence="observed",
    ),
    entry(
        501661,
        title="Entra could not reach the issuer (self-hosted GitLab or GitHub Enterprise Server)",
        message=_OIDC_FAILED,
        meaning=(
            "Same family as 90061. GitLab documents it for self-managed instances whose discovery "
            "and key endpoints are not reachable from the internet; it is also reported for "
            "GitHub Enterprise Server issuers."
        ),
        causes=(
            "A self-managed GitLab instance behind a firewall",
            "A GitHub Enterprise Server issuer (https://HOST/_services/token) not exposed publicly",
        ),
        remedy=(
            "Make the issuer's /.well-known/openid-configuration and key endpoint public.",
            "GitLab: after changing the firewall, clear the instance's Redis cache.",
        ),
        finding_ids=("issuer-unreachable", "issuer-not-public"),
        docs=(GITLAB_AZURE_DOC, f"{AZURE_LOGIN_ISSUES}/283"),
        confidence="observed",
    ),
    # AzureAD/microsoft-identity-web#3467: "AADSTS5002738: Invalid JWT token. 'ES256' is not a
    # supported signature algorithm" for tokens of clusters and providers with ECDSA keys.
    entry(
        5002738,
        title="The token's signing algorithm is not supported",
        message="Invalid JWT token. '{alg}' is not a supported signature algorithm.",
        meaning="Entra does not accept the algorithm the token is signed with (ES256 and the "
        "other elliptic-curve algorithms among them); it documents only RS256.",
        causes=("An issuer (a cluster, an OIDC provider) that signs with ECDSA keys",),
        remedy=("Have the issuer sign with an RSA key and RS256.",),
        finding_ids=("algorithm-unsupported",),
        docs=(CONSIDERATIONS_DOC,),
        oauth_error="invalid_request",
        confidence="observed",
    ),
    # leg100/otf#828: "AADSTS5002723: Invalid JWT token. No certificate SHA-1 thumbprint,
    # certificate SHA-256 thumbprint, nor keyId specified in token header."
    entry(
        5002723,
        title="The token's header names no signing key",
        message="Invalid JWT token. No certificate SHA-1 thumbprint, certificate SHA-256 "
        "thumbprint, nor keyId specified in token header.",
        meaning="The token's header has no kid (nor x5t), so Entra cannot pick the key in the "
        "issuer's JWKS that verifies it.",
        causes=("An issuer that signs without putting kid in the header",),
        remedy=("Configure the issuer to put the key id (kid) in every token's header.",),
        finding_ids=("signing-key-not-published",),
        oauth_error="invalid_client",
        confidence="observed",
    ),
)
