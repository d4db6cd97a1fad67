"""The Textual app: paste, look, walk, fix. A view of the same runner, events and Diagnosis as
the CLI; no diagnostic logic lives here."""
