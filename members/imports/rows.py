"""One row of a list of organizations: read, matched with the registry, validated
with the registry's own form, and what committing it would change."""

import copy
import datetime
from dataclasses import dataclass, field

from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.dates import format_day
from wco_sse.core.search import normalize
from wco_sse.core.validators import clean_corporate_number

from ..fields import ORGANIZATION_REGISTRY_FIELDS
from ..forms import OrganizationForm
from ..forms.organizations import needs_corporate_number
from ..models import (
    ContactMethod,
    ImportBatch,
    ImportRow,
    LegalForm,
    Organization,
    Person,
)
from ..models.places import KANAGAWA
from .cells import RowReader, cell_text, json_value, shown_value
from .columns import CHOICE_DEFAULTS, COLUMN_SETS
from .representatives import check_representative, shown_representative
from .vocabulary import LEGAL_FORM_NAMES

ORGANIZATIONS = COLUMN_SETS[ImportBatch.Kind.ORGANIZATIONS]


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


def form_data(values, instance, *, names, defaults):
    """A registry form's data: the record's values (or, for a new record, blanks and
    ``defaults``), with the row's cells over them."""
    if instance is None:
        data = dict.fromkeys(names, "")
        data.update(defaults)
    else:
        data = model_to_dict(instance, fields=names)
        data["version"] = instance.version
    for name, value in values.items():
        if name in names:
            data[name] = value
    if instance is None and "preferred_contact" not in values:
        data["preferred_contact"] = default_contact(data)
    return {k: ("" if v is None else v) for k, v in data.items()}


def seen_before(result, keys, seen, message):
    """Whether a row above was the same record by any of ``keys``: then this row is
    skipped, saying which row (``message`` has ``%(row)s``). Otherwise the keys are
    noted as this row's."""
    for key in keys:
        if key in seen:
            result.outcome = ImportRow.Outcome.DUPLICATE
            result.errors = [{"column": "", "message": message % {"row": seen[key]}}]
            return True
    for key in keys:
        seen[key] = result.number
    return False


def read_row(number, cells, lookups):
    """A row's result to fill in, and its cells read into form values."""
    result = RowResult(
        number=number,
        cells={column.header: cell_text(cell) for column, cell in cells},
    )
    return result, RowReader(lookups, result).read(cells)


# --- One organization ----------------------------------------------------------------------------


def _keys(values):
    """The row's 法人番号 (when it reads as one) and its duplicate-rule name key."""
    try:
        number_key = clean_corporate_number(values.get("corporate_number", ""))
    except Exception:
        number_key = ""
    name_key = (
        normalize(values.get("name", "")),
        values.get("municipality"),
        values.get("city_outside", ""),
    )
    return number_key, name_key


def _match(lookups, result, values, number_key, name_key):
    """The registry organization this row is: by 法人番号, else by name and place,
    else by name alone where the row gives no place and one organization has it."""
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
    return match


def _legal_form_change(result, match, instance, legal_form, since):
    """A new legal form for a registered organization needs the date it changed; the
    form's rules (a corporation has a 法人番号) then follow the new form."""
    if not legal_form or legal_form == match.legal_form:
        return
    if since is None:
        result.error(
            "法人格",
            _(
                "The registry has %(current)s. To record the change to %(new)s, fill "
                "in “法人格の取得日” with the date it changed."
            )
            % {
                "current": LEGAL_FORM_NAMES[match.legal_form],
                "new": LEGAL_FORM_NAMES[legal_form],
            },
        )
    elif since > timezone.localdate():
        result.error("法人格の取得日", _("The date is in the future."))
    else:
        instance.legal_form = legal_form
        result.legal_form = legal_form
        result.legal_form_since = since.isoformat()
        result.changes.append(
            {
                "column": "法人格",
                "old": LEGAL_FORM_NAMES[match.legal_form],
                "new": _("%(form)s from %(since)s")
                % {"form": LEGAL_FORM_NAMES[legal_form], "since": format_day(since)},
            }
        )


