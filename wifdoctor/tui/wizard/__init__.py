"""The guided setup wizard: its own Screen, over the same engine as ``wifdoctor setup``."""
