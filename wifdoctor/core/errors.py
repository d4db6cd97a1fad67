"""The project's own error types: whatever wifdoctor rejects is one of these, not a traceback."""

from __future__ import annotations


class WifdoctorError(Exception):
    """Base of every error wifdoctor raises on purpose. ``str(err)`` is one line for the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class InputError(WifdoctorError):
    """The input cannot be used at all (too large, unreadable, not text, invalid JSON, ...)."""


class TokenError(WifdoctorError):
    """The value is not a usable ID token. ``finding_id`` names the finding it amounts to."""

    def __init__(
        self, message: str, *, finding_id: str = "token-empty-or-malformed", hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.finding_id = finding_id


class CredentialsError(InputError):
    """A credentials file that is not one of the shapes we read."""


# The largest input we read, in characters. A real ID token is a few KB; a CI log can be large,
# but a paste of more than this is almost certainly a mistake (a binary, a whole artifact).
MAX_INPUT_CHARS = 2_000_000
MAX_TOKEN_CHARS = 64_000


def check_size(text: str, *, limit: int = MAX_INPUT_CHARS, what: str = "input") -> None:
    if len(text) > limit:
        raise InputError(
            f"The {what} is {len(text):,} characters long; wifdoctor reads at most {limit:,}.",
            hint="Paste only the failing step's log, or the token itself.",
        )
