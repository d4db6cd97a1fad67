"""``wifdoctor setup``: the guided setup wizard in a terminal, or headless with flags.

Headless prints the credential with the reason for each value, the warnings and the snippets
(``--emit``); ``--apply`` creates it after showing the exact request and asking (``--yes`` to
answer yes). Exit status: 0 fine, 1 a blocking warning (duplicate, 20 limit) or a refused apply,
2 unusable input, 3 the apply could not complete (network, permissions).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from wifdoctor.core.errors import InputError, WifdoctorError
from wifdoctor.core.setup.model import Proposal, SetupInputError, Target

if TYPE_CHECKING:
    from wifdoctor.provision.apply import ApplyReport
    from wifdoctor.provision.session import LabLink

SIGN_IN_KINDS = ("cli", "device-code", "environment", "workload-identity", "managed-identity")
EMIT_KINDS = ("az", "graph", "terraform", "bicep", "workflow")
_CLOUDS = ("public", "usgov", "china")


def _fail(message: str, fmt: str, hint: str | None = None) -> NoReturn:
    if fmt == "json":
        error = {"message": message, "hint": hint}
        click.echo(
            json.dumps(
                {"schema_version": 1, "command": "setup", "error": error, "exit_code": 2}, indent=2
            )
        )
    click.echo(f"wifdoctor setup: {message}" + (f" {hint}" if hint else ""), err=True)
    sys.exit(2)


def _values(options: dict[str, Any]) -> dict[str, str]:
    """The engine's input names from the flags that were given."""
    values: dict[str, str] = {}
    rename = {
        "repo": "repo",
        "owner_id": "owner_id",
        "repo_id": "repo_id",
        "claim_keys": "claim_keys",
        "enterprise": "enterprise",
        "organization": "organization",
        "organization_id": "organization_id",
        "project": "project",
        "service_connection": "service_connection",
        "service_connection_id": "service_connection_id",
        "ado_tenant": "tenant_id",
        "generation": "generation",
        "issuer": "issuer",
        "namespace": "namespace",
        "service_account": "service_account",
        "project_path": "project_path",
        "ref": "ref",
        "ref_type": "ref_type",
        "workspace": "workspace",
        "run_phase": "run_phase",
        "subject": "subject",
        "name": "name",
    }
    for option, key in rename.items():
        value = options.get(option)
        if value is not None:
            values[key] = value
    entities = [
        (entity, value)
        for entity, value in (
            ("branch", options.get("branch")),
            ("tag", options.get("tag")),
            ("pull_request", "" if options.get("pull_request") else None),
            ("environment", options.get("environment")),
        )
        if value is not None
    ]
    if len(entities) > 1:
        raise SetupInputError(
            [("entity", "give one of --branch, --tag, --pull-request, --environment")]
        )
    if entities:
        values["entity"], values["value"] = entities[0]
        if entities[0][0] in ("branch", "tag"):  # GitLab names them ref_type and ref
            values.setdefault("ref_type", entities[0][0])
            values.setdefault("ref", entities[0][1])
    for pair in options.get("claim") or ():
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise SetupInputError([("claim", f"{pair!r}: write KEY=VALUE")])
        values[key] = value
    return values


def _target(client_id: str | None, identity: str | None, cloud: str) -> Target:
    from wifdoctor.core.setup import validate

    if identity is not None:
        problem = validate.identity_id(identity)
        if problem:
            raise SetupInputError([("identity", problem)])
        return Target("managed-identity", client_id, identity, cloud)
    if client_id is not None and validate.guid(client_id):
        raise SetupInputError([("client-id", "the app's client ID (appId), a GUID")])
    return Target("application" if client_id else None, client_id, None, cloud)


