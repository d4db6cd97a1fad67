"""The rules that turn evidence into findings, one module per concern.

Each rule is a pure function of the decoded token, the error evidence, the credentials and the
match table; the steps in ``wifdoctor.checks`` call them.
"""
