"""The reports part's writes: indicator sets and their versions, the version a
programme reports with each fiscal year, period reports (counts, submission,
acceptance, corrections as new revisions), the clients' spreadsheets filled, and the
reminder before a report is due.

A version a report or a programme's year uses is kept as it is: a change is a new
version (a copy of the latest) that the section edits while nothing uses it.
"""

import datetime
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.imports.limits import Limits, check_workbook
from members.models import Person, RoleAssignment
from members.models.roles import Role, Section
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.exports import neutralize
from wco_sse.core.files import file_attach, files_attached_to
from wco_sse.core.japan import fiscal_year, format_date, format_fiscal_year
from wco_sse.core.models import ExportLog
from wco_sse.core.transactions import service_transaction
from wco_sse.core.uploads import XLSX, validate_upload

from ..models import (
    Indicator,
    IndicatorSet,
    IndicatorSetVersion,
    PeriodReport,
    ProgrammeIndicatorYear,
    ReportTemplate,
    ReportValue,
)
from ..selectors import reports as selectors

MAX_COUNT = 1_000_000_000
REMIND_DAYS = 7

# --- Indicator sets -------------------------------------------------------------------


def indicator_set_create(*, actor, name, kind=None, note=""):
    """A new set with an empty first version, to fill while nothing uses it."""
    require(actor, "business.manage_indicators")
    name = name.strip()
    with service_transaction():
        if IndicatorSet.objects.filter(name=name).exists():
            raise ServiceError(
                _("A set of indicators with this name exists already."), field="name"
            )
        indicator_set = IndicatorSet.objects.create(name=name, kind=kind, note=note)
        IndicatorSetVersion.objects.create(
            indicator_set=indicator_set,
            number=1,
            note=_("First version"),
            created_by=actor,
        )
        audit_record(
            actor=actor, action="business.indicator_set.create", target=indicator_set
        )
    return indicator_set


def indicator_set_confirm(*, actor, indicator_set):
    """Mark the set checked against the client's specification (仕様書)."""
    require(actor, "business.manage_indicators", indicator_set)
    with service_transaction():
        locked = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
        if not locked.to_confirm:
            raise ServiceError(_("This set was confirmed already."))
        locked.to_confirm = False
        locked.save(update_fields=["to_confirm"])
        audit_record(
            actor=actor, action="business.indicator_set.confirm", target=locked
        )
    return locked


def version_create(*, actor, indicator_set, note):
    """A new version: a copy of the latest one, to change while nothing uses it."""
    require(actor, "business.manage_indicators", indicator_set)
    with service_transaction():
        locked = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
        latest = locked.versions.order_by("-number").first()
        if latest is not None and not selectors.version_in_use(latest):
            raise ServiceError(
                _(
                    "Version %(number)s is not used by any programme or report yet: "
                    "change it instead of making another."
                )
                % {"number": latest.number},
                field="note",
            )
        number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = IndicatorSetVersion.objects.create(
            indicator_set=locked, number=number, note=note, created_by=actor
        )
        if latest is not None:
            _copy_indicators(latest, version)
        audit_record(
            actor=actor,
            action="business.indicator_version.create",
            target=locked,
            message=f"v{number}",
        )
    return version


def _copy_indicators(source, target):
    made = {}
    old = list(source.indicators.order_by("position", "pk"))
    for indicator in old:
        if indicator.kind == Indicator.Kind.COUNT:
            made[indicator.pk] = _clone(indicator, target)
    for indicator in old:
        if indicator.kind == Indicator.Kind.RATIO:
            made[indicator.pk] = _clone(
                indicator,
                target,
                numerator=made[indicator.numerator_id],
                denominator=made[indicator.denominator_id],
            )


def _clone(indicator, version, **terms):
    return Indicator.objects.create(
        version=version,
        name=indicator.name,
        definition=indicator.definition,
        unit=indicator.unit,
        kind=indicator.kind,
        per_100k=indicator.per_100k,
        position=indicator.position,
        **terms,
    )


