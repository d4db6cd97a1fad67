"""The operator's sign-in: who runs wifdoctor, to read Graph and ARM on their behalf.

By default the existing ``az login`` (azure-identity's AzureCliCredential); also device code,
the environment's service principal, or a managed identity. azure-identity is imported only
when a token is first needed, in a worker thread, so a walk that needs no Graph never pays it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

SIGN_IN_KINDS = ("cli", "device-code", "environment", "workload-identity", "managed-identity")


class SignInFailed(Exception):
    """The operator could not be signed in; the message says how to fix it."""


class OperatorCredential(Protocol):
    description: str

    async def token(self, scope: str) -> str:
        """An access token for ``scope`` (``https://graph.microsoft.com/.default``)."""
        ...


class AzureIdentityOperator:
    """An azure-identity credential, used from the event loop through a worker thread."""

    def __init__(
        self,
        kind: str,
        tenant: str | None,
        environment: Mapping[str, str],
        *,
        authority_host: str,
        prompt: Callable[[str, float], None] | None = None,  # text, seconds until it expires
        credential_options: Mapping[str, Any] | None = None,
    ) -> None:
        if kind not in SIGN_IN_KINDS:
            raise ValueError(kind)
        self.kind = kind
        self.tenant = tenant
        self.environment = dict(environment)
        self.authority_host = authority_host
        self.prompt = prompt
        self.options = dict(credential_options or {})  # e.g. the lab's transport
        self.description = {
            "cli": "your az login",
            "device-code": "a device-code sign-in",
            "environment": "the service principal in AZURE_CLIENT_ID/AZURE_TENANT_ID",
            "workload-identity": "the workload identity in AZURE_FEDERATED_TOKEN_FILE",
            "managed-identity": "this machine's managed identity",
        }[kind]
        self._credential: Any = None
        self._cache: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    def _build(self) -> Any:
        from azure import identity

        authority = f"https://{self.authority_host}"
        if self.kind == "cli":
            return identity.AzureCliCredential(tenant_id=self.tenant or "", **self.options)
        if self.kind == "device-code":

            def show(verification_uri: str, user_code: str, expires_on: Any) -> None:
                if self.prompt is not None:  # waits for the answer; raises SignInFailed on no
                    left = expires_on.timestamp() - time.time()
                    self.prompt(f"To sign in, open {verification_uri} and enter {user_code}.", left)

            return identity.DeviceCodeCredential(
                tenant_id=self.tenant, authority=authority, prompt_callback=show, **self.options
            )
        if self.kind == "environment":
            return identity.EnvironmentCredential(authority=authority, **self.options)
        if self.kind == "workload-identity":
            env = self.environment
            return identity.WorkloadIdentityCredential(
                tenant_id=self.tenant or env.get("AZURE_TENANT_ID"),
                client_id=env.get("AZURE_CLIENT_ID"),
                token_file_path=env.get("AZURE_FEDERATED_TOKEN_FILE"),
                authority=authority,
                **self.options,
            )
        return identity.ManagedIdentityCredential(
            client_id=self.environment.get("AZURE_CLIENT_ID"), **self.options
        )

    def _get(self, scope: str) -> tuple[str, float]:
        from azure.core.exceptions import ClientAuthenticationError

        if self._credential is None:
            self._credential = self._build()
        try:
            access = self._credential.get_token(scope, tenant_id=self.tenant)
        except ClientAuthenticationError as exc:
            if isinstance(exc.__cause__, SignInFailed):  # the prompt's own report, wrapped
                raise exc.__cause__ from None
            raise SignInFailed(self._failure(exc.message or str(exc))) from None
        return access.token, float(access.expires_on)

    def _failure(self, message: str) -> str:
        """One line on why: Entra's AADSTS sentence when az buried it in a traceback, then what
        to do (knowledge/sign_in.py)."""
        import re

        from wifdoctor.knowledge.sign_in import sign_in_advice

        lines = message.strip().splitlines()
        entra = re.search(r"AADSTS\d+: [^\"\\]{0,300}", message)
        reason = (entra[0] if entra else (lines[0][:300] if lines else "")).strip()
        if reason and reason[-1] not in ".!?":
            reason += "."
        advice = sign_in_advice(message, self.tenant)
        return f"Signing in with {self.description} failed: {reason}" + (
            f" {advice}" if advice else ""
        )

    async def token(self, scope: str) -> str:
        async with self._lock:
            cached = self._cache.get(scope)
            if cached and cached[1] - time.time() > 120:
                return cached[0]
            value = await asyncio.to_thread(self._get, scope)
            self._cache[scope] = value
            return value[0]


class TokenFunctionOperator:
    """An operator whose tokens come from a function: the lab's sign-in, or a test's."""

    def __init__(self, fetch: Callable[[str], Awaitable[str]], description: str) -> None:
        self.fetch = fetch
        self.description = description

    async def token(self, scope: str) -> str:
        return await self.fetch(scope)


def resource_of(scope: str) -> str:
    """``https://graph.microsoft.com/.default`` -> ``https://graph.microsoft.com``."""
    return scope.removesuffix("/.default").removesuffix("/")
