"""One entry point for the wizard, the headless command and diagnose --fix: inputs (or a token)
and the existing credentials in, a reviewed proposal out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.setup import build_github, build_platforms, validate
from wifdoctor.core.setup.derive import derive
from wifdoctor.core.setup.model import (
    PLATFORM_ALIASES,
    SETUP_PLATFORMS,
    Proposal,
    SetupInputError,
    SetupPlatform,
    SetupWarning,
    Target,
)
from wifdoctor.core.setup.review import review

Builder = Callable[..., Proposal]
BUILDERS: dict[SetupPlatform, Builder] = {
    "github-actions": build_github.build,
    "azure-devops": build_platforms.build_azure_devops,
    "kubernetes": build_platforms.build_kubernetes,
    "gitlab": build_platforms.build_gitlab,
    "terraform-cloud": build_platforms.build_terraform,
    "other": build_platforms.build_other,
}


def platform_id(text: str) -> SetupPlatform:
    """A platform ID or alias (github, ado, k8s, terraform, tfc); SetupInputError otherwise."""
    key = text.strip().lower()
    for platform in SETUP_PLATFORMS:
        if key == platform:
            return platform
    if key in PLATFORM_ALIASES:
        return PLATFORM_ALIASES[key]
    names = ", ".join((*SETUP_PLATFORMS, *PLATFORM_ALIASES))
    raise SetupInputError([("platform", f"{text!r} is not one of {names}")])


def check_target(target: Target) -> None:
    """SetupInputError when the target identity's IDs are not what Graph or ARM take."""
    problems: list[tuple[str, str]] = []
    if target.client_id is not None and validate.guid(target.client_id):
        problems.append(("client_id", "the app's client ID (appId) is a GUID"))
    if target.resource_id is not None and (problem := validate.identity_id(target.resource_id)):
        problems.append(("identity", problem))
    if problems:
        raise SetupInputError(problems)


def propose(
    platform: SetupPlatform,
    values: Mapping[str, str],
    target: Target,
    *,
    flexible: bool = False,
    existing: Sequence[FederatedCredential] = (),
) -> Proposal:
    """The credential(s) for these platform inputs, reviewed against ``existing``."""
    check_target(target)
    proposal = BUILDERS[platform](values, target, flexible=flexible)
    typed = values.get("name")
    if typed and len(proposal.credentials) == 1 and proposal.credential.name != typed:
        problem = validate.credential_name(typed) or "not accepted"
        warning = SetupWarning(
            "name-refused",
            "warning",
            f"The name {typed!r} would be refused ({problem}); the credential is named "
            f"{proposal.credential.name} instead (Azure/azure-dev#2505, #5554, #5948).",
        )
        proposal = proposal.with_warnings((warning,))
    return review(proposal, existing)


def propose_from_token(
    claims: Mapping[str, object],
    target: Target,
    *,
    existing: Sequence[FederatedCredential] = (),
) -> Proposal:
    """The credential(s) a decoded token's claims need, reviewed against ``existing``."""
    check_target(target)
    return review(derive(claims, target), existing)