def _editable_version(version):
    """The version locked, refused when a report or a programme's year uses it."""
    locked = IndicatorSetVersion.objects.select_for_update().get(pk=version.pk)
    if selectors.version_in_use(locked):
        raise ServiceError(
            _(
                "This version is in use by a programme or a report and stays as it "
                "is: make a new version to change the indicators."
            )
        )
    return locked


def _check_indicator(version, data, *, indicator=None):
    name = data["name"].strip()
    if not name:
        raise ServiceError(_("Give the indicator a name."), field="name")
    if "{" in name or "}" in name:
        raise ServiceError(
            _("A name cannot hold braces: it is the template's placeholder."),
            field="name",
        )
    same = version.indicators.filter(name=name)
    if indicator is not None:
        same = same.exclude(pk=indicator.pk)
    if same.exists():
        raise ServiceError(
            _("This version has an indicator with this name already."), field="name"
        )
    terms = {"numerator": None, "denominator": None}
    if data["kind"] == Indicator.Kind.RATIO:
        for field in ("numerator", "denominator"):
            term = data.get(field)
            if term is None:
                raise ServiceError(
                    _("A ratio needs this term: choose a count indicator."),
                    field=field,
                )
            if term.version_id != version.pk or term.kind != Indicator.Kind.COUNT:
                raise ServiceError(
                    _("A ratio's terms must be count indicators of the same version."),
                    field=field,
                )
            if indicator is not None and term.pk == indicator.pk:
                raise ServiceError(
                    _("An indicator cannot be a term of itself."), field=field
                )
            terms[field] = term
        if terms["numerator"].pk == terms["denominator"].pk:
            raise ServiceError(
                _("Choose two different indicators."), field="denominator"
            )
    return name, terms


def indicator_add(*, actor, version, data):
    require(actor, "business.manage_indicators", version.indicator_set)
    with service_transaction():
        locked = _editable_version(version)
        name, terms = _check_indicator(locked, data)
        indicator = Indicator.objects.create(
            version=locked,
            name=name,
            definition=data.get("definition", ""),
            unit=data.get("unit", ""),
            kind=data["kind"],
            per_100k=bool(data.get("per_100k"))
            and data["kind"] == Indicator.Kind.COUNT,
            position=data.get("position") or 100,
            **terms,
        )
        audit_record(
            actor=actor,
            action="business.indicator.add",
            target=locked.indicator_set,
            message=f"v{locked.number}: {name}",
        )
    return indicator


def indicator_update(*, actor, indicator, data):
    require(actor, "business.manage_indicators", indicator.version.indicator_set)
    with service_transaction():
        locked_version = _editable_version(indicator.version)
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        name, terms = _check_indicator(locked_version, data, indicator=locked)
        if (
            data["kind"] == Indicator.Kind.RATIO
            and locked.kind == Indicator.Kind.COUNT
            and _used_as_term(locked)
        ):
            raise ServiceError(
                _("A ratio of this version uses this count: it stays a count."),
                field="kind",
            )
        locked.name = name
        locked.definition = data.get("definition", "")
        locked.unit = data.get("unit", "")
        locked.kind = data["kind"]
        locked.per_100k = (
            bool(data.get("per_100k")) and data["kind"] == Indicator.Kind.COUNT
        )
        locked.position = data.get("position") or 100
        locked.numerator = terms["numerator"]
        locked.denominator = terms["denominator"]
        locked.save()
        audit_record(
            actor=actor,
            action="business.indicator.update",
            target=locked_version.indicator_set,
            message=f"v{locked_version.number}: {name}",
        )
    return locked


def _used_as_term(indicator):
    return (
        Indicator.objects.filter(numerator=indicator).exists()
        or Indicator.objects.filter(denominator=indicator).exists()
    )


def indicator_remove(*, actor, indicator):
    require(actor, "business.manage_indicators", indicator.version.indicator_set)
    with service_transaction():
        locked_version = _editable_version(indicator.version)
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if _used_as_term(locked):
            raise ServiceError(
                _("A ratio of this version uses this count: remove the ratio first.")
            )
        name = locked.name
        locked.delete()
        audit_record(
            actor=actor,
            action="business.indicator.remove",
            target=locked_version.indicator_set,
            message=f"v{locked_version.number}: {name}",
        )


