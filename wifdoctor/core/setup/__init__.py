"""Guided setup: from a platform's inputs (or a real token) to the federated credential that
matches it, with a reason for every value, warnings, and snippets ready to paste. Pure: no I/O."""
