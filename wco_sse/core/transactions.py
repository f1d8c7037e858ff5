"""The transaction of a top-level service.

A service a view or a task calls runs in ``service_transaction()``: durable, so a
view that ran two services inside a transaction of its own would fail loudly rather
than commit half of what it meant. What one service reuses inside another's
transaction is a plain function that opens none (named ``…_within`` where a
top-level twin exists).

``composing()`` is the one knowing exception: code that builds data through the
services inside a transaction of its own (each app's demo seed, run by seed_demo
all or nothing) runs them there, not durable.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_composing = ContextVar("wco_composing_services", default=False)


def service_transaction():
    return transaction.atomic(durable=not _composing.get())


@contextmanager
def composing():
    token = _composing.set(True)
    try:
        yield
    finally:
        _composing.reset(token)