# --- A programme's version per fiscal year ---------------------------------------------


def programme_version_set(*, actor, programme, year, version):
    """The version the programme reports with in ``year`` (reports already written
    keep theirs)."""
    require(actor, "business.manage_report", programme)
    if not 2000 <= year <= 2100:
        raise ServiceError(_("Choose a fiscal year."), field="fiscal_year")
    with service_transaction():
        chosen, created = (
            ProgrammeIndicatorYear.objects.select_for_update().get_or_create(
                programme=programme, fiscal_year=year, defaults={"version": version}
            )
        )
        if not created:
            if chosen.version_id == version.pk:
                return chosen
            chosen.version = version
            chosen.save(update_fields=["version"])
        audit_record(
            actor=actor,
            action="business.programme_indicators.set",
            target=programme,
            message=f"{format_fiscal_year(year)}: {version}",
        )
    return chosen


# --- Period reports -------------------------------------------------------------------


def report_create(*, actor, programme, contract, start, end, version=None, note=""):
    """A draft report for a period: for a contract, one of its reporting periods. It
    is written with the version the programme uses that fiscal year (chosen here
    if none was)."""
    require(actor, "business.manage_report", programme)
    if contract is not None:
        if contract.programme_id != programme.pk:
            raise ServiceError(
                _("Choose a contract of this programme."), field="period"
            )
        if (start, end) not in selectors.contract_periods(contract):
            raise ServiceError(
                _("Choose one of the contract's reporting periods."), field="period"
            )
    if start is None:
        raise ServiceError(_("Give the period's first day."), field="period_start")
    if end is None:
        raise ServiceError(_("Give the period's last day."), field="period_end")
    if end < start:
        raise ServiceError(
            _("The period cannot end before it starts."), field="period_end"
        )
    year = fiscal_year(start)
    if fiscal_year(end) != year:
        raise ServiceError(
            _("A period lies within one fiscal year (April to March)."),
            field="period_end",
        )
    with service_transaction():
        chosen = (
            ProgrammeIndicatorYear.objects.select_for_update()
            .filter(programme=programme, fiscal_year=year)
            .first()
        )
        if chosen is None:
            if version is None:
                raise ServiceError(
                    _(
                        "The programme has no indicators for %(year)s yet: choose "
                        "the set's version it reports with."
                    )
                    % {"year": format_fiscal_year(year)},
                    field="version",
                )
            chosen = ProgrammeIndicatorYear.objects.create(
                programme=programme, fiscal_year=year, version=version
            )
        if PeriodReport.objects.filter(
            programme=programme, period_start=start, period_end=end
        ).exists():
            raise ServiceError(
                _(
                    "A report for this period exists already: open it (or correct it) "
                    "from the list."
                ),
                field="period" if contract is not None else "period_start",
            )
        report = PeriodReport.objects.create(
            programme=programme,
            contract=contract,
            period_start=start,
            period_end=end,
            version=chosen.version,
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="business.report.create",
            target=programme,
            message=selectors.period_label(start, end),
            data={"report": report.pk},
        )
    return report


def _lock_report(report):
    return PeriodReport.objects.select_for_update().get(pk=report.pk)


