"""GitHub Actions: issuers (github.com, enterprise slug, GHE.com, GHES), subjects, claims.

Facts from reference/platform-tokens.md §2 and §3 (GitHub docs, the 2026 immutable-subject
changelog, azure/login issues).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import Basis, count_claims, part, slash_note
from wifdoctor.knowledge.platforms.base import (
    Claims,
    ParsedSubject,
    Platform,
    Recognition,
    SubjectPart,
)
from wifdoctor.knowledge.platforms.github_subjects import (
    KNOWN_SUBJECT_TYPOS,
    SUBJECT_PRECEDENCE,
    corrected_subject,
    default_subject,
    immutable_subject,
    subject_typos,
)

__all__ = [
    "CLAIM_EXPLANATIONS",
    "ISSUER",
    "KNOWN_SUBJECT_TYPOS",
    "PLATFORM",
    "SUBJECT_PRECEDENCE",
    "corrected_subject",
    "default_subject",
    "explain_repo_property",
    "immutable_subject",
    "parse_subject",
    "recognize",
    "subject_typos",
]

ISSUER = "https://token.actions.githubusercontent.com"
DISPLAY_NAME = "GitHub Actions"
# What puts a log on a GitHub Actions runner.
LOG_MARKERS = (
    "azure/login",
    "Run azure/",
    "::error",
    "GITHUB_",
    "actions/checkout",
    "ACTIONS_ID_TOKEN_REQUEST",
)

_ENTERPRISE_RE = re.compile(r"https://token\.actions\.githubusercontent\.com/([A-Za-z0-9_.-]+)")
_GHE_COM_RE = re.compile(r"https://token\.actions\.([a-z0-9-]+)\.ghe\.com(?:/([A-Za-z0-9_.-]+))?")
_GHES_RE = re.compile(r"https://([^/\s?#]+)/_services/token")
_CLAIM_SIGNALS = ("repository", "workflow_ref", "runner_environment", "job_workflow_ref")

ENTERPRISE_ISSUER_NOTE = (
    "Every repository in the enterprise now gets this issuer; credentials with the plain issuer "
    "no longer match."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the subject: repo:OWNER/REPO:<context>, or the shape of a customised template",
    "aud": "the audience the job asked for (default https://github.com/<owner>; Entra needs "
    "api://AzureADTokenExchange)",
    "actor": "the user who triggered the run",
    "actor_id": "the numeric ID of the user who triggered the run",
    "base_ref": "the target branch of a pull request (empty otherwise)",
    "head_ref": "the source branch of a pull request (empty otherwise)",
    "check_run_id": "the ID of the check run of this job",
    "enterprise": "the enterprise that owns the repository (enterprise-owned repositories only)",
    "enterprise_id": "the numeric ID of the enterprise that owns the repository",
    "environment": "the environment the job references; when present the subject is "
    "environment:<name>",
    "event_name": "the event that triggered the run (push, pull_request, workflow_dispatch, ...)",
    "job_workflow_ref": "the workflow file that runs this job; for a reusable workflow, the called "
    "one",
    "job_workflow_sha": "the commit of the workflow file that runs this job",
    "ref": "the Git ref the run is for (refs/heads/<branch>, refs/tags/<tag>, refs/pull/...)",
    "ref_type": "whether the ref is a branch or a tag",
    "ref_protected": 'whether the ref has branch protection ("true"/"false")',
    "repository": "the repository, OWNER/REPO, with GitHub's casing",
    "repository_id": "the repository's numeric ID (stays the same across renames)",
    "repository_owner": "the organisation or user that owns the repository",
    "repository_owner_id": "the owner's numeric ID (stays the same across renames)",
    "repository_visibility": "public, private or internal",
    "run_id": "the ID of the workflow run",
    "run_number": "the run's number within this workflow",
    "run_attempt": "which attempt of the run this is (re-runs count up)",
    "runner_environment": "github-hosted or self-hosted runner",
    "sha": "the commit the run is for",
    "workflow": "the workflow's name",
    "workflow_ref": "the calling workflow file, OWNER/REPO/.github/workflows/x.yml@<ref>",
    "workflow_sha": "the commit of the calling workflow file",
}


def explain_repo_property(name: str) -> str | None:
    """The explanation of a `repo_property_<name>` claim, or None for other names."""
    prefix = "repo_property_"
    if not name.startswith(prefix) or len(name) == len(prefix):
        return None
    return (
        f"the repository custom property '{name[len(prefix) :]}' that the organisation includes in "
        'tokens (multi-select values comma-joined, booleans "true"/"false")'
    )


def _recognition(variant: str | None, basis: Basis, notes: tuple[str, ...] = ()) -> Recognition:
    names = {
        "ghec-enterprise-issuer": "GitHub Enterprise Cloud (enterprise issuer)",
        "ghe-com": "GitHub Enterprise Cloud with data residency (GHE.com)",
        "ghes": "GitHub Enterprise Server",
    }
    return Recognition(
        platform="github-actions",
        display_name=names.get(variant or "", DISPLAY_NAME),
        variant=variant,
        basis=basis,
        notes=notes,
    )


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """GitHub by issuer (anchored, exact), else by GitHub's own claims, else by a repo: subject."""
    if issuer == ISSUER:
        return _recognition("github-com", "issuer")
    if issuer == ISSUER + "/":
        return _recognition("github-com", "issuer", (slash_note(issuer, ISSUER),))
    match = _ENTERPRISE_RE.fullmatch(issuer)
    if match:
        return _recognition(
            "ghec-enterprise-issuer",
            "issuer",
            (f"Enterprise slug: {match[1]}.", ENTERPRISE_ISSUER_NOTE),
        )
    match = _GHE_COM_RE.fullmatch(issuer)
    if match:
        notes = [f"GHE.com subdomain: {match[1]}."]
        if match[2]:
            notes += [f"Enterprise slug: {match[2]}.", ENTERPRISE_ISSUER_NOTE]
        return _recognition("ghe-com", "issuer", tuple(notes))
    match = _GHES_RE.fullmatch(issuer)
    if match:
        return _recognition(
            "ghes",
            "issuer",
            (
                f"GitHub Enterprise Server at {match[1]}: Entra must reach "
                f"{issuer}/.well-known/openid-configuration and its keys from the internet.",
                "Immutable subjects are not available on GitHub Enterprise Server.",
                "The default audience is https://<host>/<owner>, not api://AzureADTokenExchange.",
            ),
        )
    unusual = (
        f"The issuer {issuer!r} is not one GitHub uses." if issuer else "The token has no iss."
    )
    if count_claims(claims, _CLAIM_SIGNALS) >= 2:
        return _recognition(None, "claims", ("Recognised from GitHub's claims. " + unusual,))
    subject = claims.get("sub")
    if isinstance(subject, str):
        parsed = parse_subject(subject)
        if parsed is not None and parsed.shape in ("github-default", "github-immutable"):
            return _recognition(None, "subject", ("Recognised from the subject. " + unusual,))
    return None


