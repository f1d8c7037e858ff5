"""The personal-data pages' reading of a person's records, kept while it stands.

Reading a person's records walks every declaration (about ninety links, the
outbox's and the governance records' text searched for the name): half a second at
``--scale 40``. The secretary-general reads the dry run and the export preview
again and again while settling a request; what they read is kept under a stamp of
the versions of every declared model (``wco_sse.core.versions``), so any write to
any record a declaration can find renews it, and for the day (blockers look at
today's date) and the language. Nothing here is kept that a write could leave
behind; the erasure and the export themselves never read it: they read the records
again inside their own transaction.
"""

import hashlib

from django.utils import timezone

from wco_sse.core import fragments

from .registry import declarations


def _declared():
    """The declared models' versions to depend on, and the declarations' own mark
    (another set of declarations reads the records otherwise)."""
    found = declarations()
    labels = {d.model._meta.label_lower for d in found}
    labels.update({"members.person", "members.user"})
    mark = hashlib.sha256(
        "\x1f".join(sorted(f"{d.key}:{d.label}" for d in found)).encode()
    )
    return tuple(sorted(labels)), mark.hexdigest()[:16]


def for_person(name, person, compute):
    """``compute()``, the reading named ``name`` of ``person``'s records, from the
    cache while no declared model changed since it was computed today."""
    depends_on, mark = _declared()
    stamp = fragments.stamp(
        None,
        depends_on=depends_on,
        vary=(name, person.pk, timezone.localdate().isoformat(), mark),
        per_viewer=False,
    )
    return fragments.cached_value(f"privacy_{name}", stamp, compute)