def report_values_save(*, actor, report, values, note=None):
    """The counts of a draft, all or nothing: ``values`` maps each count indicator's
    pk to a whole number ≥ 0, or None (not entered yet)."""
    require(actor, "business.manage_report", report)
    with service_transaction():
        locked = _lock_report(report)
        if locked.state != PeriodReport.State.DRAFT:
            raise ServiceError(
                _("Only a draft report is changed: correct it as a new revision.")
            )
        counts = {
            i.pk: i for i in locked.version.indicators.filter(kind=Indicator.Kind.COUNT)
        }
        existing = {v.indicator_id: v for v in locked.values.all()}
        for pk, value in values.items():
            if pk not in counts:
                raise ServiceError(_("These counts are not this report's indicators."))
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 0 <= value < MAX_COUNT
            ):
                raise ServiceError(
                    _("Enter a whole number, 0 or more."), field=f"i{pk}"
                )
        for pk, value in values.items():
            row = existing.get(pk)
            if value is None:
                if row is not None:
                    row.delete()
            elif row is None:
                ReportValue.objects.create(
                    report=locked, indicator=counts[pk], value=value
                )
            elif row.value != value:
                row.value = value
                row.save(update_fields=["value"])
        if note is not None and note != locked.note:
            locked.note = note
            locked.save(update_fields=["note", "updated_at"])
        audit_record(
            actor=actor,
            action="business.report.values",
            target=locked.programme,
            message=selectors.period_label(locked.period_start, locked.period_end),
            data={"report": locked.pk},
        )
    return locked


def report_submit(*, actor, report, submitted_on, submitted_to):
    require(actor, "business.manage_report", report)
    if submitted_on is None:
        raise ServiceError(_("Give the date it was submitted."), field="submitted_on")
    if submitted_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="submitted_on")
    with service_transaction():
        locked = _lock_report(report)
        if locked.state != PeriodReport.State.DRAFT:
            raise ServiceError(_("This report was submitted already."))
        counts = set(
            locked.version.indicators.filter(kind=Indicator.Kind.COUNT).values_list(
                "pk", flat=True
            )
        )
        entered = set(locked.values.values_list("indicator_id", flat=True))
        if counts - entered:
            raise ServiceError(
                _("Enter every count (0 where there was none) before submitting.")
            )
        locked.state = PeriodReport.State.SUBMITTED
        locked.submitted_on = submitted_on
        locked.submitted_to = submitted_to.strip()
        locked.save(
            update_fields=["state", "submitted_on", "submitted_to", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="business.report.submit",
            target=locked.programme,
            message=selectors.period_label(locked.period_start, locked.period_end),
            data={"report": locked.pk},
        )
    return locked


def report_accept(*, actor, report, accepted_on):
    require(actor, "business.manage_report", report)
    if accepted_on is None:
        raise ServiceError(_("Give the date it was accepted."), field="accepted_on")
    if accepted_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="accepted_on")
    with service_transaction():
        locked = _lock_report(report)
        if locked.state != PeriodReport.State.SUBMITTED:
            raise ServiceError(_("Only a submitted report is accepted."))
        if accepted_on < locked.submitted_on:
            raise ServiceError(
                _("It cannot be accepted before it was submitted."),
                field="accepted_on",
            )
        locked.state = PeriodReport.State.ACCEPTED
        locked.accepted_on = accepted_on
        locked.save(update_fields=["state", "accepted_on", "updated_at"])
        audit_record(
            actor=actor,
            action="business.report.accept",
            target=locked.programme,
            message=selectors.period_label(locked.period_start, locked.period_end),
            data={"report": locked.pk},
        )
    return locked


def report_correct(*, actor, report, reason):
    """A new draft revision of a submitted or accepted report, with its counts; the
    old revision stays as it was."""
    require(actor, "business.manage_report", report)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Say why the report is corrected."), field="reason")
    with service_transaction():
        locked = _lock_report(report)
        if locked.state == PeriodReport.State.DRAFT:
            raise ServiceError(_("A draft is changed as it is, not corrected."))
        if PeriodReport.objects.filter(supersedes=locked).exists():
            raise ServiceError(
                _("This revision was corrected already: correct the latest one.")
            )
        try:
            revision = PeriodReport.objects.create(
                programme_id=locked.programme_id,
                contract_id=locked.contract_id,
                period_start=locked.period_start,
                period_end=locked.period_end,
                version_id=locked.version_id,
                revision=locked.revision + 1,
                supersedes=locked,
                correction_reason=reason,
                note=locked.note,
                created_by=actor,
            )
        except IntegrityError:
            raise ServiceError(
                _("This revision was corrected already: correct the latest one.")
            ) from None
        ReportValue.objects.bulk_create(
            ReportValue(report=revision, indicator_id=v.indicator_id, value=v.value)
            for v in locked.values.all()
        )
        audit_record(
            actor=actor,
            action="business.report.correct",
            target=locked.programme,
            message=reason,
            data={"report": revision.pk, "supersedes": locked.pk},
        )
    return revision


