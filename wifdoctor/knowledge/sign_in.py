"""What the operator's sign-in failures mean and what to do, by the text azure-identity raises.

AzureCliCredential (azure-identity ``_credentials/azure_cli.py``) says "Azure CLI not found on
path" when there is no ``az``, and "Please run 'az login' to set up an account" when az's
standard error mentions ``az login`` without an AADSTS code (az itself prints "ERROR: Please run
'az login' to setup account.", Azure/azure-cli#33414). With an AADSTS code, az's own message is
passed on: for a tenant Entra does not know, MSAL's discovery error with AADSTS90002 under a
traceback (``az account get-access-token --tenant adfs``, Azure/azure-cli#24866; ``az login
--tenant``, Azure/azure-cli#22145).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignInAdvice:
    pattern: str  # matched case-insensitively in azure-identity's message
    advice: str  # {tenant}: the tenant asked for, or nothing
    source: str


SIGN_IN_ADVICE = (
    SignInAdvice(
        "azure cli not found on path",
        "Install the Azure CLI and run `az login{tenant}`, or sign in another way "
        "(--sign-in device-code).",
        "azure-identity _credentials/azure_cli.py (CLI_NOT_FOUND)",
    ),
    SignInAdvice(
        "run 'az login'",
        "Run `az login{tenant}` first, or sign in another way (--sign-in device-code).",
        "Azure/azure-cli#33414; azure-identity _credentials/azure_cli.py (NOT_LOGGED_IN)",
    ),
    SignInAdvice(
        "aadsts90002",
        "The Azure CLI cannot get a token for that tenant: check the tenant ID or domain, or "
        "choose one of the tenants you can use (`az account tenant list`), then `az login"
        "{tenant}`.",
        "Azure/azure-cli#24866, Azure/azure-cli#22145",
    ),
)


def sign_in_advice(message: str, tenant: str | None) -> str | None:
    """What to do about a failed sign-in whose message is ``message``, or None."""
    lowered = message.lower()
    flag = f" --tenant {tenant}" if tenant else ""
    for item in SIGN_IN_ADVICE:
        if item.pattern in lowered:
            return item.advice.format(tenant=flag)
    return None
