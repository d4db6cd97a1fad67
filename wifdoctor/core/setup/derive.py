"""Start from a real token: the credential that matches it, since the token always wins.

The issuer and subject are the token's own (a prediction can go stale; the token cannot); the
audience is the cloud's token-exchange audience, with a warning when the token asked for another
one. The platform inputs are read back from the claims so the workload snippets fit.
"""

from __future__ import annotations

from collections.abc import Mapping

from wifdoctor.core.setup.common import audience
from wifdoctor.core.setup.model import (
    SETUP_PLATFORMS,
    Proposal,
    ProposedCredential,
    SetupInputError,
    SetupPlatform,
    SetupWarning,
    Target,
    Why,
)
from wifdoctor.core.setup.names import safe_name
from wifdoctor.knowledge.clouds import TOKEN_EXCHANGE_APP_ID, is_token_exchange_audience
from wifdoctor.knowledge.fic_rules import MAX_VALUE_LENGTH
from wifdoctor.knowledge.platforms import ParsedSubject, parse_subject, recognize
from wifdoctor.knowledge.platforms._common import audiences, claim_str
from wifdoctor.knowledge.platforms.github_subjects import default_subject, immutable_subject

_SHORT = {
    "github-actions": "gh",
    "azure-devops": "ado",
    "kubernetes": "k8s",
    "gitlab": "gitlab",
    "terraform-cloud": "tfc",
    "other": "oidc",
}


def _platform(claims: Mapping[str, object]) -> tuple[SetupPlatform, str]:
    recognition = recognize(None, claims)
    for platform in SETUP_PLATFORMS:
        if platform == recognition.platform:
            return platform, recognition.display_name
    return "other", recognition.display_name


def _inputs(
    platform: SetupPlatform, claims: Mapping[str, object], parsed: ParsedSubject | None
) -> dict[str, str]:
    values = dict(parsed.as_dict()) if parsed is not None else {}
    if platform == "github-actions":
        values["repo"] = claim_str(claims, "repository") or (
            f"{values.get('owner', '')}/{values.get('repo', '')}"
        )
        context = values.get("context", "")
        values["entity"] = context
        values["value"] = values.get("environment") or values.get("ref", "")
    return {key: value for key, value in values.items() if isinstance(value, str)}


def _subject_why(subject: str, parsed: ParsedSubject | None, display: str) -> Why:
    if parsed is None:
        return Why("subject", subject, "the token's sub, exactly")
    parts = "; ".join(f"{part.name} {part.value!r}: {part.explanation}" for part in parsed.parts)
    return Why("subject", subject, f"the token's sub, exactly ({display}: {parts})")


def _github_other_form(
    claims: Mapping[str, object], parsed: ParsedSubject | None
) -> SetupWarning | None:
    if parsed is None or parsed.shape not in ("github-default", "github-immutable"):
        return None
    owner, repo = parsed.get("owner"), parsed.get("repo")
    context = parsed.get("context")
    value = parsed.get("environment") or parsed.get("ref")
    owner_id = claim_str(claims, "repository_owner_id")
    repo_id = claim_str(claims, "repository_id")
    if not (owner and repo and context and owner_id and repo_id):
        return None
    if parsed.shape == "github-default":
        other = immutable_subject(owner, owner_id, repo, repo_id, context, value)
        message = (
            "GitHub is moving subjects to the immutable form (automatic for repositories "
            "created, renamed or transferred after 2026-07-15). When this repository switches, "
            f"its tokens will carry {other}."
        )
    else:
        other = default_subject(owner, repo, context, value)
        message = (
            "This token carries the immutable subject; jobs of the repository that still send "
            f"the legacy form ({other}) need that credential too."
        )
    return SetupWarning("other-subject-form", "info", message, other)


def derive(claims: Mapping[str, object], target: Target) -> Proposal:
    """The credential for the token whose claims these are. Raises SetupInputError."""
    issuer = claims.get("iss")
    subject = claims.get("sub")
    problems = []
    if not isinstance(issuer, str) or not issuer:
        problems.append(("token", "the token has no iss claim: it cannot be federated"))
    if not isinstance(subject, str) or not subject:
        problems.append(("token", "the token has no sub claim: it cannot be federated"))
    for key, value in (("iss", issuer), ("sub", subject)):
        if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            problems.append(("token", f"its {key} is longer than Entra's {MAX_VALUE_LENGTH}"))
    if problems or not isinstance(issuer, str) or not isinstance(subject, str):
        raise SetupInputError(problems)
    platform, display = _platform(claims)
    parsed = parse_subject(subject, None if platform == "other" else platform)
    aud_value, aud_why = audience(target)
    warnings: list[SetupWarning] = []
    token_auds = audiences(claims)
    if aud_value not in token_auds and not (
        TOKEN_EXCHANGE_APP_ID in token_auds and target.cloud == "public"
    ):
        asked = ", ".join(token_auds) or "none"
        foreign = [aud for aud in token_auds if is_token_exchange_audience(aud)]
        warnings.append(
            SetupWarning(
                "token-audience",
                "warning",
                f"The token's aud is {asked}, not {aud_value}: the workload must ask its platform "
                f"for a token with audience {aud_value}"
                + (" (this one is another cloud's)" if foreign else "")
                + ", or the exchange fails with AADSTS700212.",
            )
        )
    whys = (
        Why(
            "issuer", issuer, "the token's iss, exactly (Entra compares it character by character)"
        ),
        _subject_why(subject, parsed, display),
        aud_why,
    )
    name = safe_name(_SHORT[platform], subject)
    name_why = Why("name", name, "generated from the subject with only letters, digits and '-'")
    credentials = [
        ProposedCredential(
            name, issuer, subject, aud_value, None, f"From a {display} token", (name_why, *whys)
        )
    ]
    if platform == "terraform-cloud" and parsed is not None and parsed.get("run_phase"):
        phase = parsed.get("run_phase")
        other_phase = {"plan": "apply", "apply": "plan"}.get(phase or "")
        if other_phase:
            other_subject = subject[: -len(phase or "")] + other_phase
            other_name = safe_name("tfc", other_subject)
            credentials.append(
                ProposedCredential(
                    other_name,
                    issuer,
                    other_subject,
                    aud_value,
                    None,
                    f"From a {display} token ({other_phase} phase)",
                    (
                        Why("name", other_name, name_why.reason),
                        whys[0],
                        Why("subject", other_subject, "the run's other phase: a run needs both"),
                        aud_why,
                    ),
                )
            )
    if platform == "github-actions":
        other = _github_other_form(claims, parsed)
        if other is not None:
            warnings.append(other)
    return Proposal(
        platform,
        tuple(credentials),
        target,
        tuple(warnings),
        _inputs(platform, claims, parsed),
        from_token=True,
    )
