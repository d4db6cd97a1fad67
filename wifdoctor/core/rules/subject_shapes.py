"""Compare two parsed subjects of the same platform and name the difference precisely.

Returns (finding id, explanation, fix steps) or None when nothing more precise than
"subject-mismatch" can be said.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from wifdoctor.core.matching import similarity
from wifdoctor.knowledge.dated_rules import stage_date
from wifdoctor.knowledge.platforms import github, parse_subject
from wifdoctor.knowledge.platforms.base import ParsedSubject

Verdict = tuple[str, str, tuple[str, ...]]

_GITHUB_SHAPES = ("github-default", "github-immutable", "github-custom")
_CONTEXT_WORDS = {
    "environment": "an environment",
    "pull_request": "a pull request",
    "branch": "a branch",
    "tag": "a tag",
    "ref": "a bare ref",
}


def compare_shapes(
    token: ParsedSubject,
    fic: ParsedSubject,
    label: str,
    other_subjects: Sequence[str],
    claims: Mapping[str, object],
) -> Verdict | None:
    if token.shape in _GITHUB_SHAPES and fic.shape in _GITHUB_SHAPES:
        return _github(token, fic, label, other_subjects, claims)
    handler = _BY_SHAPE.get(token.shape)
    if handler is not None and token.shape == fic.shape:
        return handler(token, fic, label)
    return None


def _describe_context(subject: ParsedSubject) -> str:
    context = subject.get("context") or ""
    value = subject.get("environment") or subject.get("ref") or ""
    word = _CONTEXT_WORDS.get(context, context)
    return f"{word} ({value})" if value else word


def _github(
    token: ParsedSubject,
    fic: ParsedSubject,
    label: str,
    others: Sequence[str],
    claims: Mapping[str, object],
) -> Verdict | None:
    if "github-custom" in (token.shape, fic.shape) and token.shape != fic.shape:
        side = "token's" if token.shape == "github-custom" else "credential's"
        keys = ", ".join(p.name for p in (token if side == "token's" else fic).parts)
        return (
            "subject-custom-template",
            f"The {side} subject follows a customised GitHub subject template (claim keys: "
            f"{keys}), the other side the default repo:OWNER/REPO:... shape. The organisation "
            "or repository set include_claim_keys, which changes every token's subject.",
            (
                "See the template: gh api repos/OWNER/REPO/actions/oidc/customization/sub (and "
                "orgs/ORG/actions/oidc/customization/sub).",
                "Create the credential for the subject the template produces, or reset the "
                "repository to the default (use_default: true).",
            ),
        )
    if token.shape == fic.shape == "github-custom":
        if _without_ids(token) == _without_ids(fic) and _has_ids(token) != _has_ids(fic):
            # A custom template in both, one with GitHub's immutable owner@ID/repo@ID form
            # (Azure/accelerator-bootstrap-modules#138, Azure/Azure-Landing-Zones#4223).
            return _immutable(token, fic, label)
        if [p.name for p in token.parts] != [p.name for p in fic.parts]:
            return (
                "subject-custom-template",
                f"Both subjects are customised, with different claim keys: the token's uses "
                f"{', '.join(p.name for p in token.parts)}, credential {label} "
                f"{', '.join(p.name for p in fic.parts)}. The template changed since the "
                "credential was made.",
                (
                    "Read the current template (gh api repos/OWNER/REPO/actions/oidc/"
                    "customization/sub) and make the credential follow it.",
                ),
            )
        return None
    if {token.shape, fic.shape} == {"github-default", "github-immutable"}:
        return _immutable(token, fic, label)
    same_repo = (token.get("owner"), token.get("repo")) == (fic.get("owner"), fic.get("repo"))
    if not same_repo:
        return _other_repo(token, fic, label, claims)
    token_context, fic_context = token.get("context"), fic.get("context")
    if token_context != fic_context:
        expected = _covered_contexts(token, others) or _describe_context(fic)
        return (
            "subject-entity-mismatch",
            f"The token was issued for {_describe_context(token)}; the credentials of "
            f"{token.get('owner')}/{token.get('repo')} expect {expected}. "
            f"{_context_cause(token)} {github.SUBJECT_PRECEDENCE}",
            _entity_fix(token, fic),
        )
    if token_context in ("branch", "tag", "ref"):
        kind = "tag" if token_context == "tag" else "branch"
        covered = [s for s in others if s.startswith(f"repo:{token.get('owner')}/")]
        return (
            "subject-ref-not-covered",
            f"The run was for {kind} {token.get('ref')}, but credential {label} covers "
            f"{fic.get('ref')}, and no credential covers {token.get('ref')}. Classic credentials "
            f"have no wildcards: each {kind} needs its own"
            + (f" (credentials for this repository: {len(covered)})." if covered else "."),
            (
                f"Add a credential for {token.get('ref')}.",
                "Or one flexible credential: claims['sub'] matches "
                f"'repo:{token.get('owner')}/{token.get('repo')}:ref:refs/"
                f"{'tags' if kind == 'tag' else 'heads'}/*' (this trusts every {kind} anyone with "
                "push rights can create; prefer protected refs or an environment).",
            ),
        )
    if token_context == "environment":
        return (
            "subject-mismatch",
            f"The job ran in the environment '{token.get('environment')}', credential {label} "
            f"is for the environment '{fic.get('environment')}'. Environment names are part of "
            "the subject, exactly as written in the repository's settings.",
            (f"Add a credential for the environment '{token.get('environment')}'.",),
        )
    return None


def _covered_contexts(token: ParsedSubject, subjects: Sequence[str]) -> str:
    """ "a branch (refs/heads/main) or a pull request": what this repository's credentials cover."""
    covered: list[str] = []
    for subject in subjects:
        parsed = parse_subject(subject, "github-actions")
        if parsed is None or (parsed.get("owner"), parsed.get("repo")) != (
            token.get("owner"),
            token.get("repo"),
        ):
            continue
        described = _describe_context(parsed)
        if described not in covered:
            covered.append(described)
    return " or ".join(covered)


