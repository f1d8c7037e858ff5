"""One row of a member list: read, matched with the registry, validated."""

import copy
import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from wco_sse.core.japan import parse_japanese_date
from wco_sse.core.search import normalize
from wco_sse.core.validators import clean_corporate_number, normalize_digits

from ..fields import ORGANIZATION_REGISTRY_FIELDS
from ..forms import OrganizationForm
from ..models import (
    ContactMethod,
    ImportBatch,
    ImportRow,
    Industry,
    LegalForm,
    Municipality,
    Organization,
    Person,
)
from ..models.places import KANAGAWA, PREFECTURES
from .columns import (
    CHOICE_DEFAULTS,
    COLUMN_SETS,
    DATE_FIELDS,
    LEGAL_FORM_NAMES,
    NO,
    VOCABULARIES,
    YES,
    YES_NO_NAMES,
    value_key,
)
from .reading import cell_is_blank

# --- One row -----------------------------------------------------------------------------------


def cell_text(cell):
    """A cell as text; an export's formula guard (a leading apostrophe) is taken off."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return text


def _excel_serial_date(number):
    # Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that never was.
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(number))


class Lookups:
    """What rows are matched and resolved against, read once per file."""

    def __init__(self):
        self.vocabularies = {name: v.lookup() for name, v in VOCABULARIES.items()}
        self.industries = {value_key(i.name): i for i in Industry.objects.all()}
        self.municipalities = {}
        names = {}
        for municipality in Municipality.objects.select_related("parent"):
            for key in (
                municipality.label,
                KANAGAWA + municipality.label,
                municipality.code,
                municipality.code[:5],
            ):
                self.municipalities[value_key(key)] = municipality
            names.setdefault(value_key(municipality.name), []).append(municipality)
        self.ambiguous = {}
        for key, found in names.items():
            if len(found) == 1:
                self.municipalities.setdefault(key, found[0])
            elif key not in self.municipalities:
                self.ambiguous[key] = found
        # Longest first, to read a municipality at the start of an address.
        self.labels = sorted(
            {m.label: m for m in self.municipalities.values()}.items(),
            key=lambda item: -len(item[0]),
        )
        self.by_number = {}
        self.by_name = {}
        self.by_plain_name = {}
        for organization in Organization.objects.select_related(
            "industry", "municipality__parent"
        ):
            if organization.corporate_number:
                self.by_number[organization.corporate_number] = organization
            self.by_name.setdefault(_name_key(organization), organization)
            self.by_plain_name.setdefault(normalize(organization.name), []).append(
                organization
            )

    @cached_property
    def people(self):
        """Normalized full name -> the people with it."""
        index = {}
        for person in Person.objects.only(
            "pk", "family_name", "given_name", "family_name_kana", "given_name_kana",
            "email", "version",
        ):  # fmt: skip
            index.setdefault(person_name_key(person), []).append(person)
        return index


def person_name_key(person):
    return normalize(f"{person.family_name}{person.given_name}")


def _name_key(organization):
    """The registry's duplicate rule: the same normalized name in the same place."""
    return (
        normalize(organization.name),
        organization.municipality_id,
        organization.city_outside,
    )


@dataclass
class RowResult:
    number: int
    cells: dict  # header -> text, for display
    outcome: str = ImportRow.Outcome.NEW
    errors: list = field(default_factory=list)  # [{"column", "message"}]
    data: dict = field(default_factory=dict)  # JSON: what the commit applies
    changes: list = field(default_factory=list)  # [{"column", "old", "new"}]
    organization: Organization | None = None
    person: Person | None = None
    legal_form: str = ""
    legal_form_since: str = ""
    extra: dict = field(default_factory=dict)  # JSON: more for the commit

    def error(self, column, message):
        entry = {"column": column, "message": str(message)}
        if entry not in self.errors:
            self.errors.append(entry)


def _header_of(field_name):
    return COLUMN_SETS[ImportBatch.Kind.ORGANIZATIONS].header_of(field_name)


