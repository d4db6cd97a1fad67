"""wifdoctor: why a workload identity federation exchange with Entra ID fails, and the fix."""

__version__ = "0.1.0"
