"""Rendered HTML fragments cached for one viewer and invalidated by data versions.

A fragment (a panel of the W.Co page or of "my page", the rows of a list) is cached
under a stamp made of:

- the viewer: the user, the language, the day, and the versions registered with
  ``register_viewer_version`` (the registry's roles version), so one person's
  fragment is never shown to another and a change of role shows at once. Not
  their session: a kept form holds a placeholder for its token, and each response
  gets a token of its own session's secret (``core.csrf``), so a fragment rendered
  before the viewer signed in again still serves;
- what the caller varies on (the object, the query string);
- the versions of what the fragment is made of: a model (``"support.application"``),
  a whole app (``"support"``), or what a model names with ``fragment_versions()``
  (one course: ``"support.course:42"``). Every write to a model of the portal's
  apps, bulk writes included (``core.tracking``), sets a new version for the model
  and for its app when the transaction commits, and before that as soon as the same
  transaction reads a stamp (``core.versions``). The app version skips the few
  record-keeping models that change with every action and show in no fragment
  through their app (``fragment_app_version = False`` on the model); a fragment that
  shows one of them names it.

Bulk loads (seed_demo, restore) send ``data_reloaded`` and renew everything. Entries
also expire after ``TIMEOUT`` seconds, which bounds how long a fragment that depends
on the clock (a deadline passing) can show the state before.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import versions
from .signals import data_reloaded, rows_changed

TIMEOUT = 300
_PREFIX = "version:"


def version_key(name):
    """The cache key of the version ``name``."""
    return f"{_PREFIX}{name}"


_key = version_key


EVERYTHING = "*"  # in every stamp: renewed after bulk loads (seed_demo, restore)


# Versions every stamp includes, whoever the viewer (the registry's roles version).
_viewer_versions = []


def register_viewer_version(name):
    """Every fragment's stamp includes the version ``name`` (``bump(name)`` renews
    it): for what decides what each viewer may see."""
    if name not in _viewer_versions:
        _viewer_versions.append(name)


def bump(*names):
    """New versions for ``names`` (model labels, app labels, finer names)."""
    versions.renew(*(_key(name) for name in names))


def bump_everything():
    """Every cached fragment is stale (after writes that sent no signals)."""
    bump(EVERYTHING)


def _always(per_viewer=True):
    return [EVERYTHING, *_viewer_versions] if per_viewer else [EVERYTHING]


def _stamp(viewer, vary, depends_on, stamps, *, per_viewer=True):
    parts = [
        *viewer,
        *(str(value) for value in vary),
        *(stamps.get(_key(name), "") for name in _always(per_viewer)),
        *(stamps.get(_key(name), "") for name in depends_on),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _viewer(request, *, per_viewer=True):
    if not per_viewer:
        return (get_language() or "",)
    return (
        str(request.user.pk),
        get_language() or "",
        timezone.localdate().isoformat(),
    )


def stamp(request, *, depends_on, vary=(), per_viewer=True):
    """The cache key part for a fragment shown to ``request``'s user.

    ``per_viewer=False`` is for what is the same for everyone who reads it in one
    language (no personal data, no form token): one entry serves them all."""
    found = versions.read([_key(name) for name in (*_always(per_viewer), *depends_on)])
    viewer = _viewer(request, per_viewer=per_viewer)
    return _stamp(viewer, vary, depends_on, found, per_viewer=per_viewer)


def cached(name, stamp, render):
    """The HTML of fragment ``name`` under ``stamp`` (see ``stamp()``): from the cache,
    else ``render()``ed and stored. The ``{% fragment %}`` template tag's body."""
    key = f"fragment:{name}:{stamp}"
    html = cache.get(key)
    _count(name, hit=html is not None)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)


def page_found(name, stamp):
    """A whole page kept under ``stamp`` (``core.views.CachedPageMixin``): its
    (content, content type), or None; counted like a fragment."""
    entry = cache.get(f"page:{name}:{stamp}")
    _count(name, hit=entry is not None)
    return entry


def page_keep(name, stamp, content, content_type):
    cache.set(f"page:{name}:{stamp}", (content, content_type), TIMEOUT)


def cached_value(name, stamp, compute):
    """A computed value (picklable) under ``stamp``, counted like a fragment: for a
    page whose costly part is data rather than HTML (the personal-data pages' plan
    of a person's records)."""
    key = f"value:{name}:{stamp}"
    entry = cache.get(key)
    _count(name, hit=entry is not None)
    if entry is None:
        entry = (compute(),)
        cache.set(key, entry, TIMEOUT)
    return entry[0]


# --- Hit rates -------------------------------------------------------------------------------
# Counted in each process while WCO_FRAGMENT_STATS is on (the benchmark's realistic load):
# what the cache buys is a matter of measurement, not belief.
_stats = Counter()


def count(name, *, hit):
    """Count a hit or a miss of ``name`` (for a cache kept outside this module)."""
    if settings.WCO_FRAGMENT_STATS:
        _stats[(name, "hit" if hit else "miss")] += 1


_count = count


def hit_counts():
    """{name: {"hit": n, "miss": n}} counted in this process so far."""
    counts = {}
    for (name, outcome), number in _stats.items():
        counts.setdefault(name, {"hit": 0, "miss": 0})[outcome] += number
    return counts


@dataclass(frozen=True)
class Fragment:
    name: str
    depends_on: tuple
    vary: tuple
    render: Callable  # () -> HTML, or None for "nothing to show"
    obj: object = None  # what the fragment shows, for ``prepare``


def cached_many(request, fragments, *, prepare=None, per_viewer=True):
    """Each fragment's HTML (or None) for this viewer: from the cache where its
    stamp still holds, else rendered and stored. Two cache round trips in all;
    ``prepare(missed)`` runs once before the missed fragments are rendered (to load
    what they need in one query rather than one each). ``per_viewer=False`` for
    fragments the same for everyone shown them in one language (see ``stamp``)."""
    names = {name for fragment in fragments for name in fragment.depends_on}
    found_versions = versions.read(
        [_key(name) for name in (*_always(per_viewer), *sorted(names))]
    )
    viewer = _viewer(request, per_viewer=per_viewer)
    keys = [
        f"fragment:{f.name}:"
        + _stamp(viewer, f.vary, f.depends_on, found_versions, per_viewer=per_viewer)
        for f in fragments
    ]
    found = cache.get_many(keys)
    for fragment, key in zip(fragments, keys, strict=True):
        _count(fragment.name, hit=key in found)
    if prepare is not None:
        missed = [f for f, key in zip(fragments, keys, strict=True) if key not in found]
        if missed:
            prepare(missed)
    rendered, result = {}, []
    for fragment, key in zip(fragments, keys, strict=True):
        entry = found.get(key)
        if entry is None:
            entry = rendered[key] = (fragment.render(),)
        result.append(None if entry[0] is None else mark_safe(entry[0]))
    if rendered:
        cache.set_many(rendered, TIMEOUT)
    return result


def _on_rows_changed(sender, instances=None, **kwargs):
    meta = sender._meta
    names = [meta.label_lower]
    if getattr(sender, "fragment_app_version", True):
        names.append(meta.app_label)
    # A model may name finer versions too (a course's card: "support.course:<pk>").
    if instances and hasattr(sender, "fragment_versions"):
        for instance in instances:
            names.extend(instance.fragment_versions())
    bump(*names)


def _on_data_reloaded(sender, **kwargs):
    bump_everything()


rows_changed.connect(_on_rows_changed, dispatch_uid="fragments-rows")
data_reloaded.connect(_on_data_reloaded, dispatch_uid="fragments-reloaded")
