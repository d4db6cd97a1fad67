"""Microsoft clouds: Entra authority hosts, token-exchange audiences, Graph and ARM endpoints.

Facts from the reference (entra-errors-and-fic-rules.md B.5, platform-tokens.md 1.1 and 1.4).
Where the reference marks a value as unverified or second-hand, the cloud says so in
``unverified_fields`` and ``notes`` rather than in code comments only.

US Government DoD (L5) shares its authority host and its token-exchange audience with US Government
(L4), so lookups by host or audience answer "usgov"; "usgov-dod" differs only in its Graph host.
The CLI's ``--cloud`` accepts :data:`CLI_CLOUD_IDS`; the other clouds are extra knowledge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from wifdoctor.knowledge.aadsts_base import Confidence

# The first-party app behind api://AzureADTokenExchange (public cloud). Entra-issued assertions
# (managed identities, the Azure DevOps Entra issuer) carry it as their aud, and Entra treats it as
# equivalent to the api:// form in a credential.
TOKEN_EXCHANGE_APP_ID = "fb60f99c-7a34-4190-8149-302f77469936"

CLI_CLOUD_IDS: tuple[str, ...] = ("public", "usgov", "china")


@dataclass(frozen=True)
class Cloud:
    id: str
    display_name: str
    authority_host: str  # the host azure-identity / MSAL use, e.g. "login.microsoftonline.com"
    authority_aliases: tuple[str, ...]  # other hosts that answer for the same Entra instance
    token_exchange_audience: str  # the audience of federated credentials in this cloud
    graph_url: str | None
    arm_url: str | None
    error_lookup_url: str | None  # with a {code} placeholder
    # How sure the reference is of the authority host and the audience, the values diagnosis uses.
    confidence: Confidence
    unverified_fields: tuple[str, ...] = ()  # field names whose values are not confirmed
    notes: tuple[str, ...] = ()

    @property
    def authority_hosts(self) -> tuple[str, ...]:
        """The authority host followed by its aliases."""
        return (self.authority_host, *self.authority_aliases)

    @property
    def authority_url(self) -> str:
        return f"https://{self.authority_host}"

    def error_lookup(self, code: int) -> str | None:
        """This cloud's error lookup page for ``code``, where the cloud has one."""
        return None if self.error_lookup_url is None else self.error_lookup_url.format(code=code)


_CLOUDS: tuple[Cloud, ...] = (
    Cloud(
        id="public",
        display_name="Azure public cloud",
        authority_host="login.microsoftonline.com",
        authority_aliases=("login.windows.net", "login.microsoft.com", "sts.windows.net"),
        token_exchange_audience="api://AzureADTokenExchange",
        graph_url="https://graph.microsoft.com",
        arm_url="https://management.azure.com",
        error_lookup_url="https://login.microsoftonline.com/error?code={code}",
        confidence="verified",
    ),
    Cloud(
        id="usgov",
        display_name="Azure US Government (GCC High, L4)",
        authority_host="login.microsoftonline.us",
        authority_aliases=("login.usgovcloudapi.net", "login-us.microsoftonline.com"),
        token_exchange_audience="api://AzureADTokenExchangeUSGov",
        graph_url="https://graph.microsoft.us",
        arm_url="https://management.usgovcloudapi.net",
        error_lookup_url=None,
        confidence="verified",
        unverified_fields=("arm_url",),
        notes=(
            "The ARM host comes from general knowledge, not from a source the reference read.",
            "login-us.microsoftonline.com is an older host name.",
            "The reference names no error lookup page for this cloud.",
        ),
    ),
    Cloud(
        id="usgov-dod",
        display_name="Azure US Government DoD (L5)",
        authority_host="login.microsoftonline.us",
        authority_aliases=(),
        token_exchange_audience="api://AzureADTokenExchangeUSGov",
        graph_url="https://dod-graph.microsoft.us",
        arm_url="https://management.usgovcloudapi.net",
        error_lookup_url=None,
        confidence="secondary",
        unverified_fields=("token_exchange_audience", "arm_url"),
        notes=(
            "Shares the authority host with US Government; lookups by host answer 'usgov'.",
            "The audience comes from community code that maps DoD to US Government.",
            "The ARM host is assumed to be US Government's.",
        ),
    ),
    Cloud(
        id="china",
        display_name="Azure China (21Vianet)",
        authority_host="login.partner.microsoftonline.cn",
        authority_aliases=("login.chinacloudapi.cn",),
        token_exchange_audience="api://AzureADTokenExchangeChina",
        graph_url="https://microsoftgraph.chinacloudapi.cn",
        arm_url="https://management.chinacloudapi.cn",
        error_lookup_url="https://login.partner.microsoftonline.cn/error?code={code}",
        confidence="verified",
        unverified_fields=("arm_url",),
        notes=(
            "MSAL Python labels login.chinacloudapi.cn as deprecated.",
            "The ARM host comes from general knowledge, not from a source the reference read.",
            "Azure DevOps in China switched its audience to api://AzureADTokenExchangeChina.",
        ),
    ),
    Cloud(
        id="france",
        display_name="Bleu (France sovereign cloud)",
        authority_host="login.sovcloud-identity.fr",
        authority_aliases=(),
        token_exchange_audience="api://AzureADTokenExchangeFrance",
        graph_url=None,
        arm_url=None,
        error_lookup_url=None,
        confidence="secondary",
        unverified_fields=("token_exchange_audience",),
        notes=(
            "The host is in MSAL Python's constants; the audience comes from an MSAL design note.",
            "Graph and ARM hosts are not known.",
        ),
    ),
    Cloud(
        id="germany",
        display_name="Delos (Germany sovereign cloud)",
        authority_host="login.sovcloud-identity.de",
        authority_aliases=(),
        token_exchange_audience="api://AzureADTokenExchangeGermany",
        graph_url=None,
        arm_url=None,
        error_lookup_url=None,
        confidence="secondary",
        unverified_fields=("token_exchange_audience",),
        notes=(
            "The host is in MSAL Python's constants; the audience comes from an MSAL design note.",
            "Not the retired Microsoft Cloud Deutschland. Graph and ARM hosts are not known.",
        ),
    ),
)

