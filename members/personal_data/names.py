"""A person's name as it is written in text (minutes, emails, a convocation's list):
the forms to look for and their replacement by the pseudonym on erasure. Used by
the apps' declarations for links that find a person by what text says of them."""

from __future__ import annotations

import json
import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast

# Shorter strings (a family name alone) would match other people's names.
SHORTEST_NAME = 3


def name_forms(person) -> list[str]:
    """The ways the person's name and contact appear in text, longest first: the
    full name with a space, a full-width space or none, in kanji and in kana, and
    the email addresses."""
    forms = set()
    for family, given in (
        (person.family_name, person.given_name),
        (person.family_name_kana, person.given_name_kana),
    ):
        family, given = family.strip(), given.strip()
        if family and given:
            forms |= {f"{family} {given}", f"{family}\u3000{given}", family + given}
        elif len(family) >= SHORTEST_NAME:
            forms.add(family)
    forms.add(person.email.strip())
    if person.account_id:
        forms.add(person.account.email.strip())
    return sorted((f for f in forms if f), key=lambda f: (-len(f), f))


def replace_names(value, forms, alias):
    if isinstance(value, str):
        for form in forms:
            value = re.sub(re.escape(form), alias, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [replace_names(v, forms, alias) for v in value]
    if isinstance(value, dict):
        return {k: replace_names(v, forms, alias) for k, v in value.items()}
    return value


def name_replaced(field):
    def scrub(row, alias, person=None):
        value = getattr(row, field)
        if person is None:
            return value
        return replace_names(value, name_forms(person), alias)

    scrub.__name__ = f"name_replaced_{field}"
    return scrub


def _escaped(form):
    """The form as a JSON text stored with ASCII escapes holds it (SQLite)."""
    return json.dumps(form)[1:-1]


def _containing(form):
    """The lookup that finds ``form`` in a text: a name in kanji or kana has no
    upper and lower case, so it is searched as written (a plain LIKE); only a form
    with letters of both cases (an email address) is searched without case. On
    PostgreSQL a case-free search upper-cases every text it reads, once per form and
    field: on the outbox, two thirds of the dry run's time."""
    return "contains" if form.upper() == form.lower() else "icontains"


def mentioning(model, fields, json_fields=()):
    """The rows of ``model`` whose ``fields`` (or JSON ``json_fields``) hold the
    person's name or contact."""

    def query(person):
        forms = name_forms(person)
        condition = Q(pk__in=[])
        annotations = {}
        for name in json_fields:
            annotations[f"_{name}_text"] = Cast(name, TextField())
        for form in forms:
            lookup = _containing(form)
            for name in fields:
                condition |= Q(**{f"{name}__{lookup}": form})
            for name in json_fields:
                condition |= Q(**{f"_{name}_text__{lookup}": form})
                escaped = _escaped(form)
                if escaped != form:
                    condition |= Q(**{f"_{name}_text__{_containing(escaped)}": escaped})
        rows = model._default_manager.all()
        if annotations:
            rows = rows.annotate(**annotations)
        return model._default_manager.filter(pk__in=rows.filter(condition).values("pk"))

    return query
