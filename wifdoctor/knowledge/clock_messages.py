"""Messages in which a client tells that its own clock disagrees with Entra's.

MSAL Python (used by the Azure CLI, azure-identity for Python and wifdoctor's own sign-in) checks
the ID token Entra has just issued against the local clock, with two minutes of tolerance, and
says so when the token looks not yet valid or already expired
(AzureAD/microsoft-authentication-library-for-python, ``msal/oauth2cli/oidc.py``; the wording
"Make sure your computer's time and time zone are both correct" came with its PR #449, and since
PR #657, MSAL 1.27, the check only logs a warning instead of failing the sign-in). Entra stamped
that token: when it looks out of time, it is this machine's clock that is wrong.

The message, as printed before MSAL 1.27 (Azure/azure-cli#20434, #21616, #20388):

    0. The ID token is not yet valid. Make sure your computer's time and time zone are both
    correct. Current epoch = 1637312587.  The id_token was: { ..., "iat": 1637312767,
    "nbf": 1637312767, "exp": 1637316667, ... }

and since 1.27 (the local times as the machine shows them, no zone; ``nbf`` stays an epoch):

    0. The ID token is not yet valid. Make sure ... Current epoch = 2024-01-29 10:00:00.  The
    id_token was approximately: { ..., "iat": "2024-01-29 10:03:00", "nbf": 1706522580, ... }
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["behind", "ahead"]

# MSAL's tolerance: it complains only when the clocks are more than this far apart.
MSAL_SKEW_SECONDS = 120


@dataclass(frozen=True)
class ClockMessage:
    phrase: str  # literal, as printed (found whatever its case)
    direction: Direction  # which way this machine's clock is off when the message appears
    tool: str


CLOCK_MESSAGES: tuple[ClockMessage, ...] = (
    # Azure/azure-cli#20434 and #21616 (fixed by setting the clock right; #21616's was 5 h behind),
    # Azure/azure-cli#20388, Azure-Samples/ms-identity-python-webapp#66 (WSL's clock not synced),
    # AzureAD/microsoft-authentication-library-for-python#656 (WSL + Azure CLI, a clock skew).
    ClockMessage("The ID token is not yet valid", "behind", "MSAL"),
    # The mirror check: the token's exp is more than two minutes before this machine's clock,
    # although Entra issued it a moment ago (Azure/azure-cli#23300: "9. The ID token already
    # expires. Make sure your computer's time and time zone are both correct.").
    ClockMessage("The ID token already expires", "ahead", "MSAL"),
    # The same check as worded before MSAL's PR #449 (late 2021): Azure/azure-cli#20158 (a VM
    # whose clock would not stay set without NTP) and #20197.
    ClockMessage(
        "The current time MUST be before the time represented by the exp Claim", "ahead", "MSAL"
    ),
)

# "Current epoch = 1637312587." (MSAL < 1.27: Unix seconds) or "Current epoch = 2024-01-29
# 10:00:00." (MSAL >= 1.27: the local wall clock).
CURRENT_EPOCH = "Current epoch ="
# MSAL >= 1.27 writes "The id_token was approximately:" and only logs the message (the sign-in
# goes on); before, "The id_token was:" and the sign-in failed with it.
LOGGED_ONLY_MARKER = "The id_token was approximately"