# --- Clients' spreadsheets ------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
FIXED = ("年度", "期間", "事業名", "委託元", "提出日")
SITE_NAMES = tuple(name for name, _field in selectors.SITE_TOTALS)


def _open_workbook(content):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ServiceError(
            _("This file is not an Excel workbook (XLSX) that opens."), field="file"
        ) from error


def template_placeholders(workbook):
    """Every placeholder name the workbook's cells hold, in order, once."""
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "{{" in cell.value:
                    for name in PLACEHOLDER.findall(cell.value):
                        if name not in found:
                            found.append(name)
    return found


def programme_known_names(programme):
    names = set(FIXED) | set(SITE_NAMES)
    versions = ProgrammeIndicatorYear.objects.filter(programme=programme).values(
        "version"
    )
    names |= set(
        Indicator.objects.filter(version__in=versions).values_list("name", flat=True)
    )
    return names


def template_upload(*, actor, programme, name, uploaded):
    """Keep a client's spreadsheet on the programme; the placeholders the portal does
    not know are listed (and kept on the template)."""
    require(actor, "business.manage_report", programme)
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the template a name."), field="name")
    if not uploaded.name.lower().endswith(".xlsx"):
        raise ServiceError(
            _("Upload the client's spreadsheet as an Excel workbook (XLSX)."),
            field="file",
        )
    try:
        validate_upload(uploaded, kinds=(XLSX,))
    except ValidationError as error:
        raise ServiceError(error.messages[0], field="file") from error
    content = uploaded.read()
    uploaded.seek(0)
    # A workbook's parts are bounded before openpyxl unpacks them (a zip bomb).
    try:
        check_workbook(content, Limits.from_settings())
    except ServiceError as error:
        raise ServiceError(
            _("This workbook is too large or too complex to use as a template."),
            field="file",
        ) from error
    workbook = _open_workbook(content)
    found = template_placeholders(workbook)
    known = programme_known_names(programme)
    unknown = [placeholder for placeholder in found if placeholder not in known]
    with service_transaction():
        template = ReportTemplate.objects.create(
            programme=programme,
            name=name,
            unknown_placeholders=unknown,
            created_by=actor,
        )
        file_attach(actor=actor, target=template, uploaded=uploaded, kinds=(XLSX,))
        audit_record(
            actor=actor,
            action="business.template.upload",
            target=programme,
            message=name,
            data={"template": template.pk, "unknown": unknown},
        )
    return template


def template_file(template):
    files = files_attached_to(template)
    return files[0] if files else None


def fill_values(report, rows, *, wareki, submitted_on=None):
    """What each placeholder becomes for ``report``."""
    values = {row.indicator.name: row.number for row in rows}
    year = fiscal_year(report.period_start)
    values["年度"] = format_fiscal_year(year, wareki=wareki)
    values["期間"] = (
        selectors.period_label_wareki(report.period_start, report.period_end)
        if wareki
        else selectors.period_label(report.period_start, report.period_end)
    )
    values["事業名"] = report.programme.title
    values["委託元"] = selectors.programme_client_name(
        report.programme, report.contract
    )
    day = submitted_on or report.submitted_on
    values["提出日"] = format_date(day, wareki=wareki) if day else ""
    totals = selectors.site_totals(
        report.programme, report.period_start, report.period_end
    )
    for name, value in totals or ((name, 0) for name in SITE_NAMES):
        values[name] = value
    return values


