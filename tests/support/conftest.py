import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service refusals are matched on their English text in these tests; the pages
    themselves answer in Japanese (the browser's and the site's language)."""
    translation.activate("en")
    yield
    translation.deactivate()