CLOUDS: dict[str, Cloud] = {c.id: c for c in _CLOUDS}


def _first_cloud_by(keys: Callable[[Cloud], Iterable[str]]) -> dict[str, Cloud]:
    """Index the clouds by ``keys``; where two clouds share a key, the first listed wins
    (US Government before DoD)."""
    index: dict[str, Cloud] = {}
    for cloud in _CLOUDS:
        for key in keys(cloud):
            index.setdefault(key, cloud)
    return index


_BY_HOST = _first_cloud_by(lambda c: c.authority_hosts)
_BY_AUDIENCE = _first_cloud_by(lambda c: (c.token_exchange_audience,))

TOKEN_EXCHANGE_AUDIENCES: frozenset[str] = frozenset(_BY_AUDIENCE)

# Entra issuers: https://{host}/{tenant}/v2.0 (any authority host), https://sts.windows.net/{tenant}/.
# The tenant is a GUID or a domain name; the scheme and host may be in any case, the rest is exact.
_TENANT = r"(?P<tenant>[0-9A-Za-z](?:[0-9A-Za-z.-]*[0-9A-Za-z])?)"
_V2_ISSUER = re.compile(rf"(?i:https)://(?P<host>[^/?#@:\s]+)/{_TENANT}/v2\.0")
_V1_ISSUER = re.compile(rf"(?i:https://sts\.windows\.net)/{_TENANT}/")
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_DOMAIN = re.compile(r"(?:[0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?\.)+[A-Za-z]{2,}")
_NOT_TENANTS = frozenset({"common", "organizations", "consumers"})


def cloud_by_id(id: str) -> Cloud:
    """The cloud named ``id``; KeyError (listing the valid ids) when there is none."""
    try:
        return CLOUDS[id]
    except KeyError:
        valid = ", ".join(CLOUDS)
        raise KeyError(f"unknown cloud {id!r}; valid clouds are: {valid}") from None


def _host_of(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    parts = urlsplit(text if "://" in text else f"//{text}")
    # Only https (or a bare host): an authority reached over plain http is not one to trust.
    if parts.scheme not in ("", "https") or parts.username or parts.password:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if port not in (None, 443) or parts.query or parts.fragment:
        return None
    return parts.hostname  # lower-cased by urlsplit


def cloud_for_authority_host(host: str) -> Cloud | None:
    """The cloud of an authority host or https URL ("login.microsoftonline.us",
    "https://login.microsoftonline.us/", an alias; any letter case), or None."""
    name = _host_of(host)
    return None if name is None else _BY_HOST.get(name)


def cloud_for_token_exchange_audience(aud: str) -> Cloud | None:
    """The cloud whose token-exchange audience is exactly ``aud`` (case-sensitive), or None."""
    return _BY_AUDIENCE.get(aud)


def is_token_exchange_audience(aud: str) -> bool:
    """Whether ``aud`` is a cloud's api://AzureADTokenExchange* audience or the exchange app's GUID.

    Exact: Entra compares audiences case-sensitively, so api://azureadtokenexchange is not one.
    """
    return aud in TOKEN_EXCHANGE_AUDIENCES or aud == TOKEN_EXCHANGE_APP_ID


def entra_issuer_tenant(iss: str) -> str | None:
    """The tenant in an Entra issuer (v2.0 form on any authority host, or the sts.windows.net v1
    form), as written; None when ``iss`` is not an Entra issuer."""
    match = _V1_ISSUER.fullmatch(iss)
    if match is None:
        match = _V2_ISSUER.fullmatch(iss)
        if match is None or match["host"].lower() not in _BY_HOST:
            return None
    tenant = match["tenant"]
    if tenant.lower() in _NOT_TENANTS:
        return None
    if _GUID.fullmatch(tenant) or _DOMAIN.fullmatch(tenant):
        return tenant
    return None


def is_entra_issuer(iss: str) -> bool:
    """Whether ``iss`` is an issuer of Microsoft Entra ID itself (in any cloud)."""
    return entra_issuer_tenant(iss) is not None


# azure/login's `environment:` values for the sovereign clouds (Azure/login#452), whose
# federated credentials use the cloud's own token-exchange audience.
SOVEREIGN_LOGIN_ENVIRONMENTS = ("AzureUSGovernment", "AzureChinaCloud")
