"""The rules Entra (Graph) and ARM apply when a federated identity credential is written.

Sources: Microsoft Graph federatedIdentityCredential reference (name 3-120 characters, URL-safe,
immutable; issuer, subject, audience at most 600; exactly one audience; at most 20 per identity);
the field reports that show what happens when a tool breaks them (reference
lab-walk-wizard-anchors.md C.2, C.3, E.2, E.6).
"""

from __future__ import annotations

import re

MAX_CREDENTIALS_PER_IDENTITY = 20
MAX_VALUE_LENGTH = 600
NAME_MIN, NAME_MAX = 3, 120
# Graph wants "a valid URI last segment"; ARM wants letters, digits, '-' and '_', starting with a
# letter or digit. This pattern satisfies both (anchors E.6).
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{2,119}")

# (what breaks the rule, what the service answers, where it was reported)
NAME_REFUSALS: tuple[tuple[str, str, str], ...] = (
    (
        "a '/' (a branch such as feature/x)",
        "Graph: 'The specified Name value is not a valid URI last segment.'",
        "https://github.com/Azure/azure-dev/issues/2505",
    ),
    (
        "a percent-encoded '/' (%2F)",
        "ARM: 400 InvalidDoubleEncodedRequestUri",
        "https://github.com/Azure/azure-dev/issues/5554",
    ),
    (
        "a '.' (a repository such as my.app)",
        "ARM: 'The name of a federated identity credentials must be within 3 and 120 characters, "
        "only contains letters (A-Z, a-z), numbers, hyphens and dashes and must start with a "
        "number or letter.'",
        "https://github.com/Azure/azure-dev/issues/5948",
    ),
    (
        "a space",
        "the portal and Graph refuse names with spaces",
        "https://github.com/MicrosoftDocs/azure-docs/issues/101458",
    ),
)

LIMIT_NOTE = (
    "An app registration or user-assigned managed identity holds at most 20 federated "
    "credentials; the 21st is refused."
)
MI_CONCURRENCY_NOTE = (
    "ARM refuses concurrent credential writes under one managed identity (409 "
    "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity): write them one at a "
    "time (Bicep @batchSize(1), Terraform azurerm >= 3.40 locks per identity). "
    "https://github.com/hashicorp/terraform-provider-azurerm/issues/19968"
)
PROPAGATION_NOTE = (
    "A new credential can take a minute or two to be used by Entra's token endpoint; until then "
    "the exchange still fails with AADSTS70021/700213."
)
READ_AFTER_WRITE_NOTE = (
    "ARM can answer 404 to a read right after a create (eventual consistency); azurerm now waits "
    "for 3 consecutive successful reads. "
    "https://github.com/hashicorp/terraform-provider-azurerm/pull/32935"
)
FLEXIBLE_MI_NOTE = (
    "Flexible credentials (claimsMatchingExpression) are for app registrations through Graph "
    "beta; managed identities take them only from ARM api-version 2025-01-31-preview."
)
# Where whitespace around a credential's value comes from, by the character left behind.
CARRIAGE_RETURN_NOTE = (
    "A '\\r' is what bash in WSL or Git Bash keeps from Windows line endings: the output of a "
    "Windows az.exe read with `$(az ... -o tsv)` (Azure/azure-cli#26942, a credential's issuer) "
    "or a script saved with CRLF line endings (Azure/azure-cli#13573). Strip it with "
    "`tr -d '\\r'` (or save the script with LF endings) before passing the value on."
)
NEWLINE_NOTE = (
    "A line break at the end usually comes from a value read from a file or a heredoc, or a "
    "secret saved with a final Enter."
)
