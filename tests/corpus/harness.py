"""Load the real-world corpus (tests/corpus/<class>/<slug>.toml) and run each case.

The format is described in the collectors' brief (CORPUS_FORMAT.md): the text as posted, the
credentials and decoded claims when the thread shows them, the finding its resolution establishes.
A case runs through the same intake as `wifdoctor explain` and the app's paste box; the token, when
the thread shows its claims, is minted here with a key generated in this run.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.minting import NOW, mint
from wifdoctor.checks.context import WalkContext, WalkRequest
from wifdoctor.checks.offline_driver import run_offline
from wifdoctor.checks.offline_steps import offline_steps
from wifdoctor.core.credentials import load_credentials
from wifdoctor.core.diagnosis import Diagnosis
from wifdoctor.core.error_text import parse_error_text
from wifdoctor.core.errors import WifdoctorError
from wifdoctor.core.rules.validity import exchange_time
from wifdoctor.core.session import Inputs
from wifdoctor.core.times import parse_instant
from wifdoctor.knowledge.findings_catalogue import FINDINGS

CORPUS = Path(__file__).parent
CLASSES = (
    "subject",
    "issuer",
    "audience",
    "times",
    "acquisition",
    "kubernetes",
    "consumers",
    "identity",
    "conditional-access",
    "credential-writes",
)
# The harness's "now" when a case gives no time: long after every thread was written.
HARNESS_NOW = datetime.fromtimestamp(NOW, UTC)


class InvalidCase(ValueError):
    """A case file that cannot be used (bad TOML, unknown finding ID, missing field)."""


@dataclass(frozen=True)
class Case:
    path: Path
    klass: str
    source: str
    title: str
    text: str
    finding: str
    also: tuple[str, ...] = ()
    credentials: tuple[dict[str, Any], ...] | None = None
    claims: dict[str, Any] | None = None
    at: datetime | None = None
    xfail: str | None = None
    tool: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.klass}/{self.path.stem}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    finding_ids: tuple[str, ...]  # in the order the diagnosis gives them
    refused: str | None = None  # the intake's message when it refused the input

    @property
    def first(self) -> str | None:
        return self.finding_ids[0] if self.finding_ids else None

    @property
    def passed(self) -> bool:
        return self.first == self.case.finding and all(
            wanted in self.finding_ids for wanted in self.case.also
        )

    def describe(self) -> str:
        if self.refused:
            return f"refused: {self.refused}"
        return "findings: " + (", ".join(self.finding_ids) or "(none)")


def case_files() -> list[Path]:
    return sorted(
        path
        for klass in CLASSES
        if (CORPUS / klass).is_dir()
        for path in (CORPUS / klass).glob("*.toml")
    )


def load_case(path: Path) -> Case:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidCase(f"{path.name}: not TOML: {exc}") from exc
    klass = path.parent.name
    expect = data.get("expect")
    if not isinstance(expect, dict) or not isinstance(expect.get("finding"), str):
        raise InvalidCase(f"{path.name}: no [expect] finding")
    wanted = [expect["finding"], *expect.get("also", [])]
    unknown = [finding for finding in wanted if finding not in FINDINGS]
    if unknown:
        raise InvalidCase(f"{path.name}: unknown finding ID(s) {', '.join(unknown)}")
    for key in ("source", "text"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InvalidCase(f"{path.name}: no {key}")
    if data.get("class", klass) != klass:
        raise InvalidCase(f"{path.name}: class {data.get('class')!r} but folder {klass!r}")
    credentials = data.get("credentials")
    claims = data.get("claims")
    at = expect.get("at")
    moment = None
    if at is not None:
        moment = at if isinstance(at, datetime) else parse_instant(str(at))
        if moment is None:
            raise InvalidCase(f"{path.name}: expect.at {at!r} is not a time")
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return Case(
        path=path,
        klass=klass,
        source=data["source"],
        title=str(data.get("title", "")),
        text=data["text"],
        finding=expect["finding"],
        also=tuple(expect.get("also", ())),
        credentials=tuple(credentials) if isinstance(credentials, list) else None,
        claims=dict(claims) if isinstance(claims, dict) else None,
        at=moment,
        xfail=expect.get("xfail"),
        tool=str(data.get("tool", "")),
    )


def load_all() -> tuple[list[Case], list[tuple[Path, str]]]:
    """All valid cases, and the invalid files with the reason."""
    cases: list[Case] = []
    invalid: list[tuple[Path, str]] = []
    for path in case_files():
        try:
            cases.append(load_case(path))
        except InvalidCase as exc:
            invalid.append((path, str(exc)))
    return cases, invalid


def case_token(case: Case) -> str | None:
    """A token with the thread's claims, signed with a key made in this run.

    Times the thread does not show get values valid at the exchange (its ``at``, else the time
    the text gives): the thread's claims are what the failing job presented, not an artefact of
    when the test runs.
    """
    if case.claims is None or not _is_token_claims(case.claims):
        return None
    moment = int((case.at or _text_time(case.text) or HARNESS_NOW).timestamp())
    claims: dict[str, Any] = {"iat": moment - 60, "nbf": moment - 60, "exp": moment + 240}
    claims.update(case.claims)
    return mint(claims)


def _is_token_claims(claims: dict[str, Any]) -> bool:
    """Claims with an issuer and a subject are a token's: the thread showed it decoded. Fewer
    are values the thread quoted (an issuer from a cluster's configuration, an audience): they
    are pasted beside the text as decoded claims, as a user would, not minted into a token that
    would be malformed for want of the claims nobody showed."""
    return isinstance(claims.get("iss"), str) and isinstance(claims.get("sub"), str)


def case_text(case: Case) -> str:
    """The text as posted, with the thread's partial claims (if any) pasted after it."""
    if case.claims is None or _is_token_claims(case.claims):
        return case.text
    return f"{case.text}\nDecoded token claims:\n{json.dumps(case.claims, indent=2)}\n"


def _text_time(text: str) -> datetime | None:
    try:
        evidence = parse_error_text(text)
    except WifdoctorError:
        return None
    moment, _how = exchange_time(evidence)
    return moment


def case_credentials(case: Case) -> tuple[Any, ...] | None:
    if case.credentials is None:
        return None
    return tuple(load_credentials(json.dumps(list(case.credentials))))


def case_request(case: Case, command: str = "diagnose") -> WalkRequest:
    """The request the one intake builds from the case's inputs, as the app's paste box takes
    them one after the other: the token, the credentials, then the text. Text with nothing
    recognisable is refused (WifdoctorError) and, as in the app, leaves the other inputs as they
    were; with nothing else given, the refusal is the outcome.
    """
    inputs = Inputs()
    token = case_token(case)
    if token is not None:
        inputs, _said = inputs.with_paste(token)
    credentials = case_credentials(case)
    if credentials is not None:
        inputs = replace(inputs, credentials=credentials)
    try:
        inputs, _said = inputs.with_paste(case_text(case))
    except WifdoctorError:
        if inputs.empty:
            raise
    return WalkRequest(
        command,
        token_text=inputs.token_text,
        evidence=inputs.evidence,
        credentials=inputs.credentials,
        clock=lambda: HARNESS_NOW,
        at=case.at,
    )


def run_case(case: Case) -> Outcome:
    try:
        request = case_request(case)
    except WifdoctorError as exc:
        return Outcome(case, (), refused=exc.message)
    diagnosis: Diagnosis = run_offline(offline_steps(), WalkContext.start(request))
    return Outcome(case, tuple(finding.id for finding in diagnosis.findings))


CASES_WITH_TOKEN_AND_CREDENTIALS: list[Case] = [
    case for case in load_all()[0] if case.claims is not None and case.credentials is not None
]
