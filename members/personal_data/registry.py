"""What each app declares about the personal data its models hold.

Every model of the portal's apps is declared once, in its app's ``privacy.py``
(registered from ``AppConfig.ready()``; members imports no app):

- ``declare(Declaration(...))`` for a model that holds personal data: how its rows
  are found for one person (``links``), what a person's export shows of them
  (``export``), what happens to them on erasure (each link's ``fate``: anonymize,
  delete or keep, with the reason), which of its fields are reviewed and hold no
  personal data (``not_personal``), the stored files the person uploaded (``files``),
  what stops an erasure (``blockers``) and the retention kinds it offers
  (``retention``);
- ``declare_none(model, reason=..., not_personal=(...))`` for a model without any.

``tests/privacy/test_classification.py`` walks every model and fails for one not
declared, for a relation to a person or an account that no link or ``mentions``
names, and for a text, email, file or JSON field that no declaration classifies:
nothing holding personal data is added without deciding its fate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fate(models.TextChoices):
    """What happens to a record on erasure or at the end of its retention."""

    ANONYMIZE = "anonymize", _("anonymized (the record stays under a pseudonym)")
    DELETE = "delete", _("deleted")
    KEEP = "keep", _("kept (legal reason)")


# The value a scrubbed field takes: the erased person's pseudonym (削除済み #n).
PSEUDONYM = object()
# The value a scrubbed field takes: empty ("" for text, None where nullable).
EMPTY = object()


@dataclass(frozen=True)
class Link:
    """One way a model's rows are a person's.

    ``lookup`` goes from the model to ``members.Person`` (``"person"``,
    ``"requester"``, an M2M such as ``"dissenters"``) or to the account
    (``members.User``: ``"applied_by"``); ``query(person)`` replaces it where no
    lookup says it (an audit entry whose target is the person).

    On erasure the rows found are handled by ``fate``: ANONYMIZE writes ``scrub``
    (field → ``PSEUDONYM``, ``EMPTY``, a constant, or ``callable(row, pseudonym)``
    giving the new value) and keeps the row, pointing at the erased person's
    pseudonymous registry entry; DELETE deletes the rows (for an M2M lookup: the
    person's membership of the relation only); KEEP leaves them, with ``reason``.
    """

    lookup: str = ""
    fate: Fate = Fate.ANONYMIZE
    reason: str = ""
    scrub: Mapping[str, object] = field(default_factory=dict)
    query: Callable | None = None
    # Shown on the export and the dry run: "as applicant", "as advisor".
    role: str = ""
    # Part of the person's export (False: a record about someone else in which the
    # person only appears, such as a meeting they chaired, still listed on the dry
    # run with its fate).
    exported: bool = True

    def rows(self, model, person):
        """The model's rows this link finds for the person (a queryset)."""
        if self.query is not None:
            return self.query(person)
        related = model._meta.get_field(self.lookup.split("__")[0])
        target = related.related_model
        if target is not None and target._meta.label == "members.User":
            if not person.account_id:
                return model._default_manager.none()
            return model._default_manager.filter(**{self.lookup: person.account_id})
        return model._default_manager.filter(**{self.lookup: person.pk})


@dataclass(frozen=True)
class Blocker:
    """What stops an erasure until it is done: the record, why, and what to do."""

    record: str
    reason: str
    action: str
    url: str = ""


@dataclass(frozen=True)
class Retention:
    """A retention kind a model offers: the rows due once ``cutoff`` has passed.

    ``due(cutoff)`` answers a queryset of the rows whose anchor (a consultation's
    closing, a course's last session) lies before ``cutoff`` and which are not yet
    handled; ``fate`` is applied to them as on erasure, with ``scrub`` for ANONYMIZE.
    The secretariat's ``RetentionRule`` rows (data the secretary-general edits) name
    the kind by ``code`` and set the years.
    """

    code: str
    label: str
    anchor: str
    due: Callable
    fate: Fate = Fate.ANONYMIZE
    scrub: Mapping[str, object] = field(default_factory=dict)
    default_years: int = 5
    default_reason: str = ""


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    label: str
    links: tuple[Link, ...] = ()
    # Fields (or lookups such as "course__title") a person's export shows.
    export: tuple[str, ...] = ()
    # Fields reviewed and found to hold no personal data.
    not_personal: tuple[str, ...] = ()
    # Relations to a person or account that only record who acted (recorded_by):
    # kept on erasure, pointing at the pseudonymous account or entry.
    mentions: tuple[str, ...] = ()
    # Foreign keys to core.StoredFile (or FileFields) the person uploaded: in the
    # export's files/ folder.
    files: tuple[str, ...] = ()
    blockers: Callable[..., Iterable[Blocker]] | None = None
    retention: tuple[Retention, ...] = ()
    # Called once per export with (person=, actor=, rows=) for a side effect the
    # export must have (a consultation record's read logged as a disclosure).
    on_export: Callable | None = None
    # Called inside the erasure's transaction before the links are applied, with
    # (person=, actor=): ends seats, frees an account.
    on_erase: Callable | None = None
    # Deleted rows of models that refer to each other go in this order (lower first).
    order: int = 100
    personal: bool = True
    reason: str = ""

    @property
    def key(self):
        return self.model._meta.label


_DECLARATIONS: dict[str, Declaration] = {}


def declare(declaration: Declaration):
    key = declaration.key
    if key in _DECLARATIONS and _DECLARATIONS[key] != declaration:
        raise ValueError(f"{key} is declared twice")
    _DECLARATIONS[key] = declaration
    return declaration


def declare_none(model, *, reason, not_personal=(), mentions=()):
    """A model that holds no personal data: ``not_personal`` lists its text fields,
    ``mentions`` its relations that only record who acted."""
    return declare(
        Declaration(
            model=model,
            label=str(model._meta.verbose_name_plural),
            not_personal=tuple(not_personal),
            mentions=tuple(mentions),
            personal=False,
            reason=reason,
        )
    )


def declarations() -> list[Declaration]:
    """Every declaration, in the order deletions go."""
    return sorted(_DECLARATIONS.values(), key=lambda d: (d.order, d.key))


def declaration_for(model) -> Declaration | None:
    return _DECLARATIONS.get(model._meta.label)


def retention_kinds() -> dict[str, tuple[Declaration, Retention]]:
    kinds = {}
    for declaration in declarations():
        for retention in declaration.retention:
            if retention.code in kinds:
                raise ValueError(f"retention kind {retention.code} is offered twice")
            kinds[retention.code] = (declaration, retention)
    return kinds
