from dataclasses import dataclass


@dataclass(frozen=True)
class SectionPart:
    """One part of a section's work, as its landing page lists it."""

    title: str
    text: str
    url: str = ""
    # The part exists but its pages are for those who work on it: the landing says
    # so instead of "in preparation" to a visitor who may not open it.
    restricted: bool = False
