"""What every governance service shares: its transaction and links in its emails."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction

_composing = ContextVar("secretariat_composing", default=False)


def service_transaction():
    """The transaction of a top-level service (one a view or a task calls). It is
    durable: a view that ran two services inside one transaction of its own would fail
    loudly rather than commit half of what it meant. What one service reuses inside
    another's transaction is a plain function that opens none."""
    return transaction.atomic(durable=not _composing.get())


@contextmanager
def composing():
    """Run top-level services inside the caller's transaction, knowingly: the demo
    seed builds its data through the services within seed_demo's transaction."""
    token = _composing.set(True)
    try:
        yield
    finally:
        _composing.reset(token)


def site_url(path):
    """The portal's address of ``path``, for links in emails."""
    return settings.WCO_SITE_URL + path
