"""What the user has given so far: a token, error text, credentials. Pure: the TUI keeps one.

A paste goes to the right slot by what it is (core.recognize); each slot replaces the previous
value of its kind, so pasting a newer token or log simply updates the diagnosis. Credentials added
by hand are appended.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wifdoctor.core.credentials import FederatedCredential, load_credentials
from wifdoctor.core.errors import InputError, TokenError, check_size
from wifdoctor.core.evidence import ErrorEvidence
from wifdoctor.core.recognize import classify
from wifdoctor.core.token import looks_like_jwt


@dataclass(frozen=True)
class Inputs:
    token_text: str | None = None
    error_text: str | None = None
    evidence: ErrorEvidence | None = None
    credentials: tuple[FederatedCredential, ...] | None = None

    @property
    def empty(self) -> bool:
        return self.token_text is None and self.evidence is None and self.credentials is None

    def with_paste(self, text: str) -> tuple[Inputs, str]:
        """The inputs with ``text`` taken in, and one line saying what it was recognised as.

        Raises a WifdoctorError (InputError, CredentialsError) when the text cannot be used;
        the inputs are then unchanged.
        """
        check_size(text, what="paste")
        paste = classify(text)
        if paste.kind == "empty":
            raise InputError(
                "There is nothing to diagnose yet.",
                hint="Paste a token, an error message, a log or credentials JSON.",
            )
        if paste.kind == "token":
            return replace(self, token_text=paste.token_text), "Took it as the ID token."
        if paste.kind == "credentials":
            credentials = tuple(load_credentials(text))
            count = len(credentials)
            return (
                replace(self, credentials=credentials),
                f"Took it as {count} federated credential{'s' if count != 1 else ''}.",
            )
        from wifdoctor.core.error_text import parse_error_text  # loaded when first needed

        evidence = parse_error_text(text)
        if evidence.is_empty and paste.token_text is None:
            raise InputError(
                "Nothing in this text is something wifdoctor recognises: no token, no AADSTS "
                "code, no quoted issuer, subject or audience, no known SDK message.",
                hint="Paste the failing step's log or the AADSTS line.",
            )
        updated = replace(self, error_text=text, evidence=evidence)
        parts = []
        if evidence.error_codes:
            parts.append(", ".join(f"AADSTS{code}" for code in evidence.error_codes))
        if evidence.signals:
            parts.append(f"{len(evidence.signals)} known message(s)")
        if evidence.local_clock is not None:
            parts.append("a client's check of this machine's clock")
        if paste.token_text is not None and looks_like_jwt(paste.token_text):
            updated = replace(updated, token_text=paste.token_text)
            parts.append("a token inside it")
        if evidence.decoded_claims and not parts:
            return updated, "Took it as a token's decoded claims (issuer, subject, audience)."
        if evidence.decoded_claims:
            parts.append("a token's decoded claims")
        found = "; ".join(parts) or "the values Entra quoted"
        return updated, f"Took it as error text ({found})."

    def with_text(self, text: str) -> Inputs:
        """``with_paste`` without its message: the one intake of explain and diagnose."""
        return self.with_paste(text)[0]

    def with_token(self, text: str) -> Inputs:
        """Text given as the token: taken as a paste; when nothing in it is recognisable, the
        refusal says what is wrong with it as a token ("this has 2 parts")."""
        try:
            return self.with_paste(text)[0]
        except InputError as refused:
            from wifdoctor.core.token import parse_token

            try:
                parse_token(text)
            except TokenError as exc:
                raise exc from refused
            raise

    def with_credential(self, credential: FederatedCredential) -> Inputs:
        return replace(self, credentials=(*(self.credentials or ()), credential))

    def describe(self) -> str:
        """One line: what the diagnosis is based on."""
        token = "given" if self.token_text is not None else "none"
        if self.evidence is None:
            error = "none"
        elif self.evidence.error_codes:
            error = ", ".join(f"AADSTS{c}" for c in self.evidence.error_codes)
        else:
            error = "given"
        credentials = "none" if self.credentials is None else str(len(self.credentials))
        return f"Token: {token} · Error text: {error} · Credentials: {credentials}"
