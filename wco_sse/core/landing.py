from dataclasses import dataclass


@dataclass(frozen=True)
class SectionPart:
    """One part of a section's work, as its landing page lists it."""

    title: str
    text: str
    url: str = ""
