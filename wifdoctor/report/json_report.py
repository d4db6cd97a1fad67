"""The JSON contract of docs/cli.md (schema_version 1): one object, every field present.

The token's raw text and signature never appear; header and claims do.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from typing import Any

from wifdoctor.core.credentials import FederatedCredential
from wifdoctor.core.diagnosis import Diagnosis, StepResult
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.findings import Finding
from wifdoctor.core.live import HttpCall, IdentityInfo
from wifdoctor.core.matching import CredentialMatch
from wifdoctor.core.times import iso
from wifdoctor.report.token_view import token_times

SCHEMA_VERSION = 1


def diagnosis_to_dict(diagnosis: Diagnosis) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": diagnosis.command,
        "input": {"kind": diagnosis.input_kind},
        "now": iso(diagnosis.now),
        "cloud": diagnosis.cloud,
        "evidence": _evidence(diagnosis.evidence),
        "token": _token(diagnosis),
        "identity": _identity(diagnosis.identity),
        "credentials": [_credential(fic) for fic in diagnosis.credentials],
        "matches": [_match(match) for match in diagnosis.matches],
        "steps": [_step(step) for step in diagnosis.steps],
        "walk_ms": diagnosis.walk_ms,
        "trace": [_call(call) for call in diagnosis.trace],
        "findings": [finding_to_dict(finding) for finding in diagnosis.findings],
        "exit_code": diagnosis.exit_code,
    }


def render_json(diagnosis: Diagnosis, *, ascii_only: bool = False) -> str:
    """Strict JSON (RFC 8259): no NaN or Infinity, no lone surrogates; ``ascii_only`` escapes
    every non-ASCII character, for a stream that cannot encode them."""
    return json.dumps(
        strict(diagnosis_to_dict(diagnosis)),
        indent=2,
        ensure_ascii=ascii_only,
        allow_nan=False,
        default=str,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")
_BIGGEST_EXACT = 2**1023  # integers beyond a double's range become strings too


def strict(value: Any) -> Any:
    """A copy that any JSON reader accepts: a non-finite number becomes its name as a string
    ("NaN", "Infinity"; the token's ``problems`` say which claim held it), an integer no double
    can hold becomes its digits as a string, a lone surrogate becomes the visible text ``\\udXXX``.
    Depth is bounded: token values deeper than claim_values.MAX_DEPTH were cut at decoding."""
    if isinstance(value, str):
        if value.isascii():
            return value
        return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return (
            value
            if math.isfinite(value)
            else repr(value).replace("inf", "Infinity").replace("nan", "NaN")
        )
    if isinstance(value, int):
        return value if -_BIGGEST_EXACT < value < _BIGGEST_EXACT else str(value)
    if isinstance(value, dict):
        return {strict(str(key)): strict(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [strict(item) for item in value]
    return strict(str(value))


def _time(value: datetime | None) -> str | None:
    return iso(value) if value is not None else None


def _evidence(evidence: ErrorEvidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "error_codes": list(evidence.error_codes),
        "oauth_error": evidence.oauth_error,
        "issuer": evidence.issuer,
        "subject": evidence.subject,
        "audience": evidence.audience,
        "expected_subject": evidence.expected_subject,
        "job_workflow_ref": evidence.job_workflow_ref,
        "federated_token_details": evidence.federated_token_details,
        "decoded_claims": evidence.decoded_claims,
        "current_time": _time(evidence.current_time),
        "valid_from": _time(evidence.valid_from),
        "expires_at": _time(evidence.expires_at),
        "issued_at": _time(evidence.issued_at),
        "key_id": evidence.key_id,
        "client_id": evidence.client_id,
        "tenant": evidence.tenant,
        "trace_id": evidence.trace_id,
        "correlation_id": evidence.correlation_id,
        "timestamp": _time(evidence.timestamp),
        "http_statuses": list(evidence.http_statuses),
        "graph_error_codes": list(evidence.graph_error_codes),
        "signals": [
            {"id": s.id, "finding_id": s.finding_id, "excerpt": s.excerpt, "detail": s.detail}
            for s in evidence.signals
        ],
        "tool_versions": dict(evidence.tool_versions),
    }


def _token(diagnosis: Diagnosis) -> dict[str, Any]:
    token = diagnosis.token
    recognition = diagnosis.recognition
    return {
        "source": "token" if token else ("error-text" if recognition else None),
        "header": dict(token.header) if token else {},
        "claims": dict(token.claims) if token else {},
        "signature": "present (not shown)" if token and token.signature_bytes else None,
        "stripped": list(token.stripped) if token else [],
        "problems": list(token.problems) if token else [],
        "times": token_times(token, diagnosis.now) if token else {},
        "platform": recognition.platform if recognition else "unknown",
        "platform_variant": recognition.variant if recognition else None,
        "platform_name": recognition.display_name if recognition else None,
        "subject_shape": diagnosis.subject.shape if diagnosis.subject else None,
        "subject_parts": diagnosis.subject.as_dict() if diagnosis.subject else {},
    }


def _identity(identity: IdentityInfo | None) -> dict[str, Any] | None:
    if identity is None:
        return None
    return {
        "kind": identity.kind,
        "client_id": identity.client_id,
        "display_name": identity.display_name,
        "object_id": identity.object_id,
        "service_principal_id": identity.service_principal_id,
        "resource_id": identity.resource_id,
        "source": identity.source,
        "enabled": identity.enabled,
    }


def _call(call: HttpCall) -> dict[str, Any]:
    """One request of the live walk: never a body, a query string or a header value."""
    return {
        "method": call.method,
        "host": call.host,
        "path": call.path,
        "status": call.status,
        "started_ms": call.started_ms,
        "duration_ms": call.duration_ms,
        "error": call.error,
    }


def _credential(fic: FederatedCredential) -> dict[str, Any]:
    return {
        "name": fic.name,
        "issuer": fic.issuer,
        "subject": fic.subject,
        "audiences": list(fic.audiences),
        "claims_matching_expression": fic.expression,
        "description": fic.description,
        "id": fic.id,
        "identity_kind": fic.identity_kind,
        "source": fic.source,
    }


def _match(match: CredentialMatch) -> dict[str, Any]:
    expression = None
    if match.expression is not None:
        expression = {
            "matched": match.expression.matched,
            "clauses": [
                {
                    "clause": str(result.clause),
                    "value": result.value,
                    "matched": result.matched,
                    "reason": result.reason,
                }
                for result in match.expression.clauses
            ],
        }
    return {
        "credential": match.credential.label,
        "index": match.index,
        "matches": match.matches,
        "score": match.score,
        "fields": [
            {
                "field": comparison.field,
                "token": comparison.token_value,
                "credential": comparison.credential_value,
                "relation": comparison.relation,
                "matches": comparison.matches,
            }
            for comparison in match.fields
        ],
        "expression": expression,
        "expression_error": str(match.expression_error) if match.expression_error else None,
    }


def _step(step: StepResult) -> dict[str, Any]:
    return {
        "id": step.id,
        "title": step.title,
        "status": step.status,
        "summary": step.summary,
        "evidence": dict(step.evidence),
        "started_ms": step.started_ms,
        "duration_ms": step.duration_ms,
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "severity": finding.severity,
        "title": finding.title,
        "explanation": finding.explanation,
        "fix": list(finding.fix),
        "evidence": dict(finding.evidence),
        "docs": list(finding.docs),
        "copy": [{"label": item.label, "text": item.text} for item in finding.copy],
        "step": finding.step,
        "remedy": finding.remedy.as_dict() if finding.remedy else None,
    }