def _context_cause(token: ParsedSubject) -> str:
    context = token.get("context")
    if context == "environment":
        return (
            f"The job has `environment: {token.get('environment')}`, so its tokens name the "
            "environment whatever branch or event triggered it."
        )
    if context == "pull_request":
        return (
            "The run was triggered by a pull_request event, so the subject says "
            "pull_request, not the branch."
        )
    return "The job has no environment and was not a pull request, so the subject carries the ref."


def _entity_fix(token: ParsedSubject, fic: ParsedSubject) -> tuple[str, ...]:
    context = token.get("context")
    if context == "environment":
        first = f"Add a credential for the environment '{token.get('environment')}'."
    elif context == "pull_request":
        first = "Add a credential for pull request runs (...:pull_request)."
    else:
        first = f"Add a credential for {token.get('ref')}."
    steps = [first]
    if token.get("context") == "environment":
        steps.append("Or, if the credential is right, remove `environment:` from the job.")
    if token.get("context") == "pull_request":
        steps.append("Or run the deployment on push to the branch, not on pull_request.")
    if fic.get("context") == "environment":
        steps.append(f"Or add `environment: {fic.get('environment')}` to the job.")
    return tuple(steps)


_ID_PARTS = ("owner_id", "repo_id")


def _has_ids(subject: ParsedSubject) -> bool:
    return any(p.name in _ID_PARTS for p in subject.parts)


def _without_ids(subject: ParsedSubject) -> list[tuple[str, str]]:
    return [(p.name, p.value) for p in subject.parts if p.name not in _ID_PARTS]


def _immutable(token: ParsedSubject, fic: ParsedSubject, label: str) -> Verdict:
    if _has_ids(token):
        story = (
            "The token uses GitHub's immutable subject (owner@ID/repo@ID), which GitHub "
            "applies automatically to repositories created, renamed or transferred since "
            f"{stage_date('github-immutable-subjects', 2)} and to those that opted in; the "
            "credential has the name form."
        )
        fix = ("Set the credential's subject to the token's immutable form.",)
    else:
        story = (
            "The credential uses GitHub's immutable subject (owner@ID/repo@ID), which the "
            "Azure portal now generates, but this repository still sends the name form: it "
            "has not opted in (use_immutable_subject)."
        )
        fix = (
            "Use the name form in the credential, or opt the repository in: gh api -X PUT "
            "repos/OWNER/REPO/actions/oidc/customization/sub with use_immutable_subject.",
        )
    return ("subject-immutable-ids", f"{story} Credential {label}.", fix)