def _form(result, values, match):
    """The registry's form, bound to the row over what the registry has."""
    legal_form = values.pop("legal_form", None)
    since = values.pop("legal_form_since", None)
    if match is None:
        values["legal_form"] = legal_form or LegalForm.VOLUNTARY
        values["legal_form_since"] = since
        data = form_data(
            values,
            None,
            # A new organization's form also asks its legal form, and since when.
            names=[*OrganizationForm.Meta.fields, "legal_form", "legal_form_since"],
            defaults={**CHOICE_DEFAULTS, "prefecture": KANAGAWA},
        )
        return OrganizationForm(data=data, corporate_number_required=False)
    instance = copy.deepcopy(match)
    _legal_form_change(result, match, instance, legal_form, since)
    data = form_data(values, instance, names=OrganizationForm.Meta.fields, defaults={})
    return OrganizationForm(
        data=data, instance=instance, corporate_number_required=False
    )


def _to_complete(result, form):
    """What the registry will still lack after the row: a corporation's 法人番号."""
    cleaned = form.cleaned_data
    legal_form = cleaned.get("legal_form") or form.instance.legal_form
    if needs_corporate_number(legal_form) and not cleaned.get("corporate_number"):
        result.extra["to_complete"] = ["corporate_number"]


def _new(result, cleaned):
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


def _update(result, lookups, match, cleaned):
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
                    "column": ORGANIZATIONS.header_of(name) or name,
                    "old": shown_value(name, old),
                    "new": shown_value(name, new),
                }
            )
    result.outcome = (
        ImportRow.Outcome.UPDATE if result.changes else ImportRow.Outcome.UNCHANGED
    )
    return result


def _preview(result, form):
    """What the registry will hold for the row's organization once imported, as the
    dry run's page shows it (dates as ISO text, the page formats them)."""
    cleaned = form.cleaned_data
    instance = form.instance

    def value(name):
        return cleaned[name] if name in cleaned else getattr(instance, name, None)

    municipality = value("municipality")
    place = municipality.label if municipality else value("city_outside") or ""
    prefecture = value("prefecture") or ""
    address = "".join(
        part for part in (prefecture, place, value("address") or "") if part
    )
    building = value("building") or ""
    legal_form = cleaned.get("legal_form") or instance.legal_form
    since = cleaned.get("legal_form_since") or (
        result.legal_form_since and datetime.date.fromisoformat(result.legal_form_since)
    )
    name, kana = shown_representative(result.extra.get("representative"))
    result.extra["preview"] = {
        "name": value("name") or "",
        "name_kana": value("name_kana") or "",
        "legal_form": LEGAL_FORM_NAMES.get(legal_form, ""),
        "corporate_number": value("corporate_number") or "",
        "postal_code": value("postal_code") or "",
        "address": f"{address} {building}".strip(),
        "founded_on": json_value(value("founded_on")) or "",
        "legal_form_since": json_value(since) or "",
        "joined_on": json_value(value("joined_on")) or "",
        "left_on": json_value(value("left_on")) or "",
        "workers_count": value("workers_count"),
        "membership_class": shown_value("membership_class", value("membership_class")),
        "representative": name,
        "representative_kana": kana,
    }


def check_row(number, cells, lookups, seen):
    """What importing one row of organizations would do: a new organization, an
    update of a registered one (and what changes), nothing, a duplicate of a row
    above, or errors."""
    result, values = read_row(number, cells, lookups)
    representative = (
        values.pop("representative", ""),
        values.pop("representative_kana", ""),
    )
    number_key, name_key = _keys(values)
    match = _match(lookups, result, values, number_key, name_key)
    keys = [("number", number_key)] if number_key else []
    if name_key[0]:
        keys.append(("name", name_key))
    if match is not None:
        keys.append(("record", match.pk))
    message = _("The same organization as row %(row)s: this row is skipped.")
    if seen_before(result, keys, seen, message):
        return result
    result.organization = match
    form = _form(result, values, match)
    if not form.is_valid():
        form_errors_to_row(form, result, ORGANIZATIONS)
    check_representative(result, lookups, match, *representative)
    # What the row reads as, shown with its errors too (a cell in error is blank).
    _preview(result, form)
    if result.errors:
        result.outcome = ImportRow.Outcome.ERROR
        return result
    _to_complete(result, form)
    if match is None:
        return _new(result, form.cleaned_data)
    return _update(result, lookups, match, form.cleaned_data)