# ---------------------------------------------------------------------------------------------
# Subjects

_CONTEXT_EXPLANATIONS = {
    "environment": "the job references an environment, which wins over every other context",
    "pull_request": "the job ran for a pull_request event and references no environment",
    "branch": "the job ran for a branch (or another non-tag ref) and references no environment",
    "tag": "the job ran for a tag and references no environment",
    "ref": "a ref that is not a full refs/... value (GitHub always writes the full ref)",
}
_OWNER_REPO_RE = re.compile(r"([^/:@]+)(?:@([0-9]+))?/([^/:@]+)(?:@([0-9]+))?")
_DEFAULT_RE = re.compile(r"repo:([^:]+):(pull_request|environment:[^:]+|ref:[^:]+)")
_CUSTOM_KEYS = frozenset(CLAIM_EXPLANATIONS) - {"sub", "aud"} | {"repo"}


def _owner_repo_parts(value: str) -> tuple[SubjectPart, ...] | None:
    match = _OWNER_REPO_RE.fullmatch(value)
    if match is None:
        return None
    owner, owner_id, repo, repo_id = match.groups()
    parts = [part("owner", owner, "the account that owns the repository, with GitHub's casing")]
    if owner_id:
        parts.append(part("owner_id", owner_id, "the owner's numeric ID (immutable subject)"))
    parts.append(part("repo", repo, "the repository's name, with GitHub's casing"))
    if repo_id:
        parts.append(part("repo_id", repo_id, "the repository's numeric ID (immutable subject)"))
    return tuple(parts)


