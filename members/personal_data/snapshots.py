"""The personal-data pages' reading of a person's records, kept while it stands.

Reading a person's records walks every declaration (about ninety links, the
outbox's and the governance records' text searched for the name): half a second at
``--scale 40``. The secretary-general reads the dry run and the export preview
again and again while settling a request; their pages are kept whole under the
versions of every declared model (``declared``, ``wco_sse.core.versions``), so any
write to any record a declaration can find renews them, and for the day (blockers
look at today's date) and the language. Nothing here is kept that a write could
leave behind; the erasure and the export themselves never read it: they read the
records again inside their own transaction.

Any write to any declared model puts the whole reading out of use, and a portal in
use writes all day (every booking writes an application, an email and an audit
entry). So the reading is kept in parts (``kept_parts``): each link's reading
and each declaration's blockers, each under the versions of the tables its own
queries read, found by watching the SQL they ran. After a booking only the parts
that read those tables are read again (at ``--scale 40``, the outbox's and the
applications' few links instead of about ninety links and their blockers).
"""

import hashlib
import re
from functools import cache

from django.apps import apps
from django.core.cache import cache as shared_cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from wco_sse.core import fragments, versions
from wco_sse.core.tracking import is_tracked

from . import registry
from .registry import declarations

_declared_memo = {}


def _declared():
    """The declared models' versions to depend on, and the declarations' own mark
    (another set of declarations reads the records otherwise); worked out once per
    set of declarations."""
    identity = tuple((key, id(d)) for key, d in registry._DECLARATIONS.items())
    found = _declared_memo.get(identity)
    if found is None:
        _declared_memo.clear()
        found = _declared_memo[identity] = _work_out_declared()
    return found


def _work_out_declared():
    found = declarations()
    labels = {d.model._meta.label_lower for d in found}
    labels.update({"members.person", "members.user"})
    mark = hashlib.sha256(
        "\x1f".join(sorted(f"{d.key}:{d.label}" for d in found)).encode()
    )
    return tuple(sorted(labels)), mark.hexdigest()[:16]


def declared():
    """(the model labels every reading of a person's records depends on, the
    declarations' mark): what a page showing such a reading is kept whole under."""
    return _declared()


# Tables whose rows never change while the portal runs (content types are made by
# migrations): reading them does not make a part depend on anything.
STATIC_TABLES = frozenset({"django_content_type"})
_QUOTED = re.compile(r'"([A-Za-z0-9_]+)"')


@cache
def _labels_by_table():
    """{database table: model label} of every tracked model (an M2M's table too);
    None for the tables of models whose writes announce nothing."""
    labels = {}
    for model in apps.get_models(include_auto_created=True):
        labels[model._meta.db_table] = (
            model._meta.label_lower if is_tracked(model) else None
        )
    return labels


def _depends_on(statements):
    """The model labels the SQL ``statements`` read, or None when one of them reads
    a table whose writes renew no version (then nothing may be kept)."""
    known = _labels_by_table()
    labels = set()
    for sql in statements:
        for name in _QUOTED.findall(sql):
            if name not in known or name in STATIC_TABLES:
                continue  # a column or an alias
            if known[name] is None:
                return None
            labels.add(known[name])
    return labels


def _computed_watching(compute):
    """``compute()``'s answer and the labels of the tables its queries read."""
    statements = []

    def watch(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        answer = compute()
    return answer, _depends_on(statements)


def kept_parts(person, parts):
    """The answers of ``parts`` ([(key, compute), ...], parts of one reading of the
    person's records), each from the cache while no table its queries read has
    changed since it was computed (today, in this language).

    Two cache round trips when every part stands. A part is kept with the versions
    read *before* it was computed: a write that commits while it runs renews a
    version after that reading, so the part is computed again next time; never kept
    stale."""
    if not parts:
        return []
    _, mark = _declared()
    prefix = hashlib.sha256(
        "\x1f".join(
            (
                str(person.pk),
                get_language() or "",
                timezone.localdate().isoformat(),
                mark,
            )
        ).encode()
    ).hexdigest()[:24]
    keys = [f"value:privacy_part:{prefix}:{key}" for key, _compute in parts]
    entries = shared_cache.get_many(keys)
    wanted = {fragments.version_key(fragments.EVERYTHING)}
    for labels, _stamps, _answer in entries.values():
        wanted.update(fragments.version_key(label) for label in labels)
    current = versions.read(sorted(wanted))
    everything = current.get(fragments.version_key(fragments.EVERYTHING))

    def standing(entry):
        labels, stamps, _answer = entry
        return stamps[0] == everything and all(
            current.get(fragments.version_key(label)) == stamp
            for label, stamp in zip(labels, stamps[1:], strict=True)
        )

    answers, missed = [], []
    for (_key, compute), cache_key in zip(parts, keys, strict=True):
        entry = entries.get(cache_key)
        hit = entry is not None and standing(entry)
        fragments.count("privacy_part", hit=hit)
        answers.append(entry[2] if hit else None)
        if not hit:
            missed.append((len(answers) - 1, cache_key, compute))
    if missed:
        # Every version a missed part may come to depend on, read before computing.
        before = versions.read(
            [fragments.version_key(fragments.EVERYTHING)]
            + [
                fragments.version_key(label)
                for label in sorted({x for x in _labels_by_table().values() if x})
            ]
        )
        kept = {}
        for index, cache_key, compute in missed:
            answer, labels = _computed_watching(compute)
            answers[index] = answer
            if labels is None:
                continue
            labels = tuple(sorted(labels))
            stamps = (
                before[fragments.version_key(fragments.EVERYTHING)],
                *(before[fragments.version_key(label)] for label in labels),
            )
            kept[cache_key] = (labels, stamps, answer)
        if kept:
            shared_cache.set_many(kept, fragments.TIMEOUT)
    return answers
