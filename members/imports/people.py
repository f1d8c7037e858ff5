"""One row of a list of people: read, matched with the registry, validated.

A row is a person and, optionally, their place in one W.Co (所属団体, 役職): people are
matched by name (and kana; by email where two people share both), their W.Co by its
法人番号 or its name. The row is validated with the registry's ``PersonForm``.
"""

import copy

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from wco_sse.core.search import normalize
from wco_sse.core.validators import normalize_digits

from ..fields import PERSON_REGISTRY_FIELDS
from ..forms import PersonForm
from ..models import Affiliation, ImportBatch, ImportRow, Person
from ..models.places import KANAGAWA
from .columns import COLUMN_SETS, POSITION_NAMES
from .rows import (
    RowReader,
    RowResult,
    cell_text,
    default_contact,
    form_errors_to_row,
    json_value,
    shown_value,
)

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


def _form_data(values, instance):
    names = list(PersonForm.Meta.fields)
    if instance is None:
        data = dict.fromkeys(names, "")
        data.update(prefecture=KANAGAWA, language="ja", is_individual_supporter=False)
    else:
        data = model_to_dict(instance, fields=names)
        data["version"] = instance.version
    for name, value in values.items():
        if name in names:
            data[name] = value
    if instance is None and "preferred_contact" not in values:
        data["preferred_contact"] = default_contact(data)
    return {k: ("" if v is None else v) for k, v in data.items()}


def check_person_row(number, cells, lookups, seen):
    result = RowResult(
        number=number,
        cells={column.header: cell_text(cell) for column, cell in cells},
    )
    values = RowReader(lookups, result).read(cells)
    # One column for the whole name (or reading) is split at its space.
    if "full_name" in values:
        family, given = _split(values.pop("full_name"))
        values.setdefault("family_name", family)
        if given:
            values.setdefault("given_name", given)
    if "full_name_kana" in values:
        family, given = _split(values.pop("full_name_kana"))
        values.setdefault("family_name_kana", family)
        if given:
            values.setdefault("given_name_kana", given)
    organization_text = values.pop("organization", "")
    position = values.pop("position", None)
    start = values.pop("affiliation_start", None)
    organization = (
        _organization(lookups, result, organization_text) if organization_text else None
    )
    if (position or start) and not organization_text:
        result.error("所属団体", _("Name the organization the position is held in."))

    match = _match(lookups, result, values) if values.get("family_name") else None
    key = (
        normalize(f"{values.get('family_name', '')}{values.get('given_name', '')}"),
        normalize(
            f"{values.get('family_name_kana', '')}{values.get('given_name_kana', '')}"
        ),
    )
    for seen_key in [("person", key)] + ([("record", match.pk)] if match else []):
        if key[0] and seen_key in seen:
            result.outcome = ImportRow.Outcome.DUPLICATE
            result.errors = [
                {
                    "column": "",
                    "message": _(
                        "The same person as row %(row)s: this row is skipped. Write "
                        "one row per person."
                    )
                    % {"row": seen[seen_key]},
                }
            ]
            return result
    if key[0]:
        seen[("person", key)] = number
    if match:
        seen[("record", match.pk)] = number
    result.person = match

    instance = copy.deepcopy(match) if match else None
    form = PersonForm(data=_form_data(values, instance), instance=instance)
    if not form.is_valid():
        form_errors_to_row(form, result, PEOPLE)

    affiliation = None
    if organization is not None:
        position = position or Affiliation.Position.MEMBER
        affiliation = {
            "organization": organization.pk,
            "position": position,
            "start": start.isoformat() if start else "",
        }
        result.organization = organization
        exists = match is not None and (
            Affiliation.objects.current()
            .filter(person=match, organization=organization, position=position)
            .exists()
        )
        if exists:
            affiliation = None
        else:
            result.changes.append(
                {
                    "column": "所属団体",
                    "old": "",
                    "new": f"{organization.name} ({POSITION_NAMES[position]})",
                }
            )
    if result.errors:
        result.outcome = ImportRow.Outcome.ERROR
        return result

    cleaned = form.cleaned_data
    if affiliation:
        result.extra["affiliation"] = affiliation
    if match is None:
        result.outcome = ImportRow.Outcome.NEW
        result.data = {
            name: json_value(cleaned[name])
            for name in PERSON_REGISTRY_FIELDS
            if name in cleaned
        }
        return result
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
