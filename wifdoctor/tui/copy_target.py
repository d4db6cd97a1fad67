"""What the copy key copies for a finding: the one place to change when findings gain remedies.

Today a finding's first copyable value (a corrected subject, issuer or audience). When findings
carry a ``remedy`` with a ready ``az ... federated-credential create`` command, return that
command first here; the panes, the palette entry and the key all go through this function.
"""

from __future__ import annotations

from wifdoctor.core.findings import Copyable, Finding


def copy_target(finding: Finding | None) -> Copyable | None:
    if finding is None or not finding.copy:
        return None
    return finding.copy[0]