def template_unknown_for(template, report):
    """The placeholders of ``template`` that a fill for ``report`` leaves as they
    are (None when its file is missing or does not open)."""
    stored = template_file(template)
    if stored is None:
        return None
    try:
        with stored.file.open("rb") as handle:
            workbook = _open_workbook(handle.read())
    except (ServiceError, OSError):
        return None
    known = (
        set(FIXED)
        | set(SITE_NAMES)
        | set(report.version.indicators.values_list("name", flat=True))
    )
    return [name for name in template_placeholders(workbook) if name not in known]


def fill_workbook(workbook, values):
    """Fill the placeholders in place: a cell that is one placeholder takes the value
    (a number stays a number); a cell mixing text and placeholders takes the text.
    A filled text cell is neutralized (never a formula). Returns the unknown names."""
    unknown = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if not isinstance(text, str) or "{{" not in text:
                    continue
                names = PLACEHOLDER.findall(text)
                for name in names:
                    if name not in values and name not in unknown:
                        unknown.append(name)
                whole = PLACEHOLDER.fullmatch(text.strip())
                if whole and whole.group(1) in values:
                    value = neutralize(values[whole.group(1)])
                else:
                    value = neutralize(
                        PLACEHOLDER.sub(
                            lambda m: (
                                str(values[m.group(1)])
                                if m.group(1) in values
                                else m.group(0)
                            ),
                            text,
                        )
                    )
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
    return unknown


def template_fill(*, actor, template, report, wareki=True):
    """The client's spreadsheet filled for ``report`` (a copy; the template is kept
    as uploaded), logged. Returns (content, unknown placeholders)."""
    require(actor, "business.view_report", report)
    if template.programme_id != report.programme_id:
        raise ServiceError(_("This template belongs to another programme."))
    stored = template_file(template)
    if stored is None:
        raise ServiceError(_("The template's file is missing: upload it again."))
    with stored.file.open("rb") as handle:
        workbook = _open_workbook(handle.read())
    rows = selectors.report_rows(report)
    unknown = fill_workbook(workbook, fill_values(report, rows, wareki=wareki))
    buffer = io.BytesIO()
    workbook.save(buffer)
    with service_transaction():
        ExportLog.objects.create(
            actor=actor,
            what=str(template.name)[:120],
            filters=f"report={report.pk}",
            row_count=len(rows),
            file_format="xlsx",
        )
    return buffer.getvalue(), unknown


# --- The reminder before a report is due ----------------------------------------------


def section_people():
    """The business section's members today who have an address (one query)."""
    current = RoleAssignment.objects.current().filter(
        role=Role.SECTION_MEMBER, scope=Section.BUSINESS
    )
    people = Person.objects.filter(pk__in=current.values("person_id")).select_related(
        "account"
    )
    return [person for person in people if person.contact_email]


def report_due_remind(*, day=None):
    """REMIND_DAYS before a contract's report is due (and until it is, if the day
    was missed), once per period, to the programme's lead and the section; a period
    whose report was submitted is left alone. Safe to run twice: the email's key
    names the contract, the period and the address."""
    day = day or timezone.localdate()
    contracts = list(selectors.contracts_reporting(day))
    done = selectors.submitted_periods([c.pk for c in contracts])
    section = None
    sent = 0
    for contract in contracts:
        for start, end in selectors.contract_periods(contract):
            due = selectors.report_due_date(contract, end)
            if not due - datetime.timedelta(days=REMIND_DAYS) <= day <= due:
                continue
            if (contract.pk, start, end) in done:
                continue
            if section is None:
                section = section_people()
            # One email per address, in the language its person reads.
            recipients = {}
            for person in (contract.programme.lead, *section):
                if person.contact_email:
                    recipients.setdefault(person.contact_email, person)
            with service_transaction():
                for address, person in recipients.items():
                    queued = email_queue(
                        key=f"business-report-due:{contract.pk}:{start}:{end}:{address}",
                        template="business/reports/report_due",
                        to=address,
                        language=person.language or "ja",
                        context={
                            "contract": contract,
                            "programme": contract.programme,
                            "period": selectors.period_label(start, end),
                            "due": due,
                            "path": reverse("business:report_list")
                            + f"?programme={contract.programme_id}",
                        },
                    )
                    sent += queued is not None
    return sent
