"""Remedies: the one change to the federated credentials that fixes a finding (spec/cli.md).

``add-credential`` when the nearest credential serves another job (another entity, branch, tag,
environment, run phase, namespace, service account, issuer): that one is left alone, since
another job probably uses it. ``update-credential`` only when the nearest one has the same intent
with a defect (case, trailing slash, whitespace, a typo, a rename, the other subject form). Applied
to the credentials given, a remedy makes the token (or the values the error quotes) match; each is
also given as the ``az`` command people run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.matching import Assertion, CredentialMatch
from wifdoctor.knowledge.clouds import CLOUDS, DEFAULT_EXCHANGE_AUDIENCE, is_token_exchange_audience
from wifdoctor.knowledge.platforms import parse_subject

RemedyAction = Literal["add-credential", "update-credential"]

# Same intent, a defect in the credential: correct it in place.
UPDATE_FOR = frozenset(
    {
        "issuer-trailing-slash",
        "issuer-case-mismatch",
        "issuer-whitespace",
        "issuer-github-enterprise",
        "issuer-azure-devops-migration",
        "subject-case-mismatch",
        "subject-format-typo",
        "subject-immutable-ids",
        "subject-renamed",
        "subject-custom-template",
    }
)
# Defects of form in the credential's issuer: the same issuer, written otherwise.
ISSUER_FORM_DEFECTS = frozenset({"issuer-trailing-slash", "issuer-case-mismatch"})
# Another job's credential is nearest, or none is near: add one for this job.
ADD_FOR = frozenset(
    {
        "issuer-mismatch",
        "subject-entity-mismatch",
        "subject-ref-not-covered",
        "subject-controller-account",
        "subject-mismatch",
        "flexible-expression-no-match",
    }
)
_NAME_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Remedy:
    action: RemedyAction
    credential: str | None  # the credential to update; None when adding
    set: Mapping[str, str | tuple[str, ...]]  # add: the whole credential; update: what changes
    identity_kind: Literal["application", "managed-identity"] = "application"
    client_id: str | None = None
    arm_id: str | None = None  # the managed identity credential's ARM id, when known

    def apply(self, credentials: Sequence[FederatedCredential]) -> list[FederatedCredential]:
        """The credentials with this change made (for tests and ``--fix``)."""
        if self.action == "add-credential":
            return [*credentials, _credential(self.set)]
        out: list[FederatedCredential] = []
        for fic in credentials:
            if fic.label == self.credential:
                changes: dict[str, object] = {}
                for key, value in self.set.items():
                    changes[key] = tuple(value) if key == "audiences" else value
                fic = replace(fic, **changes)  # type: ignore[arg-type]
            out.append(fic)
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "action": self.action,
            "credential": self.credential,
            "set": {k: list(v) if isinstance(v, tuple) else v for k, v in self.set.items()},
        }

    def command(self) -> str:
        """The ``az`` command that makes this change."""
        fields = {k: list(v) if isinstance(v, tuple) else v for k, v in self.set.items()}
        if self.identity_kind == "managed-identity":
            return self._identity_command(fields)
        app = self.client_id or "<app-client-id>"
        parameters = json.dumps(fields, separators=(",", ":"))
        if self.action == "add-credential":
            return f"az ad app federated-credential create --id {app} --parameters '{parameters}'"
        return (
            f"az ad app federated-credential update --id {app} --federated-credential-id "
            f"{self.credential} --parameters '{parameters}'"
        )

    def _identity_command(self, fields: Mapping[str, object]) -> str:
        identity, group = _identity_of(self.arm_id)
        verb = "create" if self.action == "add-credential" else "update"
        name = fields.get("name") if self.action == "add-credential" else self.credential
        parts = [
            f"az identity federated-credential {verb} --name {name}",
            f"--identity-name {identity} --resource-group {group}",
        ]
        for key, flag in (("issuer", "--issuer"), ("subject", "--subject")):
            if key in fields:
                parts.append(f"{flag} {_shell(str(fields[key]))}")
        audiences = fields.get("audiences")
        if isinstance(audiences, list) and audiences:
            parts.append("--audiences " + " ".join(_shell(str(a)) for a in audiences))
        return " ".join(parts)


def remedy_for(
    finding_id: str,
    assertion: Assertion | None,
    matches: Sequence[CredentialMatch],
    *,
    credential_label: str | None = None,
    credential_issuer: str | None = None,
    client_id: str | None = None,
    cloud: str = "public",
) -> Remedy | None:
    """The remedy of one issuer/subject/audience/expression finding, or None when the input does
    not give the values a credential needs."""
    if assertion is None or _spaced(assertion.issuer):
        # An issuer with whitespace around it: Entra blocks the exchange whatever the
        # credentials say, so the fix is on the platform, never a credential with that value.
        return None
    nearest = _target(matches, credential_label, credential_issuer)
    kind, arm_id = _identity(matches)
    if assertion.subject is None:
        # The error quoted only the issuer (AADSTS700211): a credential whose issuer has a
        # defect of form (case, slash) is corrected in place; nothing else can be built.
        if finding_id in ISSUER_FORM_DEFECTS and nearest is not None and assertion.issuer:
            return Remedy(
                "update-credential",
                nearest.credential.label,
                {"issuer": assertion.issuer},
                kind,
                client_id,
                arm_id,
            )
        return None
    if finding_id == "audience-mismatch":
        return _audience(assertion, nearest, matches, kind, client_id, arm_id, cloud)
    if (
        finding_id in UPDATE_FOR
        and nearest is not None
        and not nearest.credential.is_flexible
        and not other_job(assertion.subject, nearest.credential.subject)
    ):
        changes = _differences(assertion, nearest.credential)
        if changes:
            return Remedy(
                "update-credential", nearest.credential.label, changes, kind, client_id, arm_id
            )
    if finding_id in UPDATE_FOR or finding_id in ADD_FOR:
        return _add(assertion, nearest, matches, kind, client_id, arm_id, cloud)
    return None


# Subject parts that say which job a credential serves: another value is another job.
_INTENT_PARTS = frozenset(
    {
        "context",
        "environment",
        "ref",
        "ref_type",
        "namespace",
        "service_account",
        "run_phase",
        "workspace",
        "pipeline_id",
        "branch",
        "tag",
    }
)


def other_job(token_subject: str, credential_subject: str | None) -> bool:
    """Whether the credential serves another job than the token's: another entity, branch,
    tag, environment, run phase, namespace or service account (letter case aside, which is a
    defect, not an intent)."""
    if credential_subject is None:
        return False
    mine, theirs = parse_subject(token_subject), parse_subject(credential_subject)
    if mine is None or theirs is None or mine.platform != theirs.platform:
        return False
    ours = {p.name: p.value.casefold() for p in mine.parts if p.name in _INTENT_PARTS}
    other = {p.name: p.value.casefold() for p in theirs.parts if p.name in _INTENT_PARTS}
    return ours != other


def _spaced(value: str | None) -> bool:
    return value is not None and value != value.strip()


def _target(
    matches: Sequence[CredentialMatch], label: str | None, issuer: str | None = None
) -> CredentialMatch | None:
    """The credential the finding is about: named, else the first with the issuer it quotes
    (a case or slash defect), else the nearest."""
    for match in matches:
        if label is not None and match.credential.label == label:
            return match
    for match in matches:
        if issuer is not None and match.credential.issuer == issuer:
            return match
    return matches[0] if matches else None


def _identity(
    matches: Sequence[CredentialMatch],
) -> tuple[Literal["application", "managed-identity"], str | None]:
    for match in matches:
        fic = match.credential
        if fic.identity_kind == "managed-identity" or fic.source in ("arm", "az-identity"):
            return "managed-identity", fic.id
    return "application", None


def _differences(assertion: Assertion, fic: FederatedCredential) -> dict[str, str]:
    changes: dict[str, str] = {}
    if assertion.issuer is not None and fic.issuer != assertion.issuer:
        changes["issuer"] = assertion.issuer
    if assertion.subject is not None and fic.subject != assertion.subject:
        changes["subject"] = assertion.subject
    return changes


def _audience_for(
    assertion: Assertion, nearest: CredentialMatch | None, cloud: str
) -> tuple[str, ...]:
    if assertion.audiences:
        exchange = [a for a in assertion.audiences if is_token_exchange_audience(a)]
        return ((exchange or list(assertion.audiences))[0],)
    if nearest is not None and nearest.credential.audiences:
        return (nearest.credential.audiences[0],)
    default = CLOUDS[cloud].token_exchange_audience if cloud in CLOUDS else None
    return (default or DEFAULT_EXCHANGE_AUDIENCE,)


def _audience(
    assertion: Assertion,
    nearest: CredentialMatch | None,
    matches: Sequence[CredentialMatch],
    kind: Literal["application", "managed-identity"],
    client_id: str | None,
    arm_id: str | None,
    cloud: str,
) -> Remedy | None:
    if not assertion.audiences:
        return None
    audiences = _audience_for(assertion, None, cloud)
    if nearest is not None and not _differences(assertion, nearest.credential):
        # Same issuer and subject: the same job; its credential gets the token's audience.
        return Remedy(
            "update-credential",
            nearest.credential.label,
            {"audiences": audiences},
            kind,
            client_id,
            arm_id,
        )
    return _add(assertion, nearest, matches, kind, client_id, arm_id, cloud)


def _add(
    assertion: Assertion,
    nearest: CredentialMatch | None,
    matches: Sequence[CredentialMatch],
    kind: Literal["application", "managed-identity"],
    client_id: str | None,
    arm_id: str | None,
    cloud: str,
) -> Remedy | None:
    issuer = assertion.issuer
    if issuer is None and nearest is not None:
        issuer = nearest.credential.issuer  # the error quoted only the subject
    if issuer is None or assertion.subject is None:
        return None
    taken = {match.credential.name for match in matches}
    fields: dict[str, str | tuple[str, ...]] = {
        "name": credential_name(assertion.subject, taken),
        "issuer": issuer,
        "subject": assertion.subject,
        "audiences": _audience_for(assertion, nearest, cloud),
    }
    return Remedy("add-credential", None, fields, kind, client_id, arm_id)


def credential_name(subject: str, taken: set[str | None]) -> str:
    """A valid, unused credential name from the subject's most telling parts."""
    pieces = [p for p in re.split(r"[:/@]", subject) if p and p not in _FILLER]
    base = _NAME_CHARS.sub("-", "-".join(pieces[-3:]) if pieces else "credential").strip("-_")
    base = (base or "credential")[:100].strip("-_") or "credential"
    if not base[0].isalnum():
        base = "fic-" + base
    if len(base) < 3:
        base = f"fic-{base}"
    name, number = base, 2
    while name in taken:
        name = f"{base}-{number}"
        number += 1
    return name


_FILLER = frozenset(
    {"repo", "ref", "refs", "heads", "tags", "system", "serviceaccount", "sc", "environment"}
)


def _credential(fields: Mapping[str, str | tuple[str, ...]]) -> FederatedCredential:
    def text(key: str) -> str | None:
        value = fields.get(key)
        return value if isinstance(value, str) else None

    audiences = fields.get("audiences", ())
    return FederatedCredential(
        name=text("name"),
        issuer=text("issuer"),
        subject=text("subject"),
        audiences=tuple(audiences) if isinstance(audiences, tuple) else (),
        source="remedy",
    )


_ARM_PARTS = re.compile(
    r"/resourceGroups/(?P<group>[^/]+)/providers/Microsoft\.ManagedIdentity/"
    r"userAssignedIdentities/(?P<identity>[^/]+)",
    re.IGNORECASE,
)


def _identity_of(arm_id: str | None) -> tuple[str, str]:
    found = _ARM_PARTS.search(arm_id or "")
    if found is None:
        return "<identity-name>", "<resource-group>"
    return found.group("identity"), found.group("group")


def _shell(value: str) -> str:
    """A value quoted for a POSIX shell when it needs it."""
    if re.fullmatch(r"[A-Za-z0-9_./:@=+-]+", value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"
