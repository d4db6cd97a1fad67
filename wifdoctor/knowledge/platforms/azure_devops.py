"""Azure DevOps Pipelines: the vstoken issuer, the Entra issuer, pipeline-scoped tokens.

Facts from reference/platform-tokens.md §2 (rows 5-6) and §4 (Azure DevOps docs, Teleport RFD 211).
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid

from wifdoctor.knowledge.platforms._common import (
    GUID,
    Basis,
    claim_str,
    count_claims,
    is_guid,
    part,
)
from wifdoctor.knowledge.platforms.base import (
    Claims,
    ParsedSubject,
    Platform,
    PlatformId,
    Recognition,
    SubjectPart,
)

DISPLAY_NAME = "Azure DevOps"
# What puts a log on an Azure DevOps agent (its ##[...] markers, its tasks and variables).
LOG_MARKERS = (
    "##[error]",
    "##[section]",
    "##[command]",
    "[command]",
    "service connection",
    "SYSTEM_",
    "AzureCLI",
    "AzurePowerShell",
    "Azure Pipelines",
    "vstoken",
)
# The Azure DevOps first-party Entra app: the `a/` segment and `azp` of its Entra-issued tokens.
ADO_APP_ID = "499b84ac-1321-427f-aa17-267ca6975798"

_VSTOKEN_RE = re.compile(rf"https://vstoken\.dev\.azure\.com/({GUID})")
_OLD_VSTOKEN_RE = re.compile(rf"https://app\.vstoken\.visualstudio\.com(?:/({GUID}))?/?")
ENTRA_ISSUER_RE = re.compile(
    rf"https://(?:login\.microsoftonline\.(?:com|us)|login\.partner\.microsoftonline\.cn)/({GUID})/v2\.0"
)
_PIPELINE_CLAIMS = ("org_id", "prj_id", "def_id", "rpo_id", "rpo_uri")

# Lifetimes differ by issuer generation (reference §4.3): the PLATFORM below states the legacy one.
LIFETIME_SECONDS_BY_VARIANT: dict[str, int] = {
    "vstoken-issuer": 600,
    "pipeline-token": 600,
    "entra-issuer": 86400,
}

PIPELINE_TOKEN_NOTE = (
    "A pipeline-scoped token (sub p://...): it is returned when the OIDC endpoint is called "
    "without a valid serviceConnectionId, and it cannot match a service connection's credential."
)
VSTOKEN_RETIREMENT_NOTE = (
    "The Azure DevOps (vstoken) issuer is retired on 2027-07-01 for single-tenant apps and managed "
    "identities in the public cloud; converted connections use the Entra issuer."
)

# An Entra issuer quoted in an Azure Pipelines log is the service connection's (Microsoft's
# troubleshooting page, "Check the issuer URL for accuracy", and its conversion page:
# learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity and
# .../convert-service-connections; htekdev/azure-ai-foundry-starter LESSONS_LEARNED.md).
ENTRA_ISSUER_IN_PIPELINE_NOTE = (
    "In an Azure Pipelines log this is the service connection's issuer: connections created or "
    "converted since 2025 present the Entra issuer with an /eid1/.../sc/<org id>/<connection id> "
    "subject, so an identity whose credential still has https://vstoken.dev.azure.com/<org id> "
    "and sc://ORG/PROJECT/CONNECTION matches nothing."
)
ENTRA_ISSUER_IN_PIPELINE_FIX = (
    "Open the service connection in Azure DevOps and copy its Issuer and Subject identifier into "
    "the identity's federated credential (if Azure DevOps created the identity, editing and "
    "saving the connection does it)."
)

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the service connection: sc://ORG/PROJECT/CONNECTION (vstoken issuer) or "
    "/eid1/.../sc/<org id>/<connection id> (Entra issuer)",
    "aud": "api://AzureADTokenExchange (vstoken issuer) or fb60f99c-... (Entra issuer); it cannot "
    "be chosen",
    "azp": "the app that requested the token: 499b84ac-1321-427f-aa17-267ca6975798 is Azure DevOps",
    "azpacr": 'how the requesting app authenticated ("2": certificate or federated)',
    "idtyp": 'the kind of identity the token is for ("app" for Azure DevOps)',
    "oid": "an object ID Entra puts in the token",
    "tid": "the Entra tenant that issued the token",
    "uti": "Entra's unique token identifier (an internal request ID)",
    "ver": 'the Entra token version ("2.0")',
    "rh": "an opaque Entra claim used to revalidate tokens",
    "aio": "an opaque Entra claim used internally",
    "xms_ficinfo": "opaque Entra information about the federated credential",
    "xms_idrel": "opaque Entra information about the identity's relation to the tenant",
    "org_id": "the Azure DevOps organisation's ID (pipeline-scoped tokens)",
    "prj_id": "the project's ID (pipeline-scoped tokens)",
    "def_id": "the pipeline definition's ID (pipeline-scoped tokens)",
    "rpo_id": "the repository's ID (pipeline-scoped tokens)",
    "rpo_uri": "the repository's URL (pipeline-scoped tokens)",
    "rpo_ver": "the commit being built (pipeline-scoped tokens)",
    "rpo_ref": "the ref being built (pipeline-scoped tokens)",
    "run_id": "the pipeline run's ID (pipeline-scoped tokens)",
}


def encode_guid(guid: str) -> str:
    """A GUID as the Entra subject writes it: base64url, no padding, of its little-endian bytes."""
    return base64.urlsafe_b64encode(uuid.UUID(guid).bytes_le).decode("ascii").rstrip("=")


def decode_guid(text: str) -> str | None:
    """The GUID behind an encode_guid() value, or None when the text is not one."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{22}", text):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "==")
    except (binascii.Error, ValueError):
        return None
    return str(uuid.UUID(bytes_le=raw)) if len(raw) == 16 else None


