"""Creating federated credentials for real: the stores (Graph for apps, ARM for managed
identities), the careful apply, and the headless ``wifdoctor setup`` command."""
