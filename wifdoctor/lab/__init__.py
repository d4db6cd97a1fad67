"""The lab: a local Entra ID, the platforms' OIDC issuers, Graph and ARM, under their real names.

One host-routed ASGI app (``app.build_app``) serves every service; a ``server.Lab`` holds it with
its state. Reach it in process with ``Lab.transport()`` (an ``httpx.ASGITransport``), or on
127.0.0.1 with TLS and a CONNECT proxy (``serve.LabServer``, ``wifdoctor lab serve``). Scenarios
(``scenarios/*.json``, ``scenario.build_lab``) build a tenant and say what a correct diagnosis
concludes.

The lab's Entra is an independent oracle: nothing here imports ``wifdoctor.core`` or
``wifdoctor.checks`` (an import-linter contract in pyproject.toml); it shares only facts from
``wifdoctor.knowledge``. This package's ``__init__`` imports nothing, so ``wifdoctor lab --help``
and the other commands do not load the server stack.
"""
