"""Pasted error or log text -> ``ErrorEvidence``.

Input can be an Entra JSON error body (possibly escaped inside another JSON string), an
``error_description`` line, a CI log (GitHub Actions, Azure DevOps, GitLab, Terraform, az CLI,
Azure PowerShell), an SDK exception, the azure/login "Federated token details" block, or a Graph /
ARM error body. ``parse_error_text`` raises only ``InputError`` (input over the size limit);
anything else, however odd, gives an ``ErrorEvidence`` (possibly empty).

Work is bounded: the text is normalised with a few linear substitutions, Entra's templates are
found with literal-prefixed expressions, and every other expression runs only on a bounded number
of bounded windows around literal anchors (``error_text_scan.Scanner``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from wifdoctor.core.error_text_claims import decoded_claims
from wifdoctor.core.error_text_clock import local_clock_check
from wifdoctor.core.error_text_entra import (
    as_datetime,
    as_str,
    azure_login_block,
    entra_fields,
    error_codes,
)
from wifdoctor.core.error_text_scan import EXCERPT_CHARS, Scanner, excerpt, log_times, normalise
from wifdoctor.core.errors import check_size
from wifdoctor.core.evidence import ErrorEvidence, Signal
from wifdoctor.knowledge.clouds import SOVEREIGN_LOGIN_ENVIRONMENTS
from wifdoctor.knowledge.messages import (
    DISTINCTIVE_ERROR_CODES,
    MESSAGE_PATTERNS,
    OAUTH_ERRORS,
    TOOL_VERSION_PATTERNS,
    VARIABLE_ALIASES,
    MessagePattern,
)
from wifdoctor.knowledge.messages_acquire import ADO_OIDC_ENDPOINT
from wifdoctor.knowledge.platforms import azure_devops, github, kubernetes

__all__ = ["parse_error_text"]

MAX_STATUSES = 20
MAX_GRAPH_CODES = 20
_DETAIL_CHARS = 500

_WORD_START = r"(?<![A-Za-z0-9_])"
_WORD_END = r"(?![A-Za-z0-9_])"
_REASONS = (
    "Method Not Allowed|Unauthorized|Forbidden|Not Found|Bad Request|Conflict|Too Many Requests"
    "|Internal Server Error|Service Unavailable"
)
# HTTP statuses as SDKs and tools print them: "Status: 401", "status code 401", "StatusCode=403",
# "Status Code = '404'", "reply status code was 400", "received HTTP status 405", "Error Code :
# 403" (actions/toolkit), "HTTP 405", "HTTP/1.1\" 400" (urllib3), "(405) Method Not Allowed",
# "401 (Unauthorized)", "Response status code does not indicate success: 401".
_STATUS = re.compile(
    r"(?:[Ss]tatus(?:[ _]?[Cc]ode)?|StatusCode|Error Code)(?: was)?\s{0,3}[:=]?\s{0,3}['\"]?"
    r"(?P<s1>[1-5]\d\d)(?!\d)"
    r"|HTTP(?:/\d(?:\.\d)?)?\"?\s(?P<s2>[1-5]\d\d)(?!\d)"
    r"|\((?P<s3>[1-5]\d\d)\)\s?(?:" + _REASONS + ")"
    r"|(?P<s4>[1-5]\d\d)\s?\((?:" + _REASONS + r")\)"
    r"|does not indicate success: (?P<s5>[1-5]\d\d)",
    re.ASCII,
)
_STATUS_ANCHORS = ("tatus", "HTTP", "Error Code", "does not indicate success", *_REASONS.split("|"))

# Graph / ARM codes where the text shows them as codes: JSON "code": "...", Code="..." (Go,
# Pulumi), Code: ... (az CLI, PowerShell), ERROR: (Code) ... (az CLI), ErrorCode: ... (Graph SDKs).
_CODE_CONTEXT = re.compile(
    r"\"code\"\s{0,5}:\s{0,5}\"(?P<c1>[A-Z][A-Za-z0-9_]{1,99})\""
    r"|Code\s{0,2}[=:]\s{0,2}\"?(?P<c2>[A-Z][A-Za-z0-9_]{1,99})"
    r"|(?:ERROR|Error): \((?P<c3>[A-Z][A-Za-z0-9_]{1,99})\)",
    re.ASCII,
)
_CODE_CONTEXT_ANCHORS = ('"code"', "Code", "ERROR: (", "Error: (")
_DISTINCTIVE = re.compile(
    _WORD_START + "(?P<c1>" + "|".join(DISTINCTIVE_ERROR_CODES) + ")" + _WORD_END, re.ASCII
)
_OAUTH = re.compile(_WORD_START + "(?P<v>" + "|".join(OAUTH_ERRORS) + ")" + _WORD_END, re.ASCII)
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", re.ASCII)


@dataclass(frozen=True)
class _Compiled:
    spec: MessagePattern
    regex: re.Pattern[str]


_PATTERNS: tuple[_Compiled, ...] = tuple(
    # Messages are recognised whatever their case: tools and logs change it.
    _Compiled(spec, re.compile(spec.pattern, re.ASCII | re.IGNORECASE))
    for spec in MESSAGE_PATTERNS
)
_VERSIONS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (spec.tool, re.compile(spec.pattern, re.ASCII), spec.anchors) for spec in TOOL_VERSION_PATTERNS
)


def parse_error_text(text: str) -> ErrorEvidence:
    """Everything the text tells about a failed exchange. Raises only ``InputError`` (too large)."""
    check_size(text, what="error text")
    scanner = Scanner(normalise(text))
    codes = error_codes(scanner)
    fields = entra_fields(scanner)
    entra_quoted = {name for name in ("issuer", "subject", "audience") if name in fields}
    block = azure_login_block(scanner)
    for name, value in block.items():
        fields.setdefault(name, value)
    claims = decoded_claims(scanner)
    for name, value in claims.items():
        fields.setdefault(name, value)
    if "oauth_error" not in fields:
        oauth = _first_group(scanner, _OAUTH, OAUTH_ERRORS)
        if oauth:
            fields["oauth_error"] = oauth
    statuses = _statuses(scanner)
    signals = _split_request_failure(scanner, _signals(scanner), statuses)
    signals = _configuration_signals(scanner, signals)
    stamps = log_times(text)
    graph_codes = _graph_codes(scanner)
    versions = _tool_versions(scanner)
    clock = local_clock_check(scanner)
    return ErrorEvidence(
        error_codes=codes,
        oauth_error=as_str(fields.get("oauth_error")),
        issuer=as_str(fields.get("issuer")),
        subject=as_str(fields.get("subject")),
        audience=as_str(fields.get("audience")),
        expected_subject=as_str(fields.get("expected_subject")),
        job_workflow_ref=as_str(fields.get("job_workflow_ref")),
        current_time=as_datetime(fields.get("current_time")),
        valid_from=as_datetime(fields.get("valid_from")),
        expires_at=as_datetime(fields.get("expires_at")),
        issued_at=as_datetime(fields.get("issued_at")),
        max_lifetime=as_str(fields.get("max_lifetime")),
        key_id=as_str(fields.get("key_id")),
        client_id=as_str(fields.get("client_id")),
        tenant=as_str(fields.get("tenant")),
        trace_id=as_str(fields.get("trace_id")),
        correlation_id=as_str(fields.get("correlation_id")),
        timestamp=as_datetime(fields.get("timestamp")),
        http_statuses=statuses,
        graph_error_codes=graph_codes,
        signals=signals,
        tool_versions=versions,
        log_times=stamps,
        platform_hints=_platform_hints(scanner, raw=text, has_stamps=bool(stamps)),
        federated_token_details=bool(block),
        decoded_claims=bool(claims) and not block and not entra_quoted,
        source_lines=scanner.source_lines(),
        local_clock=clock,
    )


def _split_request_failure(
    scanner: Scanner, signals: tuple[Signal, ...], statuses: tuple[int, ...]
) -> tuple[Signal, ...]:
    """An SDK's request log names the Azure DevOps OIDC endpoint on one line and its answer's
    status lines later (Azure/azure-sdk-for-net#46135: "uri: .../oidctoken?api-version=7.1..."
    then "status: 401"): the same failure as the one-line message, found across lines."""
    if any(signal.finding_id == "token-request-failed" for signal in signals):
        return signals
    refused = [status for status in statuses if status in (401, 403, 404)]
    pos = scanner.find(ADO_OIDC_ENDPOINT)
    if not refused or pos < 0:
        return signals
    start, end = scanner.bounds(pos)
    scanner.note(pos)
    found = Signal(
        id="ado-oidctoken-http-error",
        finding_id="token-request-failed",
        excerpt=excerpt(scanner.text[start:end], pos - start, EXCERPT_CHARS),
        detail={"status": str(refused[0])},
    )
    return (*signals, found)


def _configuration_signals(scanner: Scanner, signals: tuple[Signal, ...]) -> tuple[Signal, ...]:
    """What a pasted configuration says when its parts sit on different lines."""
    found = list(signals)
    # Azure/login#452: azure/login asks GitHub for api://AzureADTokenExchange unless `audience:`
    # is given, also for environment: AzureUSGovernment / AzureChinaCloud, whose credentials
    # carry the cloud's own audience.
    for cloud in SOVEREIGN_LOGIN_ENVIRONMENTS:
        pos = scanner.find(f"environment: '{cloud}'")
        if pos < 0:
            pos = scanner.find(f"environment: {cloud}")
        if pos >= 0 and scanner.find("azure/login") >= 0 and scanner.find("audience:") < 0:
            start, end = scanner.bounds(pos)
            scanner.note(pos)
            found.append(
                Signal(
                    "azure-login-sovereign-default-audience",
                    "audience-mismatch",
                    excerpt(scanner.text[start:end], pos - start, EXCERPT_CHARS),
                    {"cloud": cloud},
                )
            )
            break
    # Azure/terraform-provider-azapi#1149: on a runner pod with workload identity, the provider
    # read the pod's AZURE_FEDERATED_TOKEN_FILE (an AKS token) although use_oidc asked for the
    # CI platform's token.
    pos = scanner.find("WorkloadIdentityCredential authentication failed")
    if (
        pos >= 0
        and scanner.find("use_oidc") >= 0
        and scanner.find("use_aks_workload_identity") >= 0
    ):
        start, end = scanner.bounds(pos)
        scanner.note(pos)
        found.append(
            Signal(
                "terraform-aks-token-file-used",
                "token-wrong-kind",
                excerpt(scanner.text[start:end], pos - start, EXCERPT_CHARS),
            )
        )
    return tuple(found)


def _platform_hints(scanner: Scanner, *, raw: str, has_stamps: bool) -> tuple[str, ...]:
    """Platforms the text points at (##[error] is looked for in the raw text: normalising drops
    it); "ci" for a CI log whose platform it does not name (line timestamps, secrets masked)."""
    hints = [
        name
        for name, markers in (
            ("kubernetes", kubernetes.LOG_MARKERS),
            ("azure-devops", azure_devops.LOG_MARKERS),
            ("github-actions", github.LOG_MARKERS),
        )
        if any(scanner.find(marker) >= 0 for marker in markers)
    ]
    if "##[" in raw and "azure-devops" not in hints:
        hints.append("azure-devops")
    if has_stamps or scanner.find(" ***") >= 0:
        hints.append("ci")
    if _token_login(scanner):
        hints.append("token-login")
    return tuple(hints)


# The sign-in command itself, given the token: when it fails for time, the token it was handed
# had expired, no tool kept it (skyporten docs: az login --federated-token $SKYPORTEN_TOKEN).
_TOKEN_LOGINS = (("--federated-token", "az login"), ("-federatedtoken", "connect-azaccount"))


def _token_login(scanner: Scanner) -> bool:
    for flag, command in _TOKEN_LOGINS:
        pos = scanner.find(flag)
        if pos >= 0:
            start, end = scanner.bounds(pos)
            if command in scanner.text[start:end].lower():
                return True
    return False


def _first_group(scanner: Scanner, regex: re.Pattern[str], anchors: tuple[str, ...]) -> str | None:
    for pos, match in scanner.search(regex, anchors):
        scanner.note(pos, priority=1)
        return match.group("v")
    return None


def _signals(scanner: Scanner) -> tuple[Signal, ...]:
    """One signal per message pattern, at its first match; detail also from the rest of its line."""
    found: list[tuple[int, Signal]] = []
    for compiled in _PATTERNS:
        spec = compiled.spec
        for window in scanner.windows(spec.anchors):
            matches = list(islice(compiled.regex.finditer(window.text), 10))
            if not matches:
                continue
            pos = window.start + matches[0].start()
            start, end = scanner.bounds(pos)
            detail: dict[str, str] = {}
            for match in matches:
                _add_detail(detail, match)
            signal = Signal(
                id=spec.id,
                finding_id=spec.finding_id,
                excerpt=excerpt(scanner.text[start:end], pos - start, EXCERPT_CHARS),
                detail=detail,
            )
            found.append((pos, signal))
            scanner.note(pos)
            break
    found.sort(key=lambda item: item[0])
    return tuple(signal for _, signal in found)


def _add_detail(detail: dict[str, str], match: re.Match[str]) -> None:
    """Named groups -> detail entries ("variables__2" fills "variables"); variables normalised."""
    for name, value in match.groupdict().items():
        if value is None:
            continue
        key = name.split("__", 1)[0]
        cleaned = _variables(value) if key == "variables" else value.strip()[:_DETAIL_CHARS]
        if cleaned and key not in detail:
            detail[key] = cleaned


def _variables(raw: str) -> str:
    """Environment variable names in ``raw``, or the ones its argument names stand for."""
    names = _ENV_NAME.findall(raw)
    if not names:
        for piece in re.split(r"[,;'\"`]|\band\b|\bor\b", raw):
            key = re.sub(r"[\s_-]", "", piece).lower()
            if key in VARIABLE_ALIASES:
                names.append(VARIABLE_ALIASES[key])
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,40}", piece.strip()):
                names.append(piece.strip())
    unique: list[str] = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return ", ".join(unique)


def _graph_codes(scanner: Scanner) -> tuple[str, ...]:
    seen: list[tuple[int, str]] = []
    for regex, anchors in (
        (_CODE_CONTEXT, _CODE_CONTEXT_ANCHORS),
        (_DISTINCTIVE, DISTINCTIVE_ERROR_CODES),
    ):
        for pos, match in scanner.search(regex, anchors):
            code = next(value for value in match.groups() if value is not None)
            # A code is CamelCase or Word_Word; all-capitals words ("ERROR", "ENOENT") are not.
            if any(char.islower() for char in code):
                seen.append((pos, code))
    codes: list[str] = []
    for pos, code in sorted(seen):
        if code not in codes:
            codes.append(code)
            scanner.note(pos)
            if len(codes) >= MAX_GRAPH_CODES:
                break
    return tuple(codes)


def _statuses(scanner: Scanner) -> tuple[int, ...]:
    statuses: list[int] = []
    for pos, match in scanner.search(_STATUS, _STATUS_ANCHORS):
        value = next(group for group in match.groups() if group is not None)
        status = int(value)
        if status not in statuses:
            statuses.append(status)
            scanner.note(pos, priority=1)
            if len(statuses) >= MAX_STATUSES:
                break
    return tuple(statuses)


def _tool_versions(scanner: Scanner) -> dict[str, str]:
    versions: dict[str, str] = {}
    for tool, regex, anchors in _VERSIONS:
        if tool in versions:
            continue
        for pos, match in scanner.search(regex, anchors):
            version = next(
                (value for name, value in match.groupdict().items() if value and "version" in name),
                None,
            )
            if version:
                versions[tool] = version
                scanner.note(pos, priority=1)
                break
    return versions