class RowReader:
    """Turns one row's cells into form data, noting what it can't read."""

    def __init__(self, lookups, result):
        self.lookups = lookups
        self.result = result
        self.values = {}  # field -> converted value (only for non-blank cells)

    def read(self, cells):
        for column, cell in cells:
            if cell_is_blank(cell):
                continue
            try:
                value = self._convert(column, cell)
            except ValueError as error:
                self.result.error(column.header, str(error))
                continue
            self.values[column.field] = value
        self._place()
        return self.values

    def _convert(self, column, cell):
        name = column.field
        if name in DATE_FIELDS:
            return self._date(cell)
        if name == "is_individual_supporter":
            return self._choice(column, cell) == YES
        if name in VOCABULARIES:
            return self._choice(column, cell)
        if name == "industry":
            return self._industry(cell)
        if name == "workers_count":
            return self._count(cell)
        if name in ("phone", "fax", "mobile") and isinstance(cell, int | float):
            return "0" + cell_text(cell)  # Excel drops a number's leading zero
        if name == "postal_code" and isinstance(cell, int | float):
            return cell_text(cell).zfill(7)
        if name == "corporate_number":
            # Before the form's length check: 3020-005-003811 has 13 digits.
            return normalize_digits(cell_text(cell)).replace("-", "")
        if name == "postal_code":
            return normalize_digits(cell_text(cell)).replace("〒", "")
        if name == "email":
            return unicodedata.normalize("NFKC", cell_text(cell))
        return cell_text(cell)

    def _date(self, cell):
        if isinstance(cell, int | float) and not isinstance(cell, bool) and cell >= 1:
            return _excel_serial_date(min(cell, 2_958_465))  # Excel's last day
        try:
            return parse_japanese_date(
                cell_text(cell) if isinstance(cell, str) else cell
            )
        except (ValueError, OverflowError):
            raise ValueError(
                _(
                    "“%(value)s” is not a date that can be read. Write it as "
                    "2008/10/01, 2023年2月1日 or 平成15年4月1日."
                )
                % {"value": cell_text(cell)}
            ) from None

    def _choice(self, column, cell):
        table = self.lookups.vocabularies[column.field]
        value = table.get(value_key(cell_text(cell)))
        if value is None:
            names = VOCABULARIES[column.field].names
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": cell_text(cell), "choices": "、".join(names.values())}
            )
        return value

    def _industry(self, cell):
        industry = self.lookups.industries.get(value_key(cell_text(cell)))
        if industry is None:
            raise ValueError(
                _("Unknown industry “%(value)s”. Known industries: %(names)s.")
                % {
                    "value": cell_text(cell),
                    "names": "、".join(
                        i.name for i in self.lookups.industries.values()
                    ),
                }
            )
        return industry.pk

    def _count(self, cell):
        number = isinstance(cell, int | float) and not isinstance(cell, bool)
        if number and float(cell).is_integer() and cell >= 0:
            return int(cell)
        text = unicodedata.normalize("NFKC", cell_text(cell))
        text = re.sub(r"[\s,人名]", "", text)
        if not text.isdigit():
            raise ValueError(_("Write the number of workers as a whole number."))
        return int(text)

    def _place(self):
        """Prefecture and municipality: a Kanagawa municipality by its label (or its
        name where that is unambiguous), else a city outside Kanagawa."""
        values = self.values
        prefecture = values.get("prefecture", "")
        if prefecture:
            normalized = unicodedata.normalize("NFKC", prefecture).replace(" ", "")
            for candidate in (normalized, normalized + "県", normalized + "都",
                              normalized + "府"):  # fmt: skip
                if candidate in PREFECTURES:
                    values["prefecture"] = prefecture = candidate
                    break
            else:
                self.result.error(
                    "都道府県",
                    _("“%(value)s” is not a prefecture.") % {"value": prefecture},
                )
                values.pop("prefecture")
                prefecture = ""
        place = values.pop("municipality", "")
        if not place and prefecture in ("", KANAGAWA) and values.get("address"):
            # A whole address in one column: 横浜市中区山下町1-2 → 横浜市中区 + 山下町1-2.
            address = unicodedata.normalize("NFKC", values["address"])
            address = address.removeprefix(KANAGAWA)
            for label, municipality in self.lookups.labels:
                if address.startswith(label):
                    values["municipality"] = municipality.pk
                    values["prefecture"] = KANAGAWA
                    values["address"] = address[len(label) :].strip()
                    return
            return
        if not place:
            return
        if prefecture and prefecture != KANAGAWA:
            values["city_outside"] = place
            values["municipality"] = None
            return
        key = value_key(unicodedata.normalize("NFKC", place).removeprefix(KANAGAWA))
        municipality = self.lookups.municipalities.get(key)
        if municipality is not None:
            values["municipality"] = municipality.pk
            values["prefecture"] = KANAGAWA
            values["city_outside"] = ""
        elif key in self.lookups.ambiguous:
            self.result.error(
                "市区町村",
                _("“%(value)s” is ambiguous: write it with its city, as in %(labels)s.")
                % {
                    "value": place,
                    "labels": "、".join(m.label for m in self.lookups.ambiguous[key]),
                },
            )
        else:
            self.result.error(
                "市区町村",
                _(
                    "“%(value)s” is not a municipality of Kanagawa. Write it as in "
                    "横浜市青葉区, or fill in 都道府県 for an address outside Kanagawa."
                )
                % {"value": place},
            )


