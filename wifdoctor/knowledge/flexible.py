"""Which issuers, claims and operators flexible FICs (``claimsMatchingExpression``) support.

Source: Microsoft Entra "Flexible federated identity credentials" (preview, 2024-08-28,
https://aka.ms/flexiblefic). Operators beyond ``eq``/``matches``/``and`` appear only in a
third-party compilation of internal notes and are treated as unsupported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPPORTED_OPERATORS = ("eq", "matches")
# Operators seen in secondary sources only; wifdoctor parses them but reports them as unsupported.
UNVERIFIED_OPERATORS = ("startswith", "in", "has", "ne")
LANGUAGE_VERSION = 1


@dataclass(frozen=True)
class FlexibleIssuer:
    platform: str
    pattern: re.Pattern[str]
    example: str
    claims: tuple[str, ...]


FLEXIBLE_ISSUERS: tuple[FlexibleIssuer, ...] = (
    FlexibleIssuer(
        "GitHub Actions",
        re.compile(r"https://token\.actions\.githubusercontent\.com"),
        "https://token.actions.githubusercontent.com",
        ("sub", "job_workflow_ref"),
    ),
    # "https://gitlab.example.com" and "https://gitlab.example.ca": "example can be any string".
    FlexibleIssuer(
        "GitLab",
        re.compile(r"https://gitlab\.com|https://gitlab\.[A-Za-z0-9-]+\.(?:com|ca)"),
        "https://gitlab.com",
        ("sub",),
    ),
    FlexibleIssuer(
        "HCP Terraform",
        re.compile(r"https://app(?:\.eu)?\.terraform\.io"),
        "https://app.terraform.io",
        ("sub",),
    ),
)


def flexible_issuer(issuer: str) -> FlexibleIssuer | None:
    """The allow-list entry for ``issuer`` (exact, case-sensitive), or None if not allowed."""
    for entry in FLEXIBLE_ISSUERS:
        if entry.pattern.fullmatch(issuer):
            return entry
    return None
