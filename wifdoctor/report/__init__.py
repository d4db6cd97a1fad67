"""Renderers of a Diagnosis: text (rich), JSON, Markdown. All pure functions of the Diagnosis."""
