"""Each setup input checked as it is typed: the message says what is wrong and what to type.

Every check is a bounded regular expression or a plain comparison on a value capped at
MAX_VALUE_LENGTH, so a pasted megabyte answers at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from wifdoctor.knowledge.fic_rules import MAX_VALUE_LENGTH, SAFE_NAME
from wifdoctor.knowledge.platforms import github
from wifdoctor.knowledge.platforms._common import is_guid

Check = Callable[[str], str | None]

# GitHub account names: letters, digits, single hyphens, at most 39; repository names: letters,
# digits, '.', '-', '_', at most 100 (docs.github.com "About repositories").
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?")
_REPO = re.compile(r"[A-Za-z0-9._-]{1,100}")
_ENTERPRISE = re.compile(r"[A-Za-z0-9_.-]{1,100}")
# git check-ref-format: no space, control character, ~ ^ : ? * [ \, no "..", no "@{", no
# trailing "/" or ".lock". '*' is let through here: the caller decides whether it is a wildcard.
_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?\[\\]|\.\.|@\{|//")
# Kubernetes: namespaces are DNS-1123 labels, service accounts DNS-1123 subdomains.
_DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?")
_GITLAB_PATH = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+")
_IDENTITY_ID = re.compile(
    r"/subscriptions/([0-9a-fA-F-]{36})/resource[Gg]roups/([^/]{1,90})/providers/"
    r"Microsoft\.ManagedIdentity/userAssignedIdentities/([A-Za-z0-9][A-Za-z0-9_-]{2,127})",
    re.IGNORECASE,
)
_TFC_NAME = re.compile(r"[A-Za-z0-9 _.-]{1,90}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
GITHUB_CLAIM_KEYS = frozenset(github.CLAIM_EXPLANATIONS) - {"sub", "aud"} | {"repo", "context"}


def _common(value: str) -> str | None:
    if len(value) > MAX_VALUE_LENGTH:
        return f"longer than {MAX_VALUE_LENGTH} characters, the most Entra stores"
    if value != value.strip():
        return "starts or ends with whitespace, which Entra would compare literally"
    if not value:
        return "required"
    return None


def github_repo(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if value.startswith(("http://", "https://", "git@")) or value.endswith(".git"):
        return "type OWNER/REPO (e.g. contoso/payments-api), not the repository's URL"
    owner, slash, repo = value.partition("/")
    if not slash or "/" in repo:
        return "type OWNER/REPO, with exactly one '/'"
    if not _OWNER.fullmatch(owner):
        return f"{owner!r} is not a GitHub account name (letters, digits, single hyphens)"
    if not _REPO.fullmatch(repo) or repo in (".", ".."):
        return f"{repo!r} is not a GitHub repository name (letters, digits, '.', '-', '_')"
    return None


def git_ref_name(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    found = _REF_FORBIDDEN.search(value)
    if found:
        return f"a Git ref cannot contain {found[0]!r}"
    if value.endswith(("/", ".lock", ".")) or value.startswith(("-", "/")):
        return "a Git ref cannot start with '-' or '/', or end with '/', '.' or '.lock'"
    return None


def github_branch(value: str) -> str | None:
    if value.startswith("refs/tags/"):
        return "this is a tag (refs/tags/...): choose the tag entity"
    if value.startswith("refs/pull/"):
        return "pull-request refs are not branches: choose the pull request entity"
    return git_ref_name(value)


def github_tag(value: str) -> str | None:
    if value.startswith("refs/heads/"):
        return "this is a branch (refs/heads/...): choose the branch entity"
    if value.startswith(("refs/tag/", "tags/")):
        return "tags live under refs/tags/ (plural); type the tag's name, e.g. v1.2.0"
    return git_ref_name(value)


def github_environment(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if len(value) > 255:
        return "GitHub environment names have at most 255 characters"
    if any(ord(char) < 32 for char in value):
        return "control characters are not allowed"
    return None


def digits(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if not value.isascii() or not value.isdigit():
        return "a numeric ID (digits only), e.g. from gh api repos/OWNER/REPO --jq .id"
    return None


def enterprise_slug(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    return None if _ENTERPRISE.fullmatch(value) else "letters, digits, '.', '-' and '_' only"


def claim_keys(value: str) -> tuple[tuple[str, ...], str | None]:
    """include_claim_keys from a pasted API answer, a JSON array or a comma list."""
    text = value.strip()
    if len(text) > 10_000:
        return (), "too long for a subject template"
    keys: object
    if text.startswith(("{", "[")):
        try:
            keys = json.loads(text)
        except ValueError:
            return (), "not valid JSON; paste the GET .../oidc/customization/sub answer"
        if isinstance(keys, dict):
            keys = keys.get("include_claim_keys")
    else:
        keys = [key.strip() for key in text.split(",") if key.strip()]
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        return (), "expected include_claim_keys: a list of claim names"
    for key in keys:
        if key not in GITHUB_CLAIM_KEYS and not key.startswith("repo_property_"):
            return (), f"{key!r} is not a claim GitHub can put in a subject"
    return tuple(keys), None


def k8s_namespace(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if not _DNS_LABEL.fullmatch(value):
        return "a namespace is lower-case letters, digits and '-' (at most 63), e.g. payments"
    return None


def k8s_service_account(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if not _DNS_SUBDOMAIN.fullmatch(value):
        return "a service account name is lower-case letters, digits, '-' and '.'"
    return None


def https_url(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if not value.startswith("https://") or len(value) <= len("https://"):
        return "an issuer is an https:// URL (Entra fetches its keys over HTTPS)"
    if any(char.isspace() for char in value) or "?" in value or "#" in value:
        return "an issuer URL has no spaces, query or fragment"
    return None


def gitlab_project(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if value.startswith(("http://", "https://")):
        return "type the project's full path (group/subgroup/project), not its URL"
    if not _GITLAB_PATH.fullmatch(value):
        return "type the full path with every group: group/project or group/subgroup/project"
    return None


def gitlab_ref(value: str) -> str | None:
    if value.startswith("refs/"):
        return "GitLab's subject carries the short name (main), not refs/heads/main"
    return git_ref_name(value)


def tfc_name(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if ":" in value:
        return "':' separates the subject's parts and cannot appear in a name"
    return None if _TFC_NAME.fullmatch(value) else "letters, digits, spaces, '.', '-', '_'"


def guid(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    return None if is_guid(value) else "a GUID, e.g. 3b4c2a1d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"


def ado_name(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    return "names cannot contain '/'" if "/" in value else None


def free_text(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    return "control characters (newlines, tabs) are not allowed" if _CONTROL.search(value) else None


def credential_name(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if not SAFE_NAME.fullmatch(value):
        return (
            "3-120 letters, digits, '-' or '_', starting with a letter or digit (Graph and ARM "
            "both refuse '/', '.', spaces and percent-encoding)"
        )
    return None


def parse_identity_id(value: str) -> tuple[str, str, str] | None:
    match = _IDENTITY_ID.fullmatch(value.strip()) if len(value) <= 1000 else None
    return (match[1], match[2], match[3]) if match else None


def identity_id(value: str) -> str | None:
    problem = _common(value)
    if problem:
        return problem
    if parse_identity_id(value) is None:
        return (
            "a user-assigned identity's resource ID: /subscriptions/<id>/resourceGroups/<rg>/"
            "providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>"
        )
    return None
