"""What the portal holds about one person, read and changed through the apps'
declarations (``registry``): the export's tables, the erasure's plan and its
execution. Services (``members.personal_data.services``) call these inside their
transactions; nothing here checks permissions."""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass, field
from functools import cached_property, partial

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .registry import EMPTY, PSEUDONYM, Blocker, Declaration, Fate, Link, declarations


def pseudonym(person) -> str:
    """The name an erased person's records keep: 削除済み #n."""
    return _("Erased #%(number)s") % {"number": person.pk}


@dataclass
class Found:
    declaration: Declaration
    link: Link
    person: object

    @cached_property
    def rows(self) -> models.QuerySet:
        """The link's rows for the person (a queryset, built when first asked for:
        a dry run served from the cache builds none)."""
        return self.link.rows(self.declaration.model, self.person)

    @property
    def label(self):
        return str(self.declaration.label)

    @property
    def role(self):
        return str(self.link.role)


def found_for(person, *, lazy=False) -> list[Found]:
    """Every declared link's rows for the person, in declaration order (querysets,
    not yet run).

    The querysets are built here, all before any is run: a link's query may read
    ids when it is built (the audit entries about the person's affiliations), and
    the erasure deletes some of those rows before it anonymizes the rest. A reading
    that changes nothing (the dry run, the preview) asks for ``lazy`` ones, built
    only for the parts not served from the cache."""
    found = []
    for declaration in declarations():
        for link in declaration.links:
            item = Found(declaration, link, person)
            if not lazy:
                item.rows  # noqa: B018  (built now; see above)
            found.append(item)
    return found


# ---------------------------------------------------------------- reading values


def _field_label(model, path):
    parts = path.split("__")
    current = model
    label = path
    for part in parts:
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            return path
        label = str(getattr(f, "verbose_name", part))
        if f.is_relation and f.related_model is not None and part != parts[-1]:
            current = f.related_model
    return label


def value_of(row, path):
    """The readable value of ``path`` ("status", "course__title") on a row: a choice's
    label, a related record's text, "" for nothing."""
    current = row
    parts = path.split("__")
    for index, part in enumerate(parts):
        if current is None:
            return ""
        last = index == len(parts) - 1
        if last:
            try:
                f = current._meta.get_field(part)
            except FieldDoesNotExist:
                f = None
            if f is not None and f.many_to_many:
                return "、".join(str(o) for o in getattr(current, part).all())
            if f is not None and getattr(f, "choices", None):
                return str(getattr(current, f"get_{part}_display")())
            value = getattr(current, part)
            return "" if value is None else value
        current = getattr(current, part)
    return ""


def _related_paths(model, paths):
    """The select_related paths the export's lookups traverse."""
    related = set()
    for path in paths:
        parts = path.split("__")
        current = model
        chain = []
        # Every part that is a foreign key, the last one too (a column that shows
        # the related record's text): one join instead of a query per row.
        for part in parts:
            try:
                f = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not f.is_relation or f.related_model is None:
                break
            if not (f.many_to_one or (f.one_to_one and f.concrete)):
                break
            chain.append(part)
            current = f.related_model
        if chain:
            related.add("__".join(chain))
    return sorted(related)


@dataclass
class Table:
    """One kind of record in a person's export."""

    key: str
    label: str
    role: str
    columns: list[str]
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    files: list = field(default_factory=list)


def export_tables(person) -> list[Table]:
    """The person's records, one table per declaration and link that has any."""
    tables = []
    for item in found_for(person):
        declaration, link = item.declaration, item.link
        if not link.exported or not declaration.export:
            continue
        model = declaration.model
        columns = list(declaration.export)
        queryset = item.rows
        related = _related_paths(model, columns + list(declaration.files))
        if related:
            queryset = queryset.select_related(*related)
        m2m = [c for c in columns if _is_m2m(model, c)]
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        rows = list(queryset.order_by("pk"))
        if not rows:
            continue
        key = f"{model._meta.app_label}_{model._meta.model_name}" + (
            f"_{link.lookup.replace('__', '_')}" if link.lookup else ""
        )
        # Two links of one model by the same lookup (confirmed and unconfirmed
        # affiliations) or by queries: each its own table and file.
        used = sum(1 for t in tables if t.key == key or t.key.startswith(key + "__"))
        if used:
            key = f"{key}__{used + 1}"
        table = Table(
            key=key,
            label=str(declaration.label),
            role=str(link.role),
            columns=columns,
            headers=[_field_label(model, c) for c in columns],
        )
        for row in rows:
            table.rows.append([value_of(row, c) for c in columns])
            for name in declaration.files:
                stored = getattr(row, name, None)
                if isinstance(stored, FieldFile):
                    # A model's own file (core.StoredFile's ``file``): the row.
                    stored = row if stored else None
                if stored is not None:
                    table.files.append(stored)
        tables.append(table)
    return tables


