"""GitHub Actions: the subject GitHub will put in the job's token, from what the job runs for.

Facts (knowledge.platforms.github, reference platform-tokens.md 3.4-3.6): environment wins over
pull_request, which wins over the ref; branches are ref:refs/heads/X and tags ref:refs/tags/X; a ':'
inside a value is %3A; immutable subjects are repo:OWNER@OWNERID/REPO@REPOID:...; a customised
template joins key:value for each include_claim_keys entry; the enterprise issuer carries a slug.
"""

from __future__ import annotations

from wifdoctor.core.setup import validate
from wifdoctor.core.setup.common import (
    Problems,
    Values,
    audience,
    chosen_name,
    get,
    sub_expression,
)
from wifdoctor.core.setup.model import (
    Proposal,
    ProposedCredential,
    SetupWarning,
    Target,
    Why,
)
from wifdoctor.knowledge.flexible import flexible_issuer
from wifdoctor.knowledge.platforms import github

ENTITIES = ("branch", "tag", "pull_request", "environment")
_ENTITY_CHECKS: dict[str, validate.Check] = {
    "branch": validate.github_branch,
    "tag": validate.github_tag,
    "environment": validate.github_environment,
}
_CONTEXT_WHY = {
    "branch": "the job runs for this branch and references no environment, so GitHub writes "
    "ref:refs/heads/<branch> (the full ref, plural 'heads')",
    "tag": "the job runs for this tag and references no environment, so GitHub writes "
    "ref:refs/tags/<tag> (exactly refs/tags/)",
    "pull_request": "the job runs for pull_request events and references no environment, so "
    "GitHub writes pull_request (with an underscore; some docs show a hyphen by mistake)",
    "environment": "the job references this environment, which wins over branch and pull "
    "request: GitHub writes environment:<name>, with the environment's exact case",
}
IMMUTABLE_DATE_NOTE = (
    "GitHub moves subjects to the immutable form repo:OWNER@OWNERID/REPO@REPOID:... (opt-in, and "
    "automatic for repositories created, renamed or transferred after 2026-07-15)."
)


def _issuer(values: Values, problems: Problems) -> tuple[str, Why]:
    slug = problems.check(values, "enterprise", validate.enterprise_slug, required=False)
    if slug:
        value = f"{github.ISSUER}/{slug}"
        return value, Why(
            "issuer",
            value,
            "your enterprise turned on its own issuer (include_enterprise_slug): every repository "
            "in it gets this issuer, no trailing slash",
        )
    return github.ISSUER, Why(
        "issuer", github.ISSUER, "GitHub's issuer for github.com, exactly, with no trailing slash"
    )


def _context(entity: str, value: str) -> str:
    context = "pull_request" if entity == "pull_request" else entity
    subject = github.default_subject("o", "r", context, value or None)
    return subject.split(":", 1)[1].split(":", 1)[1]


def _custom_subject(
    keys: tuple[str, ...], owner_repo: str, context: str, values: Values, problems: Problems
) -> str:
    pieces: list[str] = []
    for key in keys:
        if key == "repo":
            pieces.append(f"repo:{owner_repo}")
        elif key == "context":
            pieces.append(context)
        else:
            value = get(values, key)
            if not value:
                problems.add(key, f"the template includes {key}: give its value (or a token)")
            pieces.append(f"{key}:{value.replace(':', '%3A')}")
    return ":".join(pieces)


def build(values: Values, target: Target, *, flexible: bool = False) -> Proposal:
    problems = Problems()
    repo = problems.check(values, "repo", validate.github_repo)
    entity = get(values, "entity") or "branch"
    value = ""
    if entity not in ENTITIES:
        problems.add("entity", f"one of {', '.join(ENTITIES)}")
    elif entity != "pull_request":
        value = problems.check(values, "value", _ENTITY_CHECKS[entity])
    owner_id = problems.check(values, "owner_id", validate.digits, required=False)
    repo_id = problems.check(values, "repo_id", validate.digits, required=False)
    if bool(owner_id) != bool(repo_id):
        problems.add("owner_id" if not owner_id else "repo_id", "give both IDs, or neither")
    keys: tuple[str, ...] = ()
    if get(values, "claim_keys"):
        keys, problem = validate.claim_keys(get(values, "claim_keys"))
        if problem:
            problems.add("claim_keys", problem)
    issuer, issuer_why = _issuer(values, problems)
    wildcard = "*" in value
    if wildcard and not flexible:
        problems.add(
            "value", "Entra has no wildcards in a subject; ask for a flexible expression instead"
        )
    problems.raise_any()
    owner, _, name = repo.partition("/")
    owner_repo = f"{owner}@{owner_id}/{name}@{repo_id}" if owner_id else repo
    context = _context(entity, value)
    whys = [issuer_why]
    if keys:
        subject = _custom_subject(keys, owner_repo, context, values, problems)
        problems.raise_any()
        whys.append(
            Why(
                "subject",
                subject,
                "your repository customised its subject (include_claim_keys "
                f"{list(keys)}): each key becomes key:value, in that order",
            )
        )
    else:
        subject = f"repo:{owner_repo}:{context}"
        form = (
            "the immutable form carries the owner's and the repository's numeric IDs"
            if owner_id
            else "the default form repo:OWNER/REPO:<context>, with GitHub's exact case"
        )
        whys.append(Why("subject", subject, f"{form}; {_CONTEXT_WHY[entity]}"))
    aud, aud_why = audience(target)
    whys.append(aud_why)
    expression = None
    if flexible:
        if flexible_issuer(issuer) is None:
            problems.add("flexible", f"Entra takes flexible expressions only from {github.ISSUER}")
            problems.raise_any()
        expression = sub_expression(subject)
        whys.append(
            Why("expression", expression, "matches the subject with '*' standing for any text")
        )
    cred_name, name_why = chosen_name(values, "gh", owner, name, entity, value)
    problems.raise_any()
    credential = ProposedCredential(
        name=cred_name,
        issuer=issuer,
        subject=None if expression else subject,
        audience=aud,
        expression=expression,
        description=f"GitHub Actions: {repo} {entity} {value}".strip(),
        whys=(name_why, *whys),
    )
    inputs = {"repo": repo, "entity": entity, "value": value}
    warnings = _warnings(repo, context, owner_id, entity, keys)
    return Proposal("github-actions", (credential,), target, tuple(warnings), inputs)


def _warnings(
    repo: str,
    context: str,
    owner_id: str,
    entity: str,
    keys: tuple[str, ...],
) -> list[SetupWarning]:
    warnings: list[SetupWarning] = []
    if not keys:
        if owner_id:
            other = f"repo:{repo}:{context}"
            message = (
                f"{IMMUTABLE_DATE_NOTE} A repository that has not switched still sends the "
                f"legacy subject {other}; if its tokens show that form, create that one too."
            )
        else:
            other = None
            message = (
                f"{IMMUTABLE_DATE_NOTE} If this repository's tokens already carry "
                "OWNER@ID/REPO@ID, give --owner-id and --repo-id (or start from a token)."
            )
        warnings.append(SetupWarning("other-subject-form", "warning", message, other))
    if entity == "pull_request":
        warnings.append(
            SetupWarning(
                "too-broad",
                "warning",
                "pull_request trusts every pull request's workflow run in this repository, "
                "whatever its branch; prefer an environment with required reviewers for deploys.",
            )
        )
    if keys and "repo" not in keys and "repository_id" not in keys:
        warnings.append(
            SetupWarning(
                "too-broad",
                "warning",
                f"The template {list(keys)} names no repository: every repository that shares "
                "these values can use this credential.",
            )
        )
    return warnings