def _recognition(variant: str | None, basis: Basis, notes: tuple[str, ...]) -> Recognition:
    return Recognition("azure-devops", DISPLAY_NAME, variant, basis, notes)


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """The vstoken issuer; an Entra issuer with ADO's subject or azp; a p:// or sc:// subject."""
    subject = claim_str(claims, "sub") or ""
    pipeline = subject.startswith("p://")
    match = _VSTOKEN_RE.fullmatch(issuer) or _OLD_VSTOKEN_RE.fullmatch(issuer)
    if match:
        notes = [f"Organisation ID: {match[1]}."] if match[1] else []
        if pipeline:
            return _recognition("pipeline-token", "issuer", (*notes, PIPELINE_TOKEN_NOTE))
        return _recognition("vstoken-issuer", "issuer", (*notes, VSTOKEN_RETIREMENT_NOTE))
    match = ENTRA_ISSUER_RE.fullmatch(issuer)
    if match and (subject.startswith("/eid1/") or claim_str(claims, "azp") == ADO_APP_ID):
        return _recognition(
            "entra-issuer",
            "claims",
            (
                f"Issued by Entra for Azure DevOps, tenant {match[1]}.",
                "A multi-tenant app cannot trust this issuer (AADSTS70052).",
                "Its aud is the GUID fb60f99c-...; the credential's audience stays "
                "api://AzureADTokenExchange.",
            ),
        )
    if pipeline or count_claims(claims, _PIPELINE_CLAIMS) >= 3:
        return _recognition(
            "pipeline-token", "subject" if pipeline else "claims", (PIPELINE_TOKEN_NOTE,)
        )
    if subject.startswith("sc://"):
        return _recognition(None, "subject", ("Recognised from the sc:// subject.",))
    return None


# ---------------------------------------------------------------------------------------------
# Subjects

