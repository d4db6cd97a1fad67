"""``wifdoctor report``: the redacted diagnostics bundle for a support ticket."""
