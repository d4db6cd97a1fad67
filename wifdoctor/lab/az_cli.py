"""A stand-in ``az`` for the lab: what azure-identity's AzureCliCredential runs, answered from an
``az login`` to the lab tenant.

AzureCliCredential (azure-identity 1.x, ``_credentials/azure_cli.py``) runs
``az account get-access-token --output json --resource R [--tenant T] [--subscription S]`` with
``cwd=/bin`` and the caller's environment, then reads ``accessToken`` and ``expires_on`` (epoch
seconds; ``expiresOn``, a naive local time, when that is absent) from standard output. On a
non-zero exit it looks at standard error: "az login" without "AADSTS" means not logged in
(``CredentialUnavailableError``), anything else is passed on (``ClientAuthenticationError``).

``az_login`` plays ``az login``: the lab's Entra issues the operator's access tokens for the lab
cloud's Graph and ARM into ``$AZURE_CONFIG_DIR`` (real az keeps its MSAL cache there too);
``install`` writes an ``az`` script for a test to put first on ``PATH``. The stand-in answers as
real az does when nobody logged in: ``ERROR: Please run 'az login' to setup account.`` and exit 1
(Azure/azure-cli#33414, Azure/sap-automation#588); for a tenant the lab's Entra does not serve,
MSAL's discovery error carrying Entra's AADSTS90002 (Azure/azure-cli#24866). Each call's
arguments go to ``calls.jsonl`` beside the cache, so a test can check what azure-identity really
ran. Only tests and lab runs use this module.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wifdoctor.lab.server import Lab

CACHE = "wifdoctor-lab-az.json"
CALLS = "calls.jsonl"
NOT_LOGGED_IN = "ERROR: Please run 'az login' to setup account.\n"
# What az prints for a tenant Entra does not know (Azure/azure-cli#24866, #22145): MSAL's
# discovery error, with Entra's AADSTS90002 inside, under a traceback.
UNKNOWN_TENANT = (
    "The command failed with an unexpected error. Here is the traceback:\n"
    "OIDC Discovery endpoint rejects our request. Error: "
    '{{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant \'{tenant}\' not found. '
    "Check to make sure you have the correct tenant ID and are signing into the correct cloud. "
    "Check with your subscription administrator, this may happen if there are no active "
    'subscriptions for the tenant.","error_codes":[90002]}}\n'
    "Traceback (most recent call last):\n"
    '  File "msal/authority.py", line 184, in tenant_discovery\n'
    "ValueError: OIDC Discovery endpoint rejects our request.\n"
)
NO_RESOURCE = (
    "ERROR: AADSTS500011: The resource principal named {resource} was not found in the tenant "
    "named {tenant}. This can happen if the application has not been installed by the "
    "administrator of the tenant or consented to by any user in the tenant.\n"
)


def az_login(lab: Lab, config_dir: Path) -> Path:
    """``az login`` to the lab tenant: the operator's tokens for Graph and ARM, issued now."""
    from wifdoctor.knowledge.clouds import CLOUDS

    state = lab.state
    cloud = CLOUDS[state.cloud]
    now = int(state.clock())
    tokens = {}
    for resource in (cloud.graph_url, cloud.arm_url):
        if resource:
            tokens[resource.rstrip("/")] = {
                "accessToken": lab.operator_token(resource.rstrip("/")),
                "expires_on": now + 3600,
            }
    subscription = state.subscriptions[0]["subscriptionId"] if state.subscriptions else None
    account = {
        "user": f"operator@{state.tenant_domain}",
        "tenant": state.tenant_id,
        "domain": state.tenant_domain,
        "subscription": subscription,
        "tokens": tokens,
    }
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / CACHE
    path.write_text(json.dumps({"accounts": [account]}), encoding="utf-8")
    return path


def az_logout(config_dir: Path) -> None:
    (config_dir / CACHE).unlink(missing_ok=True)


def install(directory: Path) -> Path:
    """An executable ``az`` in ``directory`` that runs this module with this interpreter."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "az"
    script.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m wifdoctor.lab.az_cli "$@"\n', encoding="utf-8"
    )
    script.chmod(0o755)
    return script


def calls(config_dir: Path) -> list[list[str]]:
    """The argument lists the stand-in was run with, oldest first."""
    path = config_dir / CALLS
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _option(args: Sequence[str], name: str) -> str | None:
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _account(accounts: list[dict[str, Any]], tenant: str | None) -> dict[str, Any] | None:
    if tenant is None:
        return accounts[0]
    wanted = tenant.lower()
    return next(
        (a for a in accounts if wanted in (str(a["tenant"]).lower(), str(a["domain"]).lower())),
        None,
    )


def get_access_token(args: Sequence[str], config_dir: Path) -> tuple[int, str, str]:
    """(exit status, standard output, standard error) of ``az account get-access-token``."""
    path = config_dir / CACHE
    try:
        accounts = json.loads(path.read_text(encoding="utf-8"))["accounts"]
    except (OSError, ValueError, KeyError):
        accounts = []
    if not accounts:
        return 1, "", NOT_LOGGED_IN
    tenant = _option(args, "--tenant")
    resource = _option(args, "--resource")
    scope = _option(args, "--scope")
    if resource is None and scope is not None:
        resource = scope.removesuffix("/.default")
    account = _account(accounts, tenant)
    if account is None:
        return 1, "", UNKNOWN_TENANT.format(tenant=tenant)
    cached = account["tokens"].get((resource or "https://management.azure.com").rstrip("/"))
    if cached is None:
        return 1, "", NO_RESOURCE.format(resource=resource, tenant=account["tenant"])
    expires = int(cached["expires_on"])
    answer = {
        "accessToken": cached["accessToken"],
        "expiresOn": time.strftime("%Y-%m-%d %H:%M:%S.000000", time.localtime(expires)),
        "expires_on": expires,
        "subscription": account["subscription"],
        "tenant": account["tenant"],
        "tokenType": "Bearer",
    }
    return 0, json.dumps(answer, indent=2) + "\n", ""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    config_dir = Path(os.environ.get("AZURE_CONFIG_DIR") or Path.home() / ".azure")
    config_dir.mkdir(parents=True, exist_ok=True)
    with (config_dir / CALLS).open("a", encoding="utf-8") as log:
        log.write(json.dumps(args) + "\n")
    if args[:2] != ["account", "get-access-token"]:
        sys.stderr.write(
            f"ERROR: the lab's az answers only 'account get-access-token', not {args[:2]}.\n"
        )
        return 2
    status, out, err = get_access_token(args[2:], config_dir)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status


if __name__ == "__main__":
    sys.exit(main())
