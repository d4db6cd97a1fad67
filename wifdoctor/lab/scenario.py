"""Scenarios: data files in ``wifdoctor/lab/scenarios/`` that build a lab and say what a correct
diagnosis concludes (``expect``: Entra's error codes and wifdoctor's finding IDs)."""

from __future__ import annotations

from typing import Any

from wifdoctor.lab.issuers import make_issuer, mint
from wifdoctor.lab.keys import SigningKey, prewarm
from wifdoctor.lab.scenario_catalogue import SCENARIOS_DIR, Scenario, all_scenarios, scenario
from wifdoctor.lab.server import Lab
from wifdoctor.lab.state import (
    CaPolicy,
    Credential,
    Identity,
    Issuer,
    IssuerFaults,
    LabState,
    NamedLocation,
    RoleAssignment,
    RouteFault,
)

__all__ = ["SCENARIOS_DIR", "Scenario", "all_scenarios", "build_lab", "scenario"]

ENTRA_KEY_INDEX = 0


def _credential(raw: dict[str, Any], now: float) -> Credential:
    return Credential(
        name=raw["name"],
        issuer=raw["issuer"],
        subject=raw.get("subject"),
        audiences=list(raw.get("audiences", ["api://AzureADTokenExchange"])),
        expression=raw.get("expression"),
        description=raw.get("description"),
        created_at=now - float(raw.get("created_ago", 86400)),
    )


def _identity(raw: dict[str, Any], now: float) -> Identity:
    return Identity(
        kind=raw.get("kind", "app"),
        display_name=raw["name"],
        client_id=raw["client_id"],
        object_id=raw["object_id"],
        sp_id=raw["sp_id"],
        credentials=[_credential(c, now) for c in raw.get("credentials", [])],
        sp_enabled=raw.get("sp_enabled", True),
        subscription_id=raw.get("subscription_id"),
        resource_group=raw.get("resource_group"),
        location=raw.get("location"),
    )


def build_state(chosen: Scenario, clock: Any = None) -> LabState:
    data = chosen.data
    state = LabState(tenant_id=chosen.tenant_id, tenant_domain=data["tenant"]["domain"])
    if clock is not None:
        state.clock = clock
    now = state.clock()
    state.cloud = chosen.cloud
    state.tenant_name = data["tenant"].get("name", state.tenant_name)
    state.other_tenants = list(data["tenant"].get("others", []))
    state.entra_keys = [SigningKey("lab-entra-key-1", ENTRA_KEY_INDEX)]
    state.identities = [_identity(raw, now) for raw in data.get("identities", [])]
    raw_issuer = data["issuer"]
    if raw_issuer.get("entra"):
        issuer = Issuer("entra", raw_issuer["platform"], state.entra_issuer(), state.entra_keys)
    else:
        faults = IssuerFaults(**raw_issuer.get("faults", {}))
        issuer = make_issuer(
            raw_issuer["name"], raw_issuer["platform"], raw_issuer["url"], 1, faults
        )
    state.issuers = [issuer]
    state.policies = [CaPolicy(**p) for p in data.get("policies", [])]
    state.locations = [NamedLocation(**loc) for loc in data.get("locations", [])]
    state.subscriptions = list(data.get("subscriptions", []))
    state.role_assignments = [RoleAssignment(**r) for r in data.get("role_assignments", [])]
    state.operator_permissions = set(data.get("operator_permissions", _ALL_PERMISSIONS))
    state.entra_mode = data.get("entra_mode", "current")
    state.required_enterprise = data.get("required_enterprise")
    state.propagation_seconds = float(data.get("propagation_seconds", 0))
    state.client_ip = data.get("client_ip", state.client_ip)
    state.fic_only_regions = tuple(data.get("regions_without_fic", ()))
    state.faults = {key: RouteFault(**value) for key, value in data.get("faults", {}).items()}
    state.graph_page_size = int(data.get("graph_page_size", 100))
    state.arm_page_size = int(data.get("arm_page_size", 100))
    state.not_found_after_create = int(data.get("not_found_after_create", 0))
    state.id_token_permission = bool(data.get("id_token_permission", True))
    return state


_ALL_PERMISSIONS = (
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Policy.Read.All",
    "AuditLog.Read.All",
)


def build_lab(name_or_scenario: str | Scenario, *, clock: Any = None) -> Lab:
    chosen = scenario(name_or_scenario) if isinstance(name_or_scenario, str) else name_or_scenario
    if chosen is None:
        raise KeyError(name_or_scenario)
    prewarm(2)  # the lab's Entra key and the scenario issuer's
    return Lab(build_state(chosen, clock), chosen)


def scenario_token(lab: Lab, extra: dict[str, Any] | None = None) -> str:
    """The workload's ID token for the lab's scenario, minted now."""
    chosen: Scenario = lab.scenario
    raw = chosen.data["token"]
    overrides = {**raw.get("claims", {}), **(extra or {})}
    context = dict(raw.get("context", {}))
    context.setdefault("tenant_id", chosen.tenant_id)
    return mint(
        lab.state,
        lab.state.issuers[0],
        context,
        overrides=overrides,
        issued_ago=int(raw.get("issued_ago", 0)),
        lifetime=raw.get("lifetime"),
        with_kid=raw.get("kid", True),
        drop=tuple(raw.get("drop", ())),
    )
