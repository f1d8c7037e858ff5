"""The postal-code lookup works from any thread, as a threaded server runs it."""

import threading

import pytest
from django.db import connections

from members.postal import lookup
from wco_sse.core.errors import ServiceError


def _in_new_threads(function, count):
    """Run ``function`` in ``count`` new threads at once; its results or errors."""
    results = [None] * count
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db
def test_lookup_answers_in_every_thread():
    """Each request of a threaded server (runserver, gunicorn gthread) runs in its own
    thread: the lookup fills the address in all of them, never a 500."""
    results = _in_new_threads(lambda: lookup("231-0023"), 8)
    for address in results:
        assert not isinstance(address, Exception), repr(address)
        assert address.text == "神奈川県横浜市中区山下町"
        assert address.municipality.code == "141046"


@pytest.mark.django_db
def test_unknown_code_is_a_message_in_every_thread():
    """An unknown code is a message for the field, from any thread."""
    results = _in_new_threads(lambda: lookup("999-9999"), 4)
    for error in results:
        assert isinstance(error, ServiceError), repr(error)
        assert error.field == "postal_code"
        assert "999-9999" in str(error.message)
