"""One widget per module; each renders part of a Diagnosis and holds no diagnostic logic."""
