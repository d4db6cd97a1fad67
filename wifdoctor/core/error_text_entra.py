"""What Entra's own words say: AADSTS codes, the assertion's quoted values, times and ids.

The templates are those of reference/entra-errors-and-fic-rules.md (A.0 "Notes for the parser"
and A.1-A.10). Every expression here starts with a literal, so a search over the whole text is a
fast substring scan, and its value part stops at a quote, a blank or a bounded length.
Quoted values are taken exactly as they are between the quotes: Entra escapes nothing, so a
value ends at the first ``'``, and a trailing space or slash inside the quotes is evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from wifdoctor.core.error_text_scan import Scanner
from wifdoctor.core.error_text_times import TIME, parse_time, parse_time_or_epoch
from wifdoctor.knowledge.messages import CODE_PHRASES

GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_QUOTED = r"'(?P<v>[^'\n]{0,2000})'"
_BARE = r"(?P<v>[^\s']{1,2000})"  # an unquoted value: up to the next blank
_JSON_SEP = r"\"\s{0,5}:\s{0,5}\""

MAX_CODES = 32
_MAX_CODE_MATCHES = 10_000

_CODE = re.compile(r"AADSTS(\d{5,8})(?!\d)", re.ASCII)
_JSON_CODES = re.compile(r"\"error_codes\"\s{0,5}:\s{0,5}\[(?P<v>[\d,\s]{1,200})\]", re.ASCII)

# (field, expression[, bare]) in priority order: the first expression that matches fills its
# field. A bare (unquoted) value is followed by the sentence's full stop, which is not part of it.
_RULES: tuple[tuple[str, str] | tuple[str, str, bool], ...] = (
    # AADSTS70021 (2021-2023): "... Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'.
    # Assertion Audience: '{aud}'."; AADSTS700211/700212/700213(1/7/8): "... presented assertion
    # issuer|audience|subject '{value}'".
    ("issuer", r"Assertion Issuer: " + _QUOTED),
    ("issuer", r"presented assertion issuer " + _QUOTED),
    # AADSTS7000272: "... could not be found in the metadata of identity provider {iss}."
    ("issuer", r"could not be found in the metadata of identity provider '?" + _BARE, True),
    # AADSTS7002241: "Issuer '{issuer}' may not use credentials matching via expression".
    ("issuer", r"Issuer " + _QUOTED + r" may not use credentials matching via expression"),
    # AADSTS700236: "Entra ID tokens issued by issuer {iss} may not be used ...".
    ("issuer", r"tokens issued by issuer '?" + _BARE, True),
    ("subject", r"Assertion Subject: " + _QUOTED),
    ("subject", r"presented assertion subject " + _QUOTED),
    ("audience", r"Assertion Audience: " + _QUOTED),
    ("audience", r"presented assertion audience " + _QUOTED),
    # AADSTS7002121 (field report): "... presented assertion audience {aud}" without quotes.
    ("audience", r"presented assertion audience " + _BARE, True),
    # AADSTS7002137: "Please make sure the federated identity credential Subject is '{expected}'."
    (
        "expected_subject",
        r"Please make sure the federated identity credential Subject is " + _QUOTED,
    ),
    # AADSTS700024: "Current time: {now}, assertion valid from {nbf}, expiry time of assertion
    # {exp}." (older texts have no "assertion valid from").
    ("current_time", r"Current time: (?P<v>" + TIME + ")"),
    ("valid_from", r"assertion valid from (?P<v>" + TIME + ")"),
    ("expires_at", r"expiry time of assertion (?P<v>" + TIME + ")"),
    # AADSTS70023: "... lifetime of less than or equal to 1.01:00:00. Token issued at {iat}. Token
    # expires on {exp}." (epoch seconds; "issued at 0" when the token has no iat).
    ("max_lifetime", r"less than or equal to (?P<v>(?:\d{1,5}\.)?\d{1,2}:\d{2}:\d{2})"),
    ("issued_at", r"Token issued at (?P<v>\d{1,12}(?!\d)|" + TIME + ")"),
    ("expires_at", r"Token expires on (?P<v>\d{1,12}(?!\d)|" + TIME + ")"),
    # AADSTS7000272: "The certificate with identifier {kid} used to sign ..." ({kid} may be empty).
    ("key_id", r"certificate with identifier '?(?P<v>[^\s']{0,500})'? used to sign"),
    # AADSTS700016: "Application with identifier '{appId}' was not found in the directory
    # '{tenantName}'."; AADSTS700011 has no quotes.
    ("client_id", r"Application with identifier " + _QUOTED + " was not found"),
    ("client_id", r"Application with identifier " + _BARE + " was not found", True),
    ("tenant", r"was not found in the directory " + _QUOTED),
    # AADSTS90002: "Tenant '{tenant}' not found."; AADSTS900023: "Specified tenant identifier
    # '{tenant}' is neither a valid DNS name, nor a valid external domain."
    ("tenant", r"Tenant " + _QUOTED + " not found"),
    ("tenant", r"Specified tenant identifier [`']?(?P<v>[^\s'`]{1,200})[`']? is neither"),
    # "Trace ID: {guid} Correlation ID: {guid} Timestamp: {yyyy-mm-dd hh:mm:ssZ}" and the JSON
    # fields trace_id, correlation_id, timestamp (reference A.0).
    ("trace_id", r"Trace ID: (?P<v>" + GUID + ")"),
    ("trace_id", r"\"trace_id" + _JSON_SEP + "(?P<v>" + GUID + ")"),
    ("correlation_id", r"Correlation ID: (?P<v>" + GUID + ")"),
    ("correlation_id", r"\"correlation_id" + _JSON_SEP + "(?P<v>" + GUID + ")"),
    ("timestamp", r"Timestamp: (?P<v>" + TIME + ")"),
    ("timestamp", r"\"timestamp" + _JSON_SEP + "(?P<v>" + TIME + ")"),
    ("oauth_error", r"\"error" + _JSON_SEP + r"(?P<v>[a-z_]{3,40})\""),
)


def _tolerant(pattern: str) -> str:
    """The template's words may be wrapped onto the next line or spaced twice, as logs do
    (Azure/azure-sdk-for-rust#1739: "assertion\n   valid from"); the times keep their shape."""
    return pattern.replace(TIME, "\x00").replace(" ", r"[ \t\n]{1,8}").replace("\x00", TIME)


_COMPILED: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    # Case is kept: without a literal prefix to search for, every rule would cost a full scan.
    (rule[0], re.compile(_tolerant(rule[1]), re.ASCII), len(rule) > 2)
    for rule in _RULES
)


