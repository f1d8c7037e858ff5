import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Refusals are matched on their English text in these tests."""
    translation.activate("en")
    yield
    translation.deactivate()
