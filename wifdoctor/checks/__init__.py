"""The walk: steps over injected clients, run concurrently, reporting events as they end."""