def _context_parts(key: str, value: str = "") -> tuple[SubjectPart, ...]:
    if key == "pull_request":
        return (part("context", "pull_request", _CONTEXT_EXPLANATIONS["pull_request"]),)
    if key == "environment":
        return (
            part("context", "environment", _CONTEXT_EXPLANATIONS["environment"]),
            part("environment", value, "the GitHub environment the job deployed to (case counts)"),
        )
    if value.startswith("refs/tags/"):
        context = "tag"
    elif value.startswith("refs/"):
        context = "branch"
    else:
        context = "ref"
    return (
        part("context", context, _CONTEXT_EXPLANATIONS[context]),
        part("ref", value, "the full Git ref the job ran for"),
    )


def _value_notes(values: list[str]) -> list[str]:
    notes: list[str] = []
    if any("%3a" in value.lower() for value in values):
        notes.append(
            "'%3A' stands for ':' inside a value (GitHub percent-encodes it); the FIC must keep "
            "'%3A' as it is."
        )
    if any(value.startswith("refs/heads/gh-readonly-queue/") for value in values):
        notes.append(
            "A merge-queue ref: a credential for the base branch does not match merge-queue runs."
        )
    if any(value.startswith("refs/pull/") for value in values):
        notes.append("A pull-request ref, not a branch: a credential for a branch will not match.")
    return notes


def _parse_default(subject: str) -> ParsedSubject | None:
    match = _DEFAULT_RE.fullmatch(subject)
    if match is None:
        return None
    owner_repo = _owner_repo_parts(match[1])
    if owner_repo is None:
        return None
    key, _, value = match[2].partition(":")
    context = _context_parts(key, value)
    names = {p.name for p in owner_repo}
    notes = _value_notes([value])
    if "owner_id" in names or "repo_id" in names:
        shape = "github-immutable"
        if not ("owner_id" in names and "repo_id" in names):
            notes.append("An immutable subject carries both IDs: OWNER@ID/REPO@ID.")
    else:
        shape = "github-default"
    return ParsedSubject("github-actions", shape, owner_repo + context, tuple(notes))


def _parse_custom(subject: str) -> ParsedSubject | None:
    segments = subject.split(":")
    parts: list[SubjectPart] = []
    values: list[str] = []
    index = 0
    while index < len(segments):
        key = segments[index]
        if key == "pull_request":
            parts.extend(_context_parts(key))
            index += 1
            continue
        repo_property = explain_repo_property(key)
        if (key not in _CUSTOM_KEYS and repo_property is None) or index + 1 >= len(segments):
            return None
        value = segments[index + 1]
        index += 2
        values.append(value)
        if key == "repo":
            owner_repo = _owner_repo_parts(value)
            if owner_repo is None:
                return None
            parts.extend(owner_repo)
        elif key in ("environment", "ref") and value:
            parts.extend(_context_parts(key, value))
        else:
            explanation = repo_property or CLAIM_EXPLANATIONS[key]
            parts.append(part(key, value, explanation))
    if not parts:
        return None
    notes = [
        "A customised subject template (include_claim_keys) made this subject; read it with "
        "GET /repos/OWNER/REPO/actions/oidc/customization/sub."
    ]
    return ParsedSubject(
        "github-actions", "github-custom", tuple(parts), tuple(notes + _value_notes(values))
    )


def parse_subject(subject: str) -> ParsedSubject | None:
    """github-default, github-immutable or github-custom; None for other shapes."""
    return _parse_default(subject) or _parse_custom(subject)


PLATFORM = Platform(
    id="github-actions",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="5 minutes",
    usual_lifetime_seconds=300,
    default_audience="https://github.com/<owner>",
    docs=(
        "https://docs.github.com/actions/reference/security/oidc",
        "https://docs.github.com/actions/how-tos/secure-your-work/security-harden-deployments/"
        "oidc-in-azure",
        "https://docs.github.com/rest/actions/oidc",
    ),
)
