"""Facts as data plus small pure functions: platforms, the AADSTS catalogue, clouds, dated rules.

This package is the bottom layer: it imports nothing from the rest of wifdoctor and no I/O or UI
library.
"""