_SC_RE = re.compile(r"sc://([^/]+)/([^/]+)/(.+)")
_P_RE = re.compile(r"p://([^/]+)/([^/]+)/(.+)")
_CLOUDS = {"pub": "public"}
_NAMES_NOTE = (
    "This subject holds names: renaming the organisation, project or {what} changes it and breaks "
    "the credential."
)


def _parse_named(subject: str) -> ParsedSubject | None:
    match = _SC_RE.fullmatch(subject)
    if match:
        return ParsedSubject(
            "azure-devops",
            "ado-service-connection",
            (
                part("organization", match[1], "the Azure DevOps organisation's name"),
                part("project", match[2], "the project's name"),
                part("service_connection", match[3], "the service connection's name"),
            ),
            (_NAMES_NOTE.format(what="service connection"),),
        )
    match = _P_RE.fullmatch(subject)
    if match:
        return ParsedSubject(
            "azure-devops",
            "ado-pipeline",
            (
                part("organization", match[1], "the Azure DevOps organisation's name"),
                part("project", match[2], "the project's name"),
                part("pipeline", match[3], "the pipeline's name"),
            ),
            (PIPELINE_TOKEN_NOTE,),
        )
    return None


def _decoded_part(name: str, raw: str, what: str, notes: list[str]) -> SubjectPart:
    decoded = decode_guid(raw)
    if decoded is None:
        notes.append(f"The {what} segment {raw!r} is not a base64url-encoded GUID.")
        return part(name, raw, f"the {what} (could not be decoded)")
    suffix = " (Azure DevOps)" if decoded == ADO_APP_ID else ""
    return part(name, decoded, f"the {what}{suffix}, decoded from {raw}")


def _parse_eid1(subject: str) -> ParsedSubject | None:
    if not subject.startswith("/eid1/"):
        return None
    segments = subject[len("/eid1/") :].split("/")
    parts: list[SubjectPart] = []
    notes: list[str] = []
    index = 0
    while index + 1 < len(segments) and segments[index] in ("c", "t", "a"):
        key, raw = segments[index], segments[index + 1]
        if key == "c":
            cloud = _CLOUDS.get(raw, raw)
            parts.append(part("cloud", cloud, f"the cloud (code {raw!r})"))
        elif key == "t":
            parts.append(_decoded_part("tenant_id", raw, "Entra tenant ID", notes))
        else:
            parts.append(_decoded_part("app_id", raw, "application ID", notes))
        index += 2
    rest = segments[index:]
    app_id = next((p.value for p in parts if p.name == "app_id"), None)
    if len(rest) == 3 and rest[0] == "sc" and is_guid(rest[1]) and is_guid(rest[2]):
        parts.append(part("organization_id", rest[1], "the Azure DevOps organisation's ID"))
        parts.append(part("service_connection_id", rest[2], "the service connection's ID"))
        notes.append("This subject holds IDs, so renaming the organisation or connection keeps it.")
        return ParsedSubject(
            "azure-devops", "ado-entra-service-connection", tuple(parts), tuple(notes)
        )
    if rest and any(rest):
        parts.append(part("remainder", "/".join(rest), "the rest of the Entra-issued subject"))
    platform: PlatformId = "azure-devops" if app_id in (None, ADO_APP_ID) else "unknown"
    return ParsedSubject(platform, "entra-eid1", tuple(parts), tuple(notes))


def parse_subject(subject: str) -> ParsedSubject | None:
    """ado-service-connection, ado-pipeline, ado-entra-service-connection or entra-eid1."""
    return _parse_named(subject) or _parse_eid1(subject)


PLATFORM = Platform(
    id="azure-devops",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime=(
        "5-10 minutes with the Azure DevOps (vstoken) issuer; about 24 hours with the Entra issuer"
    ),
    usual_lifetime_seconds=600,
    default_audience="api://AzureADTokenExchange",
    docs=(
        "https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity",
        "https://learn.microsoft.com/azure/devops/pipelines/release/configure-workload-identity",
        "https://learn.microsoft.com/rest/api/azure/devops/distributedtask/oidctoken/create",
    ),
)