def _is_m2m(model, path):
    try:
        return model._meta.get_field(path).many_to_many
    except FieldDoesNotExist:
        return False


# ---------------------------------------------------------------- the plan


@dataclass
class PlanItem:
    label: str
    role: str
    fate: str
    fate_label: str
    reason: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass
class Plan:
    items: list[PlanItem]
    blockers: list[Blocker]
    # The distinct records per fate ({fate: {(model label, pk), ...}}): a record
    # several links find (a decision naming the person as dissenter and as excluded)
    # is one record, and one deleted is not also anonymized, as the erasure does it.
    records: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(item.count for item in self.items)

    @property
    def stamp(self):
        """What the dry run's table and blockers show, in the active language, as a
        digest: a page keeps their rendering under it, so a reading that finds the
        same records reuses it however the reading itself was made."""
        shown = (
            get_language() or "",
            [
                (
                    str(item.label),
                    str(item.role),
                    str(item.fate),
                    str(item.fate_label),
                    str(item.reason),
                    item.count,
                    [str(example) for example in item.examples],
                )
                for item in self.items
            ],
            [
                (str(b.record), str(b.reason), str(b.action), str(b.url))
                for b in self.blockers
            ],
        )
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    @property
    def counts(self):
        """Records per fate, each record once: what the journal entry will count."""
        deleted = self.records.get(Fate.DELETE, set())
        counts = {}
        for fate, keys in self.records.items():
            kept = keys if fate == Fate.DELETE else keys - deleted
            if kept:
                counts[str(fate)] = len(kept)
        return dict(sorted(counts.items()))


EXAMPLES = 3


def _declaration_blockers(declaration, person):
    return list(declaration.blockers(person))


def erasure_blockers(person, *, keep=None) -> list[Blocker]:
    """What stops the person's erasure, declaration by declaration. ``keep``
    (``snapshots.kept_parts``) may serve each declaration's answer from the cache."""
    parts = [
        (f"blockers:{d.key}", partial(_declaration_blockers, d, person))
        for d in declarations()
        if d.blockers is not None
    ]
    answers = (
        keep(parts) if keep is not None else [compute() for _key, compute in parts]
    )
    return [blocker for found in answers for blocker in found]


def _link_reading(item):
    """A link's rows for the plan: their ids (one scan: a text search for the name
    reads the whole table once) and the few examples, read by id."""
    rows = item.rows
    pks = sorted(set(rows.values_list("pk", flat=True)))
    if not pks:
        return [], []
    shown = item.declaration.model._default_manager.filter(pk__in=pks[:EXAMPLES])
    shown.query.select_related = rows.query.select_related
    examples = [str(row) for row in shown.order_by("pk")]
    return pks, examples


def erasure_plan(person, *, keep=None) -> Plan:
    """Every record an erasure would touch, what happens to it and why, and what
    stops it (the dry run). ``keep`` (``snapshots.kept_parts``) may serve each
    link's reading and each declaration's blockers from the cache; the erasure
    itself calls this without it."""
    found = found_for(person, lazy=keep is not None)
    parts = []
    seen = {}
    for item in found:
        key = f"link:{item.declaration.key}"
        seen[key] = seen.get(key, 0) + 1
        parts.append((f"{key}:{seen[key]}", partial(_link_reading, item)))
    readings = keep(parts) if keep is not None else [compute() for _k, compute in parts]
    items = []
    records = {}
    for item, (pks, examples) in zip(found, readings, strict=True):
        if not pks:
            continue
        label = item.declaration.model._meta.label
        records.setdefault(Fate(item.link.fate), set()).update(
            (label, str(pk)) for pk in pks
        )
        link = item.link
        items.append(
            PlanItem(
                label=item.label,
                role=item.role,
                fate=link.fate,
                fate_label=str(Fate(link.fate).label),
                reason=str(link.reason or item.declaration.reason),
                count=len(pks),
                examples=examples,
            )
        )
    return Plan(
        items=items, blockers=erasure_blockers(person, keep=keep), records=records
    )


