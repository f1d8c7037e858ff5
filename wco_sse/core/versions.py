"""Version stamps in the shared cache: what is cached under a stamp is served only
while the stamp stands, and a change of the data it covers renews it.

A change renews its stamps at once (for what the same transaction reads next) and,
in a transaction, again when it commits: a request that read the old rows in between
may have cached them under the stamp renewed first.

The stamps to renew at commit are gathered per thread (a connection belongs to one
thread) and renewed together by the first commit callback; the callbacks a
transaction registers after it find nothing left to do. A transaction that rolls back
takes its callbacks with it, and the stamps it gathered are renewed at the next
commit instead: renewing a stamp too often costs a cache miss, never a stale page.
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
    if keys:
        _pending.keys = set()
        _renew(keys)


def renew(*keys):
    _renew(keys)
    if transaction.get_connection().in_atomic_block:
        pending = getattr(_pending, "keys", None)
        if pending is None:
            pending = _pending.keys = set()
        pending.update(keys)
        transaction.on_commit(_renew_pending)


def read(keys):
    """{key: stamp} for ``keys``; a stamp missing from the cache (first use, or after
    a flush) is started, and whoever starts it first wins."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    return found
