"""All network I/O of the walk: one httpx client factory, OIDC, Entra, Graph, ARM, sign-in."""