# ---------------------------------------------------------------- applying fates


def _wants_person(value):
    try:
        return "person" in inspect.signature(value).parameters
    except (TypeError, ValueError):
        return False


def _scrub_value(model, name, value, row, alias, person=None):
    if value is PSEUDONYM:
        return alias
    if value is EMPTY:
        f = model._meta.get_field(name)
        if f.null:
            return None
        if isinstance(f, models.JSONField):
            return f.get_default()
        return ""
    if callable(value):
        # A scrub that rewrites only the person's part of a value (their entry in
        # a list of recipients, their name in a text) takes ``person=``.
        if _wants_person(value):
            return value(row, alias, person=person)
        return value(row, alias)
    return value


def apply_fate(model, queryset, fate, scrub, alias, *, lookup="", person=None):
    """Apply one fate to the rows of ``queryset``; answer [[label, pk, fate], ...].

    For an M2M ``lookup`` DELETE takes the person out of the relation (the row
    stays); ANONYMIZE and KEEP leave the relation, which then names the pseudonym.
    """
    label = model._meta.label
    if fate == Fate.KEEP:
        return []
    # ANONYMIZE through an M2M keeps the link, which then names the pseudonym: its
    # rows are recorded as anonymized below (and scrubbed where the link says).
    if (
        lookup
        and "__" not in lookup
        and _is_m2m(model, lookup)
        and fate == Fate.DELETE
        and person is not None
    ):
        through = model._meta.get_field(lookup).remote_field.through
        source = model._meta.get_field(lookup).m2m_field_name()
        target = model._meta.get_field(lookup).m2m_reverse_field_name()
        links = through._default_manager.filter(
            **{f"{source}__in": queryset.values("pk"), target: person.pk}
        )
        pks = list(links.values_list(source, flat=True))
        links.delete()
        return [[label, str(pk), f"{fate}:{lookup}"] for pk in pks]
    rows = list(queryset.select_for_update(of=("self",)).order_by("pk"))
    if not rows:
        return []
    records = [[label, str(row.pk), str(fate)] for row in rows]
    if fate == Fate.DELETE:
        model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
        return records
    if not scrub:
        return records
    names = list(scrub)
    constant = all(
        v is PSEUDONYM or v is EMPTY or not callable(v) for v in scrub.values()
    )
    if constant:
        values = {n: _scrub_value(model, n, scrub[n], None, alias) for n in names}
        model._default_manager.filter(pk__in=[row.pk for row in rows]).update(**values)
        return records
    for row in rows:
        for name in names:
            setattr(
                row,
                name,
                _scrub_value(model, name, scrub[name], row, alias, person=person),
            )
        row.save(update_fields=names)
    return records


def erase_within(person, *, actor=None) -> list[list[str]]:
    """Anonymize or delete everything the declarations say, for one person whose
    row the caller has locked; answer the records touched. Idempotent: a second
    run finds the rows already scrubbed or gone."""
    alias = pseudonym(person)
    for declaration in declarations():
        if declaration.on_erase is not None:
            declaration.on_erase(person=person, actor=actor)
    records = []
    # Deletions first (children before what they point at, by ``order``), then the
    # anonymizations, the person's own entry last (its link is the members
    # declaration's, ordered last).
    found = found_for(person)
    for item in found:
        if item.link.fate == Fate.DELETE:
            records += apply_fate(
                item.declaration.model,
                item.rows,
                item.link.fate,
                item.link.scrub,
                alias,
                lookup=item.link.lookup,
                person=person,
            )
    for item in found:
        if item.link.fate == Fate.ANONYMIZE:
            records += apply_fate(
                item.declaration.model,
                item.rows,
                item.link.fate,
                item.link.scrub,
                alias,
                lookup=item.link.lookup,
                person=person,
            )
    return records


def now():
    return timezone.now()


def anonymous_person():
    """The shared entry records point to once anonymized by a retention rule."""
    from members.models import Person

    person = Person.objects.filter(is_placeholder=True).order_by("pk").first()
    if person is None:
        person = Person(
            family_name=_("Anonymized"),
            is_placeholder=True,
            erased_at=timezone.now(),
        )
        person.refresh_search_fields()
        person.search_text = ""
        person.save()
    return person


def to_anonymous_person(row, alias):
    """A scrub value: the shared anonymous entry (for a retention rule's links)."""
    return anonymous_person()
