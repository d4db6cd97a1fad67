"""``wifdoctor capture``: inside a CI job or pod, get the workload's ID token and diagnose it."""
