"""Small helpers for sentences: the article before a name."""

from __future__ import annotations

# Names that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = ("uni", "use", "one", "eu")
_VOWEL_SOUND = ("hcp ", "aks", "ssh")


def indefinite(name: str) -> str:
    """``name`` with "a" or "an": "an Azure DevOps", "a GitHub Actions", "an HCP Terraform"."""
    lowered = name.lower()
    if lowered.startswith(_VOWEL_SOUND) or (
        lowered[:1] in "aeiou" and not lowered.startswith(_CONSONANT_SOUND)
    ):
        return f"an {name}"
    return f"a {name}"


def sentence_start(text: str) -> str:
    """``text`` with its first letter in capitals, the rest as it is."""
    return text[:1].upper() + text[1:]
