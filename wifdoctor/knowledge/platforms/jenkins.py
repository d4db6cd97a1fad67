"""Jenkins oidc-provider plugin tokens.

Facts from reference/platform-tokens.md §2 (row 19) and §14 (the plugin's README and source).
"""

from __future__ import annotations

import re

from wifdoctor.knowledge.platforms._common import claim_str, has_claim, part
from wifdoctor.knowledge.platforms.base import Claims, ParsedSubject, Platform, Recognition

DISPLAY_NAME = "Jenkins"

_ISSUER_RE = re.compile(r"(https?://[^\s?#]+?)/oidc((?:/job/[^/\s]+)*)")

CLAIM_EXPLANATIONS: dict[str, str] = {
    "sub": "the job's URL (${JOB_URL}) by default; admins may change the template",
    "aud": "the audience set on the credential (set it to api://AzureADTokenExchange)",
    "build_number": "the build's number",
}


def recognize(issuer: str, claims: Claims) -> Recognition | None:
    """A .../oidc or .../oidc/job/... issuer with a build_number claim or a job URL subject."""
    match = _ISSUER_RE.fullmatch(issuer)
    subject = claim_str(claims, "sub") or ""
    if match is None or not (has_claim(claims, "build_number") or "/job/" in subject):
        return None
    notes: list[str] = []
    variant = "root-issuer"
    if match[2]:
        variant = "folder-issuer"
        notes.append("A folder credential: each folder has its own issuer.")
    if issuer.startswith("http://"):
        notes.append("Entra fetches the issuer's keys over https only.")
    notes.append(f"Entra must reach {match[1]}/oidc/.well-known/openid-configuration.")
    return Recognition("jenkins", DISPLAY_NAME, variant, "claims", tuple(notes))


_URL_RE = re.compile(r"(https?://.+?/)(job/.+)")


def parse_subject(subject: str) -> ParsedSubject | None:
    """jenkins-job-url: <JENKINS_URL>job/<folder>/job/<name>/ (the default JOB_URL subject)."""
    match = _URL_RE.fullmatch(subject)
    if match is None:
        return None
    segments = match[2].removesuffix("/").split("/")
    names = segments[1::2]
    if len(segments) % 2 or any(key != "job" for key in segments[::2]) or not all(names):
        return None
    notes = []
    if not subject.endswith("/"):
        notes.append("Jenkins' JOB_URL ends with '/'; the token's subject will have it.")
    if any("%" in name for name in names):
        notes.append("Names are URL-encoded as in the job's URL (feature%2Fx for feature/x).")
    parts = (
        part("jenkins_url", match[1], "the configured Jenkins URL (Manage Jenkins > System)"),
        part("job_path", "/".join(names), "the job's folders and name, outermost first"),
    )
    return ParsedSubject("jenkins", "jenkins-job-url", parts, tuple(notes))


PLATFORM = Platform(
    id="jenkins",
    display_name=DISPLAY_NAME,
    recognize=recognize,
    parse_subject=parse_subject,
    claim_explanations=CLAIM_EXPLANATIONS,
    usual_lifetime="1 hour (configurable globally)",
    usual_lifetime_seconds=3600,
    default_audience=None,
    docs=(
        "https://plugins.jenkins.io/oidc-provider/",
        "https://github.com/jenkinsci/oidc-provider-plugin",
    ),
)
