"""``diagnose --fix``: the diagnosis' remedy applied through setup's apply path, after the same
confirmation, then the walk run again to show whether the configuration now matches."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from wifdoctor.core.errors import InputError
from wifdoctor.core.setup.model import Proposal, ProposedCredential, Target, Why
from wifdoctor.core.setup.names import safe_name
from wifdoctor.knowledge.fic_rules import PROPAGATION_NOTE

if TYPE_CHECKING:
    from wifdoctor.core.diagnosis import Diagnosis
    from wifdoctor.core.findings import Finding
    from wifdoctor.core.remedy import Remedy
    from wifdoctor.provision.apply import ApplyReport, Confirm

MAX_PROPAGATION_WAIT = 120.0  # seconds the fix waits for the lab's propagation delay


def remedy_of(diagnosis: Diagnosis) -> tuple[Finding, Remedy] | None:
    """The first finding with a remedy, errors before warnings."""
    ranked = sorted(diagnosis.findings, key=lambda f: f.severity != "error")
    for finding in ranked:
        if finding.remedy is not None:
            return finding, finding.remedy
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def proposal_for(diagnosis: Diagnosis, finding: Finding, remedy: Remedy) -> Proposal:
    """The remedy as a proposal for the apply path (the whole credential, for an update too)."""
    target = _target(diagnosis, remedy)
    values = dict(remedy.set)
    audiences = values.get("audiences")
    audience = audiences[0] if isinstance(audiences, tuple | list) and audiences else None
    why = Why("remedy", finding.id, finding.title)
    if remedy.action == "add-credential":
        issuer, subject = _text(values.get("issuer")), _text(values.get("subject"))
        if issuer is None or subject is None:
            raise InputError(f"The remedy of {finding.id} does not give a whole credential.")
        name = _text(values.get("name")) or safe_name("fix", subject)
        credential = ProposedCredential(
            name,
            issuer,
            subject,
            audience or _audience(target),
            None,
            f"Added by wifdoctor --fix ({finding.id})",
            (why,),
        )
    else:
        current = next(
            (fic for fic in diagnosis.credentials if fic.label == remedy.credential), None
        )
        if current is None or current.name is None:
            raise InputError(f"The credential {remedy.credential} to update is not known.")
        issuer = _text(values.get("issuer")) or current.issuer
        subject = _text(values.get("subject")) or current.subject
        if issuer is None or subject is None:
            raise InputError(f"The credential {current.name} has no issuer or subject to keep.")
        credential = ProposedCredential(
            current.name,
            issuer,
            subject,
            audience or (current.audiences[0] if current.audiences else _audience(target)),
            None,
            current.description,
            (why,),
            replaces=current.name,
        )
    return Proposal("other", (credential,), target)


def _audience(target: Target) -> str:
    from wifdoctor.knowledge.clouds import cloud_by_id

    return cloud_by_id(target.cloud).token_exchange_audience


def _target(diagnosis: Diagnosis, remedy: Remedy) -> Target:
    identity = diagnosis.identity
    client_id = remedy.client_id or (identity.client_id if identity else None)
    # The remedy names the credential's ARM ID; the identity is what comes before its segment.
    from_remedy = (
        remedy.arm_id.split("/federatedIdentityCredentials/")[0] if remedy.arm_id else None
    )
    resource_id = (identity.resource_id if identity else None) or from_remedy
    if remedy.identity_kind == "managed-identity" or resource_id:
        if resource_id is None:
            raise InputError("The managed identity's resource ID is not known; cannot fix it.")
        return Target("managed-identity", client_id, resource_id, diagnosis.cloud)
    if client_id is None:
        raise InputError("Which app to fix is not known: give --client-id.")
    return Target("application", client_id, None, diagnosis.cloud)


def confirm_on_terminal(yes: bool) -> Confirm:
    import sys

    from wifdoctor.provision.render import request_text
    from wifdoctor.provision.stores import Request

    if not yes and not sys.stdin.isatty():
        raise InputError("--fix asks before each request; add --yes when nobody can answer.")

    async def confirm(request: Request) -> bool:
        click.echo("wifdoctor will send:\n" + request_text(request), err=True)
        return True if yes else click.confirm("Send it?", default=False, err=True)

    return confirm


async def _apply(proposal: Proposal, lab: Any, live: Any, confirm: Confirm) -> ApplyReport:
    from wifdoctor.provision.apply import apply
    from wifdoctor.provision.session import live_environment
    from wifdoctor.provision.stores import from_environment

    if lab is not None:
        from wifdoctor.clients.lab_link import lab_environment

        env = lab_environment(lab)
        delay = 0.2
    else:
        env = live_environment(proposal.target.cloud, live.sign_in, live.tenant)
        delay = 10.0
    try:
        store = from_environment(env, proposal.target)
        return await apply(proposal, store, confirm, read_back_delay=delay)
    finally:
        await env.aclose()


def fix_then_diagnose(
    diagnosis: Diagnosis,
    lab: Any,
    live: Any,
    confirm: Confirm,
    rerun: Callable[[], Diagnosis],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Diagnosis:
    """Apply the remedy, wait out the lab's propagation delay, and diagnose again."""
    import asyncio  # only now: diagnose without --fix does not pay for it

    from wifdoctor.provision.render import report_text

    found = remedy_of(diagnosis)
    if found is None:
        click.echo("wifdoctor --fix: no finding has a remedy to apply.", err=True)
        return diagnosis
    if lab is None and live is None:
        raise InputError(
            "--fix changes the identity: give --client-id (and your sign-in) or --lab SCENARIO."
        )
    finding, remedy = found
    proposal = proposal_for(diagnosis, finding, remedy)
    report = asyncio.run(_apply(proposal, lab, live, confirm))
    click.echo(report_text(report), err=True)
    if not report.changed:
        return diagnosis
    if lab is not None:
        wait = min(float(lab.state.propagation_seconds), MAX_PROPAGATION_WAIT)
        if wait > 0:
            click.echo(f"Waiting {wait:.0f} s for the lab's propagation delay.", err=True)
            sleep(wait)
    else:
        click.echo(PROPAGATION_NOTE, err=True)
    click.echo("Diagnosing again with the fixed credentials:", err=True)
    return rerun()


def fix_options(function: Any) -> Any:
    """diagnose's --fix and --yes."""
    function = click.option(
        "--yes", "fix_yes", is_flag=True, help="With --fix: answer yes to each request."
    )(function)
    return click.option(
        "--fix",
        is_flag=True,
        help="Apply the diagnosis' remedy (after showing the request and asking), then "
        "diagnose again. Needs --lab SCENARIO or --client-id with your sign-in.",
    )(function)


def run_fix(
    diagnosis: Diagnosis, lab: Any, live: Any, yes: bool, rerun: Callable[[], Diagnosis]
) -> Diagnosis:
    """What diagnose calls when --fix was given."""
    return fix_then_diagnose(diagnosis, lab, live, confirm_on_terminal(yes), rerun)