def _without_full_stop(value: str) -> str:
    """An unquoted value ends before the sentence's full stop ("provider https://x/.")."""
    return value[:-1] if value.endswith(".") else value


_CONVERT: dict[str, Callable[[str], object]] = {
    "current_time": parse_time,
    "valid_from": parse_time,
    "expires_at": parse_time_or_epoch,
    "issued_at": parse_time_or_epoch,
    "timestamp": parse_time,
}


def entra_fields(scanner: Scanner) -> dict[str, object]:
    """The fields of ``ErrorEvidence`` that Entra's templates fill, found in the text."""
    found: dict[str, object] = {}
    for name, regex, bare in _COMPILED:
        if name in found:
            continue
        match = regex.search(scanner.text)
        if match is None:
            continue
        raw = match.group("v")
        if bare:
            raw = _without_full_stop(raw)
            if not raw:
                continue
        convert = _CONVERT.get(name)
        value: object = convert(raw) if convert else raw
        if value is None:
            continue
        found[name] = value
        scanner.note(match.start())
    return found


def error_codes(scanner: Scanner) -> tuple[int, ...]:
    """AADSTS codes and JSON ``error_codes`` entries, in order of first appearance, no repeats."""
    seen: list[tuple[int, int]] = []
    for count, match in enumerate(_CODE.finditer(scanner.text)):
        if count >= _MAX_CODE_MATCHES:
            break
        seen.append((match.start(), int(match.group(1))))
    for count, match in enumerate(_JSON_CODES.finditer(scanner.text)):
        if count >= _MAX_CODE_MATCHES:
            break
        for offset, number in enumerate(re.findall(r"\d{1,9}", match.group("v"), re.ASCII)):
            seen.append((match.start() + offset, int(number)))
    for phrase, code in CODE_PHRASES:
        # Entra's sentence without its code: a message cut short or rewrapped by a tool.
        if all(code != known for _pos, known in seen):
            pos = scanner.find(phrase)
            if pos >= 0:
                seen.append((pos, code))
    codes: list[int] = []
    for pos, code in sorted(seen):
        if code not in codes:
            codes.append(code)
            scanner.note(pos)
            if len(codes) >= MAX_CODES:
                break
    return tuple(codes)


_BLOCK = "Federated token details:"
_BLOCK_LINE = re.compile(
    r"[ \t]{0,20}(issuer|subject claim|audience|job_workflow_ref) - (.{0,4000})"
)
_BLOCK_FIELDS = {
    "issuer": "issuer",
    "subject claim": "subject",
    "audience": "audience",
    "job_workflow_ref": "job_workflow_ref",
}


def azure_login_block(scanner: Scanner) -> dict[str, str]:
    """The values azure/login prints after "Federated token details:".

    Azure/login src/common/LoginConfig.ts prints "Federated token details:\\n issuer - {iss}\\n
    subject claim - {sub}\\n audience - {aud}\\n job_workflow_ref - {ref}"; v1.4.x printed
    "Federated token details: \\n issuer - {iss} \\n subject claim - {sub}", so in that older
    shape the space before the line break after the issuer is the action's, not the token's.
    """
    text = scanner.text
    pos = text.find(_BLOCK)
    if pos < 0:
        return {}
    header_end = text.find("\n", pos)
    if header_end < 0:
        return {}
    older_shape = text[pos + len(_BLOCK) : header_end] == " "
    values: dict[str, str] = {}
    cursor = header_end + 1
    for _ in range(len(_BLOCK_FIELDS) + 2):
        end = text.find("\n", cursor, cursor + 4100)
        line = text[cursor : end if end >= 0 else cursor + 4100]
        match = _BLOCK_LINE.fullmatch(line)
        if match is None:
            break
        name, value = _BLOCK_FIELDS[match.group(1)], match.group(2)
        if older_shape and name == "issuer" and value.endswith(" "):
            value = value[:-1]
        if value not in ("", "undefined", "null") and name not in values:
            values[name] = value
            scanner.note(cursor)
        if end < 0:
            break
        cursor = end + 1
    if values:
        scanner.note(pos)
    return values


def as_datetime(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