def _other_repo(
    token: ParsedSubject, fic: ParsedSubject, label: str, claims: Mapping[str, object]
) -> Verdict | None:
    workflow_ref = claims.get("job_workflow_ref")
    fic_repo = f"{fic.get('owner')}/{fic.get('repo')}"
    if isinstance(workflow_ref, str) and workflow_ref.startswith(f"{fic_repo}/"):
        return (
            "subject-mismatch",
            f"Credential {label} names {fic_repo}, the repository of the reusable workflow "
            f"({workflow_ref}). The subject always describes the calling repository "
            f"({token.get('owner')}/{token.get('repo')}); the called workflow appears only in "
            "job_workflow_ref.",
            (
                "Make the credential's subject name the calling repository, or pin the reusable "
                "workflow with a flexible credential on job_workflow_ref.",
            ),
        )
    same_owner = token.get("owner") == fic.get("owner")
    same_name = token.get("repo") == fic.get("repo")
    if (same_owner or same_name) and token.get("context") == fic.get("context"):
        changed = "repository" if same_owner else "owner (organisation or user)"
        return (
            "subject-renamed",
            f"Credential {label} is for {fic_repo}; the token comes from "
            f"{token.get('owner')}/{token.get('repo')}. Only the {changed} differs: it was "
            "renamed or transferred, or the credential was made for another repository. The "
            "subject carries names, so a rename breaks it.",
            (
                "Update the credential to the current name, or use GitHub's immutable subjects, "
                "which survive renames.",
            ),
        )
    return None


def _alike(a: str, b: str) -> bool:
    """Names one could have been renamed into the other (payments -> payments-v2)."""
    return a in b or b in a or similarity(a, b) >= 0.6


def _components(
    label: str, token: ParsedSubject, fic: ParsedSubject, what: str, fix: str
) -> Verdict | None:
    names = [p.name for p in token.parts]
    differing = [n for n in names if token.get(n) != fic.get(n)]
    if len(differing) != 1:
        return None
    name = differing[0]
    return (
        "subject-renamed",
        f"Credential {label} differs from the token's subject only in the {name.replace('_', ' ')}"
        f": '{fic.get(name)}' instead of '{token.get(name)}'. {what}",
        (fix,),
    )


def _ado(token: ParsedSubject, fic: ParsedSubject, label: str) -> Verdict | None:
    return _components(
        label,
        token,
        fic,
        "The Azure DevOps issuer's subject carries names, so renaming the organisation, project "
        "or service connection breaks it (the Entra issuer's subject uses IDs instead).",
        "Copy the issuer and subject shown on the service connection into the credential.",
    )


def _kubernetes(token: ParsedSubject, fic: ParsedSubject, label: str) -> Verdict | None:
    # Another service account with an unrelated name is another workload, not a rename
    # (sathpal/regulated-k8s-reference aks/08-security.md: other-app instead of kv-reader).
    for name in ("namespace", "service_account"):
        mine, theirs = token.get(name) or "", fic.get(name) or ""
        if mine != theirs and not _alike(mine, theirs):
            return None
    return _components(
        label,
        token,
        fic,
        "The pod runs under another namespace or service account than the credential names "
        "(Helm releases often prefix service account names).",
        "Point the credential at system:serviceaccount:<namespace>:<service account> of the "
        "pod (kubectl get pod -o jsonpath='{.spec.serviceAccountName}').",
    )


def _terraform(token: ParsedSubject, fic: ParsedSubject, label: str) -> Verdict | None:
    if token.get("run_phase") != fic.get("run_phase") and all(
        token.get(n) == fic.get(n) for n in ("organization", "project", "workspace")
    ):
        return (
            "subject-ref-not-covered",
            f"Credential {label} covers the {fic.get('run_phase')} phase; this run is in the "
            f"{token.get('run_phase')} phase. Plan and apply have different subjects.",
            (
                "Add a credential for the other phase, or one flexible credential ending in "
                ":run_phase:*.",
            ),
        )
    return _components(
        label,
        token,
        fic,
        "The subject uses names: renaming a workspace or project, or moving the workspace to "
        "another project, changes it.",
        "Update the credential to the workspace's current organisation, project and name.",
    )


def _gitlab(token: ParsedSubject, fic: ParsedSubject, label: str) -> Verdict | None:
    if token.get("project_path") == fic.get("project_path") and token.get("ref") != fic.get("ref"):
        return (
            "subject-ref-not-covered",
            f"Credential {label} covers the ref '{fic.get('ref')}'; this pipeline ran for "
            f"'{token.get('ref')}'. Each ref needs its own credential.",
            (
                f"Add a credential for '{token.get('ref')}', or a flexible credential with "
                f"claims['sub'] matches 'project_path:{token.get('project_path')}:ref_type:"
                f"{token.get('ref_type')}:ref:*'.",
            ),
        )
    return _components(
        label,
        token,
        fic,
        "GitLab's subject carries the project's full path, which changes when the project or a "
        "parent group is renamed or moved.",
        "Update the credential to the project's current path.",
    )


_BY_SHAPE: dict[str, Callable[[ParsedSubject, ParsedSubject, str], Verdict | None]] = {
    "ado-service-connection": _ado,
    "kubernetes-service-account": _kubernetes,
    "terraform-workspace-run": _terraform,
    "gitlab-default": _gitlab,
}
