"""Version stamps in the shared cache: what is cached under a stamp is served only
while the stamp stands, and a change of the data it covers renews it.

Outside a transaction a change renews its stamps at once. Inside one, the stamps are
renewed when it commits (a request that read the old rows in between cached them
under the stamp that was current; the renewal at commit puts them out of use), and,
before the commit, as soon as the same thread reads a stamp again (``read`` and
``flush``): what the transaction reads next is never served from before its own
writes. Until then nobody else needs the new stamp, since nobody else sees the new
rows. So a service that holds a row lock others wait for (the course row in a
registration rush) makes no round trip to the cache while it holds it.

The stamps are gathered per thread (a connection belongs to one thread) and renewed
together by the first commit callback; the callbacks a transaction registers after
it find nothing left to do. A transaction that rolls back takes its callbacks with
it, and the stamps it gathered are renewed at the next commit instead (and before
the thread's next read): renewing a stamp too often costs a cache miss, never a
stale page.
"""

import threading
import uuid

from django.core.cache import cache
from django.db import transaction

_pending = threading.local()


def _renew(keys):
    if keys:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def _renew_pending():
    keys = getattr(_pending, "keys", None)
    _pending.unread = set()
    if keys:
        _pending.keys = set()
        _renew(keys)


def renew(*keys):
    if not transaction.get_connection().in_atomic_block:
        _renew(keys)
        return
    for name in ("keys", "unread"):
        if getattr(_pending, name, None) is None:
            setattr(_pending, name, set())
    _pending.keys.update(keys)
    _pending.unread.update(keys)
    transaction.on_commit(_renew_pending)


def flush():
    """Renew now what this thread's open transaction changed and has not renewed
    yet: every reader of stamps calls it first."""
    keys = getattr(_pending, "unread", None)
    if keys:
        _pending.unread = set()
        _renew(keys)


def read(keys):
    """{key: stamp} for ``keys``; a stamp missing from the cache (first use, or after
    a flush) is started, and whoever starts it first wins."""
    flush()
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    return found
