"""The app's tenant choice (ctrl+t): list the tenants the operator can use (ARM ``GET
/tenants`` with the walk's own sign-in) and those the pasted token or error names, pick one in
the modal, and walk again for it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from wifdoctor.core.tenants import TenantChoice, from_arm, hints, merged

if TYPE_CHECKING:
    from wifdoctor.tui.app import WifDoctorApp


async def list_tenants(app: WifDoctorApp) -> tuple[list[TenantChoice], str | None]:
    """The tenants to offer, and why ARM's list is missing (or None)."""
    from wifdoctor.clients.arm import ArmFailed

    diagnosis = app.diagnosis
    pasted = hints(diagnosis.token, diagnosis.evidence) if diagnosis else []
    if app.environment is None:
        return pasted, "No sign-in to list your tenants with."
    # The sign-in's own default tenant lists them all, even after a tenant that fails was
    # chosen (the factories read the app's tenant when called).
    current = app.live
    if current is not None:
        app.live = replace(current, tenant=None)
    try:
        env = app.environment(app.ask)
    finally:
        app.live = current
    try:
        listed = from_arm(await env.arm().tenants())
        note = None
    except ArmFailed as exc:
        listed, note = [], f"Your tenants could not be listed: {exc.message}"
    finally:
        await env.aclose()
    return merged(listed, pasted), note


async def choose_tenant(app: WifDoctorApp) -> None:
    if app.live is None:
        app.notify(
            "Choosing a tenant needs a live walk: start wifdoctor with --client-id ID.",
            severity="warning",
        )
        return
    from wifdoctor.report.redact import redact_value
    from wifdoctor.tui.screens.tenant_picker import TenantPickerScreen

    app.main.show_inputs(app.inputs, "Listing your tenants...")
    choices, note = await list_tenants(app)
    app.main.show_inputs(app.inputs)
    note = redact_value(note, app.live.secrets) if note else None
    chosen = await app.push_screen_wait(TenantPickerScreen(choices, app.live.tenant, note))
    if not chosen:
        app.main.show_inputs(app.inputs, "Tenant unchanged.")
        return
    app.live = replace(app.live, tenant=chosen)
    app.start_walk()
    app.main.show_inputs(app.inputs, f"Walking tenant {chosen}.")