@click.command("setup")
@click.option(
    "--platform",
    help="github, azure-devops (ado), kubernetes (k8s), gitlab, terraform (tfc) or other.",
)
@click.option(
    "--from-token",
    "token_input",
    metavar="INPUT",
    help="Derive everything from a real token (value, - or @FILE).",
)
@click.option("--repo", help="GitHub: OWNER/REPO.")
@click.option("--branch", help="GitHub/GitLab: the branch the job runs for.")
@click.option("--tag", help="GitHub/GitLab: the tag the job runs for.")
@click.option("--pull-request", is_flag=True, help="GitHub: jobs run for pull_request events.")
@click.option("--environment", help="GitHub: the environment the job references.")
@click.option("--owner-id", help="GitHub immutable subject: the owner's numeric ID.")
@click.option("--repo-id", help="GitHub immutable subject: the repository's numeric ID.")
@click.option("--claim-keys", help="GitHub: the repository's include_claim_keys (JSON or a,b).")
@click.option(
    "--claim",
    multiple=True,
    metavar="KEY=VALUE",
    help="GitHub: the value of a claim the custom template includes.",
)
@click.option("--enterprise", help="GitHub: the enterprise slug of a customised issuer.")
@click.option("--organization", help="Azure DevOps / HCP Terraform organisation name.")
@click.option("--organization-id", help="Azure DevOps organisation ID.")
@click.option("--project", help="Azure DevOps / HCP Terraform project name.")
@click.option("--service-connection", help="Azure DevOps service connection name (vstoken).")
@click.option("--service-connection-id", help="Azure DevOps service connection ID (Entra).")
@click.option("--ado-tenant", help="Azure DevOps, Entra issuer: the tenant ID.")
@click.option(
    "--generation",
    type=click.Choice(["entra", "vstoken"]),
    help="Azure DevOps issuer generation (default entra).",
)
@click.option("--issuer", help="Kubernetes/GitLab/Terraform/other: the issuer URL, exactly.")
@click.option("--namespace", help="Kubernetes namespace.")
@click.option("--service-account", help="Kubernetes service account.")
@click.option("--project-path", help="GitLab project path (group/subgroup/project).")
@click.option("--ref", help="GitLab ref (short name).")
@click.option("--ref-type", type=click.Choice(["branch", "tag"]), help="GitLab ref type.")
@click.option("--workspace", help="HCP Terraform workspace.")
@click.option(
    "--run-phase",
    type=click.Choice(["plan", "apply", "both"]),
    help="HCP Terraform run phase (default both: one credential each).",
)
@click.option("--subject", help="Other issuer: the subject, exactly.")
@click.option("--name", help="The credential's name (default: a safe generated one).")
@click.option("--flexible", is_flag=True, help="A claims matching expression ('*' wildcards).")
@click.option("--client-id", help="The app registration's client ID.")
@click.option("--identity", metavar="RESOURCE_ID", help="A user-assigned managed identity.")
@click.option("--cloud", type=click.Choice(_CLOUDS), default="public", show_default=True)
@click.option(
    "--credentials",
    "credentials_path",
    metavar="FILE",
    help="The identity's existing credentials (az/Graph/ARM JSON), to check against.",
)
@click.option(
    "--emit",
    multiple=True,
    type=click.Choice(EMIT_KINDS),
    help="Snippets to print (repeatable; default all).",
)
@click.option("--apply", "do_apply", is_flag=True, help="Create the credential (asks first).")
@click.option("--yes", is_flag=True, help="With --apply: answer yes to each request.")
@click.option(
    "--sign-in",
    type=click.Choice(SIGN_IN_KINDS),
    default="cli",
    show_default=True,
    help="With --apply: how you sign in to Graph/ARM (cli reuses az login).",
)
@click.option("--tenant", help="With --apply: the tenant to sign in to.")
@click.option(
    "--lab",
    "lab_scenario",
    metavar="SCENARIO",
    help="Apply against the in-process lab instead of the real services.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def setup(**options: Any) -> None:
    """The federated credential a workload needs, with why, warnings and snippets."""
    fmt = options["fmt"]
    if options["platform"] is None and options["token_input"] is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from wifdoctor.tui.wizard.launch import run_setup_wizard

            run_setup_wizard(options["lab_scenario"], options["sign_in"], options["tenant"])
            return
        _fail("Give --platform with its inputs, or --from-token INPUT.", fmt)
    try:
        _run(options)
    except SetupInputError as exc:
        problems = "; ".join(f"--{name.replace('_', '-')}: {text}" for name, text in exc.problems)
        _fail(problems, fmt)
    except WifdoctorError as exc:
        _fail(exc.message, fmt, exc.hint)


def _run(options: dict[str, Any]) -> None:
    from wifdoctor.core.setup.engine import platform_id, propose, propose_from_token
    from wifdoctor.core.setup.review import blocking
    from wifdoctor.core.setup.snippets import SNIPPET_KINDS, render
    from wifdoctor.provision.render import proposal_json, proposal_text

    fmt = options["fmt"]
    link = None
    if options["lab_scenario"]:
        from wifdoctor.provision.session import LabLink

        link = LabLink.open(options["lab_scenario"])
    target = _target(options["client_id"], options["identity"], options["cloud"])
    if link is not None and target.kind is None:
        target = link.default_target()
    existing = _existing(options["credentials_path"])
    if options["token_input"] is not None:
        claims = _claims(options["token_input"])
        proposal = propose_from_token(claims, target, existing=existing)
    else:
        platform = platform_id(options["platform"])
        proposal = propose(
            platform, _values(options), target, flexible=options["flexible"], existing=existing
        )
    snippets = render(proposal, options["emit"] or SNIPPET_KINDS)
    report = None
    if options["do_apply"]:
        report = _apply(proposal, link, options)
    if fmt == "json":
        click.echo(json.dumps(proposal_json(proposal, snippets, report), indent=2))
    else:
        click.echo(proposal_text(proposal, snippets))
        if report is not None:
            from wifdoctor.provision.render import report_text

            click.echo(report_text(report))
            if report.changed:
                click.echo(_verify_hint(options, proposal))
    if report is not None:
        failed = any(step.outcome == "failed" for step in report.steps)
        if report.incomplete or failed:
            sys.exit(3)  # the identity could not be read or written: a check did not complete
        if report.refused:
            sys.exit(1)  # Entra would refuse it (a duplicate, the 20 limit)
    elif blocking(proposal):
        sys.exit(1)


def _existing(path: str | None) -> tuple[Any, ...]:
    if path is None:
        return ()
    from wifdoctor.core.credentials import load_credentials
    from wifdoctor.inputs import read_input

    value = path if path == "-" or path.startswith("@") else f"@{path}"
    return tuple(load_credentials(read_input(value, what="credentials", stdin=sys.stdin)))


def _claims(value: str) -> dict[str, Any]:
    from wifdoctor.core.token import parse_token
    from wifdoctor.inputs import read_input

    return parse_token(read_input(value, what="token", stdin=sys.stdin)).claims


def _apply(proposal: Proposal, link: LabLink | None, options: dict[str, Any]) -> ApplyReport:
    import asyncio

    from wifdoctor.provision.render import request_text
    from wifdoctor.provision.stores import Request

    yes = bool(options["yes"])
    if proposal.target.kind is None:
        raise InputError("--apply needs --client-id or --identity: which identity to change.")
    if not yes and not sys.stdin.isatty():
        raise InputError("--apply asks before each request; add --yes when nobody can answer.")

    async def confirm(request: Request) -> bool:
        click.echo("wifdoctor will send:\n" + request_text(request), err=True)
        return True if yes else click.confirm("Send it?", default=False, err=True)

    if link is None:
        from wifdoctor.provision.session import apply_live

        live = apply_live(proposal, confirm, sign_in=options["sign_in"], tenant=options["tenant"])
        return asyncio.run(live)
    from wifdoctor.provision.session import apply_in_lab

    return asyncio.run(apply_in_lab(link, proposal, confirm))


def _verify_hint(options: dict[str, Any], proposal: Proposal) -> str:
    """How to check, once Entra uses the new credential, that the workload's token is taken."""
    token = options["token_input"] or "INPUT"
    if options["lab_scenario"]:
        return f"Verify: wifdoctor diagnose --lab {options['lab_scenario']} --exchange"
    client = proposal.target.client_id or "CLIENT_ID"
    return (
        f"Verify in a minute or two: wifdoctor diagnose --token {token} --client-id {client} "
        "--tenant TENANT --exchange"
    )
