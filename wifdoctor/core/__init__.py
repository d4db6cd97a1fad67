"""The pure domain: token and error-text parsing, credentials, matching, findings, Diagnosis.

No I/O and no UI here; an import-linter contract and tests/test_layers.py hold that line.
"""
