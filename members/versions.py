"""Version stamps in the shared cache: what is cached under a stamp is served only
while the stamp stands, and a change of the data it covers renews it.

A change renews its stamps at once (for what the same transaction reads next) and,
in a transaction, again when it commits: a request that read the old rows in between
may have cached them under the stamp renewed first. The transaction registers one
callback for all its stamps, however many rows it changes.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

_MARK = "_wco_version_keys"


def _renew(keys):
    if keys:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def renew(*keys):
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _renew(keys)
        return
    # The callback registered by an earlier change in this transaction, if any (a
    # rolled-back transaction or savepoint takes its callbacks with it).
    pending = next(
        (
            getattr(func, _MARK)
            for _, func, _ in connection.run_on_commit
            if hasattr(func, _MARK)
        ),
        None,
    )
    if pending is None:
        pending = set()

        def at_commit():
            _renew(pending)

        setattr(at_commit, _MARK, pending)
        transaction.on_commit(at_commit)
    pending.update(keys)
    _renew(keys)


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