def json_value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def shown_value(field_name, value):
    """A value as the dry run shows it: in the file's words."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return YES_NO_NAMES[YES if value else NO]
    if field_name in VOCABULARIES:
        return VOCABULARIES[field_name].names.get(value, value)
    if isinstance(value, Municipality):
        return value.label
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def default_contact(values):
    """The contact method a row without one gets: the first it has the details for
    (None when it has none)."""
    for method, needs in (
        (ContactMethod.EMAIL, "email"),
        (ContactMethod.FAX, "fax"),
        (ContactMethod.POST, "address"),
        (ContactMethod.PHONE, "phone"),
    ):
        if values.get(needs):
            return method
    return None


def form_errors_to_row(form, result, column_set):
    """The form's errors at the row's columns. A row with no contact details at all
    is told so once, rather than what its (defaulted) contact method needs."""
    errors = dict(form.errors)
    if "preferred_contact" in errors and form.data.get("preferred_contact") == "":
        errors.pop("preferred_contact")
        result.error(
            "連絡方法",
            _(
                "The row has no contact details: fill in at least one of メール, "
                "FAX, 住所 or 電話番号."
            ),
        )
    for name, messages in errors.items():
        for message in messages:
            result.error(column_set.header_of(name), message)


def _form_data(values, instance):
    """OrganizationForm data: the registry's values, with the row's cells over them."""
    names = list(OrganizationForm.Meta.fields)
    if instance is None:
        data = dict.fromkeys(names, "")
        data.update(CHOICE_DEFAULTS)
        data["prefecture"] = KANAGAWA
        names += ["legal_form", "legal_form_since"]
    else:
        data = model_to_dict(instance, fields=names)
        data["version"] = instance.version
    for name, value in values.items():
        if name in names:
            data[name] = value
    if instance is None and "preferred_contact" not in values:
        data["preferred_contact"] = default_contact(data)
    return {k: ("" if v is None else v) for k, v in data.items()}


def check_row(number, cells, lookups, seen):
    result = RowResult(
        number=number,
        cells={column.header: cell_text(cell) for column, cell in cells},
    )
    values = RowReader(lookups, result).read(cells)
    # Which record this row is, and whether a row above was the same one.
    try:
        number_key = clean_corporate_number(values.get("corporate_number", ""))
    except Exception:
        number_key = ""
    name_key = (
        normalize(values.get("name", "")),
        values.get("municipality"),
        values.get("city_outside", ""),
    )
    match = lookups.by_number.get(number_key) if number_key else None
    if match is None and name_key[0]:
        match = lookups.by_name.get(name_key)
        if (
            match is not None
            and number_key
            and match.corporate_number
            and match.corporate_number != number_key
        ):
            result.error(
                "法人番号",
                _(
                    "%(name)s is registered in this municipality with another "
                    "corporate number (%(number)s). Check the number or the name."
                )
                % {"name": match.name, "number": match.corporate_number},
            )
            match = None
    if match is None and name_key[0] and not (name_key[1] or name_key[2]):
        # No place in the row: the name alone, where only one organization has it.
        same_name = lookups.by_plain_name.get(name_key[0], [])
        if len(same_name) == 1:
            match = same_name[0]
        elif same_name:
            result.error(
                "市区町村",
                _(
                    "Several organizations are called %(name)s (%(places)s): fill in "
                    "市区町村 to say which one this row is."
                )
                % {
                    "name": values["name"],
                    "places": "、".join(
                        o.municipality.label if o.municipality_id else o.city_outside
                        for o in same_name
                    ),
                },
            )
    keys = [("number", number_key)] if number_key else []
    if name_key[0]:
        keys.append(("name", name_key))
    if match is not None:
        keys.append(("record", match.pk))
    for key in keys:
        if key in seen:
            result.outcome = ImportRow.Outcome.DUPLICATE
            result.errors = [
                {
                    "column": "",
                    "message": _(
                        "The same organization as row %(row)s: this row is skipped."
                    )
                    % {"row": seen[key]},
                }
            ]
            return result
    for key in keys:
        seen[key] = number
    result.organization = match

    legal_form = values.pop("legal_form", None)
    since = values.pop("legal_form_since", None)
    if match is None:
        values["legal_form"] = legal_form or LegalForm.VOLUNTARY
        values["legal_form_since"] = since
        form = OrganizationForm(data=_form_data(values, None))
    else:
        instance = copy.deepcopy(match)
        if legal_form and legal_form != match.legal_form:
            if since is None:
                result.error(
                    "法人格",
                    _(
                        "The registry has %(current)s. To record the change to "
                        "%(new)s, fill in “法人格の取得日” with the date it changed."
                    )
                    % {
                        "current": LEGAL_FORM_NAMES[match.legal_form],
                        "new": LEGAL_FORM_NAMES[legal_form],
                    },
                )
            elif since > timezone.localdate():
                result.error("法人格の取得日", _("The date is in the future."))
            else:
                # The form's rules (a corporation has a 法人番号) follow the new form.
                instance.legal_form = legal_form
                result.legal_form = legal_form
                result.legal_form_since = since.isoformat()
                result.changes.append(
                    {
                        "column": "法人格",
                        "old": LEGAL_FORM_NAMES[match.legal_form],
                        "new": f"{LEGAL_FORM_NAMES[legal_form]} ({since.isoformat()})",
                    }
                )
        form = OrganizationForm(data=_form_data(values, instance), instance=instance)
    if not form.is_valid():
        form_errors_to_row(form, result, COLUMN_SETS[ImportBatch.Kind.ORGANIZATIONS])
    if result.errors:
        result.outcome = ImportRow.Outcome.ERROR
        return result

    cleaned = form.cleaned_data
    if match is None:
        result.outcome = ImportRow.Outcome.NEW
        result.data = {
            name: json_value(cleaned[name])
            for name in ORGANIZATION_REGISTRY_FIELDS
            if name in cleaned
        }
        result.legal_form = cleaned["legal_form"]
        since = cleaned.get("legal_form_since")
        result.legal_form_since = since.isoformat() if since else ""
        return result
    municipality = cleaned.get("municipality")
    other = lookups.by_name.get(
        (
            normalize(cleaned["name"]),
            municipality.pk if municipality else None,
            cleaned.get("city_outside", ""),
        )
    )
    if other is not None and other.pk != match.pk:
        # What the registry's services would refuse at commit, said now.
        result.error(
            "団体名",
            _("%(name)s is already registered in this municipality.")
            % {"name": other.name},
        )
        result.outcome = ImportRow.Outcome.ERROR
        return result
    for name in ORGANIZATION_REGISTRY_FIELDS:
        if name not in cleaned:
            continue
        old, new = getattr(match, name), cleaned[name]
        if name == "corporate_number":
            old, new = old or None, new or None
        if old != new:
            result.data[name] = json_value(new)
            result.changes.append(
                {
                    "column": _header_of(name) or name,
                    "old": shown_value(name, old),
                    "new": shown_value(name, new),
                }
            )
    result.outcome = (
        ImportRow.Outcome.UPDATE if result.changes else ImportRow.Outcome.UNCHANGED
    )
    return result
