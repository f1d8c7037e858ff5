"""One row of a list of people: read, matched with the registry, validated.

A row is a person and, optionally, their place in one W.Co (所属団体, 役職): people are
matched by name (and kana; by email where two people share both), their W.Co by its
法人番号 or its name. The row is validated with the registry's ``PersonForm``.
"""

import copy

from django.utils.translation import gettext as _

from wco_sse.core.search import normalize
from wco_sse.core.validators import normalize_digits

from ..fields import PERSON_REGISTRY_FIELDS
from ..forms import PersonForm
from ..models import Affiliation, ImportBatch, ImportRow, Person
from ..models.places import KANAGAWA
from .cells import json_value, shown_value
from .columns import COLUMN_SETS
from .rows import form_data, form_errors_to_row, read_row, seen_before
from .vocabulary import POSITION_NAMES

PEOPLE = COLUMN_SETS[ImportBatch.Kind.PEOPLE]


def _split(text):
    """山田 花子 -> (山田, 花子); a name without a space is all family name."""
    parts = str(text or "").replace("\u3000", " ").split(None, 1)
    return [*parts, "", ""][:2]


def _organization(lookups, result, text):
    """The registry organization a cell names, by 法人番号 or by name."""
    digits = normalize_digits(text).replace("-", "")
    if digits.isdigit() and len(digits) == 13 and digits in lookups.by_number:
        return lookups.by_number[digits]
    found = lookups.by_plain_name.get(normalize(text), [])
    if len(found) == 1:
        return found[0]
    if found:
        result.error(
            "所属団体",
            _("Several organizations are called %(name)s: write its 法人番号 instead.")
            % {"name": text},
        )
    else:
        result.error(
            "所属団体",
            _(
                "%(name)s is not in the registry. Import or register the organization "
                "first."
            )
            % {"name": text},
        )
    return None


def _match(lookups, result, values):
    """The registry person this row is, or None for a new one."""
    key = normalize(f"{values.get('family_name', '')}{values.get('given_name', '')}")
    candidates = lookups.people.get(key, [])
    kana = normalize(
        f"{values.get('family_name_kana', '')}{values.get('given_name_kana', '')}"
    )
    if kana:
        candidates = [
            p
            for p in candidates
            if not (p.family_name_kana or p.given_name_kana)
            or normalize(f"{p.family_name_kana}{p.given_name_kana}") == kana
        ]
    if len(candidates) > 1 and values.get("email"):
        same_email = [p for p in candidates if p.email == values["email"]]
        candidates = same_email or candidates
    if len(candidates) > 1:
        result.error(
            "姓",
            _(
                "%(count)s people in the registry have this name: fill in メール to "
                "say which one this row is, or update them on their pages."
            )
            % {"count": len(candidates)},
        )
        return None
    if candidates:
        return Person.objects.get(pk=candidates[0].pk)
    return None


def _split_names(values):
    """One column for the whole name (or reading) is split at its space."""
    for whole, family_field, given_field in (
        ("full_name", "family_name", "given_name"),
        ("full_name_kana", "family_name_kana", "given_name_kana"),
    ):
        if whole in values:
            family, given = _split(values.pop(whole))
            values.setdefault(family_field, family)
            if given:
                values.setdefault(given_field, given)


def _keys(values, match):
    """The row's name and reading, and the registry record it matched."""
    key = (
        normalize(f"{values.get('family_name', '')}{values.get('given_name', '')}"),
        normalize(
            f"{values.get('family_name_kana', '')}{values.get('given_name_kana', '')}"
        ),
    )
    keys = [("person", key)] if key[0] else []
    if match:
        keys.append(("record", match.pk))
    return keys


def _affiliation(result, match, organization, position, start):
    """The place in a W.Co the row adds (None when there is none to add), shown
    among the row's changes."""
    if organization is None:
        return None
    position = position or Affiliation.Position.MEMBER
    result.organization = organization
    held = match is not None and (
        Affiliation.objects.current()
        .filter(person=match, organization=organization, position=position)
        .exists()
    )
    if held:
        return None
    result.changes.append(
        {
            "column": "所属団体",
            "old": "",
            "new": f"{organization.name} ({POSITION_NAMES[position]})",
        }
    )
    return {
        "organization": organization.pk,
        "position": position,
        "start": start.isoformat() if start else "",
    }


def _new(result, cleaned):
    result.outcome = ImportRow.Outcome.NEW
    result.data = {
        name: json_value(cleaned[name])
        for name in PERSON_REGISTRY_FIELDS
        if name in cleaned
    }
    return result


def _update(result, match, cleaned, affiliation):
    """What changes on the registered person; their new place in a W.Co stays last."""
    for name in PERSON_REGISTRY_FIELDS:
        if name not in cleaned:
            continue
        old, new = getattr(match, name), cleaned[name]
        if old != new:
            result.data[name] = json_value(new)
            result.changes.insert(
                len(result.changes) - (1 if affiliation else 0),
                {
                    "column": PEOPLE.header_of(name) or name,
                    "old": shown_value(name, old),
                    "new": shown_value(name, new),
                },
            )
    result.outcome = (
        ImportRow.Outcome.UPDATE if result.changes else ImportRow.Outcome.UNCHANGED
    )
    return result


def check_person_row(number, cells, lookups, seen):
    """What importing one row of people would do: a new person, an update of a
    registered one (and what changes), their place in a W.Co, nothing, a duplicate
    of a row above, or errors."""
    result, values = read_row(number, cells, lookups)
    _split_names(values)
    organization_text = values.pop("organization", "")
    position = values.pop("position", None)
    start = values.pop("affiliation_start", None)
    organization = (
        _organization(lookups, result, organization_text) if organization_text else None
    )
    if (position or start) and not organization_text:
        result.error("所属団体", _("Name the organization the position is held in."))
    match = _match(lookups, result, values) if values.get("family_name") else None
    message = _(
        "The same person as row %(row)s: this row is skipped. Write one row per person."
    )
    if seen_before(result, _keys(values, match), seen, message):
        return result
    result.person = match
    instance = copy.deepcopy(match) if match else None
    data = form_data(
        values,
        instance,
        names=PersonForm.Meta.fields,
        defaults={
            "prefecture": KANAGAWA,
            "language": "ja",
            "is_individual_supporter": False,
        },
    )
    form = PersonForm(data=data, instance=instance)
    if not form.is_valid():
        form_errors_to_row(form, result, PEOPLE)
    affiliation = _affiliation(result, match, organization, position, start)
    if result.errors:
        result.outcome = ImportRow.Outcome.ERROR
        return result
    if affiliation:
        result.extra["affiliation"] = affiliation
    if match is None:
        return _new(result, form.cleaned_data)
    return _update(result, match, form.cleaned_data, affiliation)
