"""GitHub subjects: building them, and the mistakes people make by hand (reference §1.5, §3.4).

Pure helpers for the rules that predict or correct a GitHub subject. github.py re-exports them.
"""

from __future__ import annotations

import re

SUBJECT_PRECEDENCE = (
    "GitHub picks the subject's context in this order: environment > pull_request > ref. A job "
    "that references an environment gets environment:<name> on every event, pull requests "
    "included; otherwise a pull_request event gets pull_request; otherwise the subject carries "
    "ref:<the full ref> (refs/heads/<branch> or refs/tags/<tag>)."
)

CONTEXTS = ("environment", "pull_request", "branch", "tag", "ref")

_FULL_REF = "GitHub puts the full ref in the subject: ref:refs/heads/<branch>, not the bare name."

# (wrong fragment, right fragment, explanation). Fragments are plain substrings of a subject.
KNOWN_SUBJECT_TYPOS: tuple[tuple[str, str, str], ...] = (
    (
        ":pull-request",
        ":pull_request",
        "GitHub writes pull_request with an underscore (some Entra doc examples show a hyphen).",
    ),
    (":pullrequest", ":pull_request", "GitHub writes pull_request with an underscore."),
    (
        ":environment/",
        ":environment:",
        "The environment name follows 'environment:' after a colon, not a slash.",
    ),
    (":env:", ":environment:", "The context is spelled 'environment', not 'env'."),
    (
        ":refs:",
        ":ref:",
        "The key is 'ref:' (singular) followed by the full ref; the azurerm guide shows 'refs:' "
        "by mistake.",
    ),
    ("refs/tag/", "refs/tags/", "Tags live under refs/tags/ (plural)."),
    ("ref:refs/head/", "ref:refs/heads/", "Branches live under refs/heads/ (plural)."),
    (":ref:main", ":ref:refs/heads/main", _FULL_REF),
    (":ref:master", ":ref:refs/heads/master", _FULL_REF),
    (
        ":branch:",
        ":ref:refs/heads/",
        "There is no 'branch:' context; a branch appears as ref:refs/heads/<branch>.",
    ),
    (
        ":tag:",
        ":ref:refs/tags/",
        "There is no 'tag:' context; a tag appears as ref:refs/tags/<tag>.",
    ),
)

_BARE_REF_RE = re.compile(r":ref:(?!refs/)([^:]+)")
_MISSING_REF_KEY_RE = re.compile(r"(?<!:ref):(refs/(?:heads|tags)/[^:]*)")


def _encode(value: str) -> str:
    return value.replace(":", "%3A")


def _context_text(context: str, value: str | None) -> str:
    if context == "pull_request":
        return "pull_request"
    if context not in CONTEXTS:
        raise ValueError(f"unknown GitHub subject context {context!r}; use one of {CONTEXTS}")
    if not value:
        raise ValueError(f"the GitHub subject context {context!r} needs a value")
    if context == "environment":
        return f"environment:{_encode(value)}"
    if context == "branch" and not value.startswith("refs/"):
        value = f"refs/heads/{value}"
    elif context == "tag" and not value.startswith("refs/"):
        value = f"refs/tags/{value}"
    return f"ref:{_encode(value)}"


def default_subject(owner: str, repo: str, context: str, value: str | None = None) -> str:
    """The default-format subject, e.g. ("contoso", "app", "branch", "main").

    ``context`` is one of environment, pull_request, branch, tag, ref; ``value`` is the
    environment name, the branch or tag (bare or full ref), or the full ref. A ':' in the value is
    percent-encoded as GitHub does. Raises ValueError for an unknown context or a missing value.
    """
    return f"repo:{owner}/{repo}:{_context_text(context, value)}"


def immutable_subject(
    owner: str,
    owner_id: str | int,
    repo: str,
    repo_id: str | int,
    context: str,
    value: str | None = None,
) -> str:
    """The immutable-ID subject: repo:OWNER@OWNERID/REPO@REPOID:<context> (same contexts)."""
    return f"repo:{owner}@{owner_id}/{repo}@{repo_id}:{_context_text(context, value)}"


def _bare_ref_fix(value: str) -> str:
    if value.startswith(("heads/", "tags/")):
        return f":ref:refs/{value}"
    return f":ref:refs/heads/{value}"


def subject_typos(subject: str) -> tuple[tuple[str, str, str], ...]:
    """The known hand-made mistakes found in a GitHub subject, as (wrong, right, explanation).

    Only meaningful for GitHub subjects (GitLab, for one, really uses a bare ref).
    """
    found: list[tuple[str, str, str]] = [typo for typo in KNOWN_SUBJECT_TYPOS if typo[0] in subject]
    seen = {(wrong, right) for wrong, right, _ in found}
    for match in _BARE_REF_RE.finditer(subject):
        typo = (match[0], _bare_ref_fix(match[1]), _FULL_REF)
        if (typo[0], typo[1]) not in seen and not any(w in match[0] for w, _ in seen):
            found.append(typo)
    for match in _MISSING_REF_KEY_RE.finditer(subject):
        if ":refs:" in subject:
            break
        found.append(
            (match[0], f":ref:{match[1]}", "The ref needs its key: ref:refs/heads/<branch>.")
        )
    return tuple(found)


def corrected_subject(subject: str) -> str:
    """The subject with every known mistake of subject_typos() fixed."""
    corrected = subject
    for wrong, right, _ in KNOWN_SUBJECT_TYPOS:
        corrected = corrected.replace(wrong, right)
    corrected = _BARE_REF_RE.sub(lambda match: _bare_ref_fix(match[1]), corrected)
    return _MISSING_REF_KEY_RE.sub(lambda match: f":ref:{match[1]}", corrected)
