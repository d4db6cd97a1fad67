"""Findings from the messages of token acquisition and the consuming SDKs and tools.

The error text parser recognises these messages as Signals (``knowledge/messages.py``); here each
becomes a finding that quotes the user's own line and says what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from wifdoctor.core.evidence import Signal
from wifdoctor.core.findings import Copyable, Finding, make_finding
from wifdoctor.core.rules.advice import ADO_OIDC_COPY, GITHUB_PERMISSIONS_COPY, default_fix
from wifdoctor.knowledge.messages import MESSAGE_PATTERNS
from wifdoctor.knowledge.messages_field import DERIVED_MEANINGS

_MEANINGS = {pattern.id: pattern.meaning for pattern in MESSAGE_PATTERNS} | DERIVED_MEANINGS
_COPIES: dict[str, tuple[Copyable, ...]] = {
    "token-permission-missing": (GITHUB_PERMISSIONS_COPY,),
    "token-request-wrong-method": (ADO_OIDC_COPY,),
}


# A pod whose SDK finds no workload identity variables: the webhook did not mutate it.
_INJECTED_VARIABLES = ("AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_ID", "AZURE_TENANT_ID")


# Messages printed after any failure, whatever its cause: when Entra's own code is in the text,
# it says what failed (Azure/login#248: "Error: undefined. Please make sure to give write
# permissions to id-token" after AADSTS900382).
_AFTER_ANY_FAILURE = frozenset({"azure-login-id-token-fetch-failed"})


def signal_findings(
    signals: Iterable[Signal],
    platform_hints: tuple[str, ...] = (),
    *,
    entra_answered: bool = False,
) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}  # finding id -> index: one finding per id, more lines quoted in it
    signals = _without_generic_rejection(list(signals))
    for signal in signals:
        if entra_answered and signal.id in _AFTER_ANY_FAILURE:
            continue
        if signal.finding_id in seen and not (
            "kubernetes" in platform_hints and _not_injected(signal)
        ):
            index = seen[signal.finding_id]
            earlier = findings[index]
            findings[index] = replace(
                earlier, explanation=f'{earlier.explanation} It also says: "{signal.excerpt}".'
            )
            continue
        seen[signal.finding_id] = len(findings)
        if "kubernetes" in platform_hints and _not_injected(signal):
            findings.append(_webhook_did_not_mutate(signal))
            continue
        meaning = _MEANINGS.get(signal.id, "")
        detail = "; ".join(f"{key}: {value}" for key, value in signal.detail.items())
        explanation = f'The log says: "{signal.excerpt}". {meaning}'.strip()
        if detail:
            explanation += f" ({detail})"
        evidence = {"message": signal.excerpt, **signal.detail}
        findings.append(
            make_finding(
                signal.finding_id,
                explanation,
                default_fix(signal.finding_id),
                evidence,
                copy=_COPIES.get(signal.finding_id, ()),
            )
        )
    return findings


# Graph's code for any refused federated credential value; the message beside it says which
# value was refused, and when a pattern knows that message, the code alone adds nothing
# (hashicorp/terraform-provider-azuread#1901: a refused expression, not a duplicate).
_GENERIC_REJECTION = "graph-invalid-fic-value"
_CREDENTIAL_WRITE_FINDINGS = frozenset(
    {
        "credential-invalid-field",
        "credential-limit-reached",
        "credential-concurrent-writes",
        "flexible-expression-unsupported",
    }
)


def _without_generic_rejection(signals: list[Signal]) -> list[Signal]:
    if not any(signal.finding_id in _CREDENTIAL_WRITE_FINDINGS for signal in signals):
        return signals
    return [signal for signal in signals if signal.id != _GENERIC_REJECTION]


# In a pod, the SDK falling back to the node's managed identity means no workload identity
# variables were there (Azure/azure-workload-identity#751).
_FELL_BACK = frozenset({"managed-identity-fallback-unassigned"})
# Tools that run beside kubectl, not in the pod: their missing settings are theirs.
_NOT_IN_A_POD = frozenset({"kubelogin-client-id-empty"})  # Azure/azure-cli#28551


def _not_injected(signal: Signal) -> bool:
    variables = signal.detail.get("variables", "")
    if signal.id in _NOT_IN_A_POD:
        return False
    if signal.id in _FELL_BACK:
        return True
    return signal.finding_id == "client-settings-missing" and any(
        name in variables for name in _INJECTED_VARIABLES
    )


def _webhook_did_not_mutate(signal: Signal) -> Finding:
    """The upstream cause of a missing variable in a pod (Azure/azure-workload-identity#790)."""
    variables = signal.detail.get("variables", "")
    only_client_id = variables.strip() == "AZURE_CLIENT_ID"
    distinguish = (
        " Only AZURE_CLIENT_ID is named: if AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE are "
        "set, the webhook did run and the service account lacks the "
        "azure.workload.identity/client-id annotation (or it sits on another object)."
        if only_client_id
        else " `kubectl describe pod` tells the candidates apart: no AZURE_* variables and no "
        "azure-identity-token volume means the pod was not mutated (label missing, webhook not "
        "installed, or the pod was created before either); the variables without "
        "AZURE_CLIENT_ID means the service account annotation is missing."
    )
    return make_finding(
        "workload-identity-not-injected",
        f'The log says: "{signal.excerpt}". In a pod, the workload identity webhook sets '
        f"{variables or 'AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE'} "
        "when it mutates the pod at creation; their absence "
        "means it did not (or not fully)." + distinguish,
        default_fix("workload-identity-not-injected"),
        {"message": signal.excerpt, **signal.detail},
    )
