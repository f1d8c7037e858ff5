"""Printed lists of the registry, as PDF: 会員名簿, 社員名簿, 役員名簿 and 宛名ラベル.

They carry names and addresses, so each print is logged like an export (ExportLog:
who, what, how many rows). Each list is read in a fixed number of queries.
"""

import calendar
import datetime
import re

from django.conf import settings
from django.db.models import Case, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.errors import require
from wco_sse.core.japan import format_date
from wco_sse.core.models import ExportLog
from wco_sse.core.pdf import render_pdf
from wco_sse.core.transactions import service_transaction

from .models import Affiliation, Organization, Person, Role, RoleAssignment
from .models.roles import DIRECTOR_ROLES
from .roles import holding_over
from .selectors import representatives_prefetch

OFFICER_ROLES = (
    Role.REPRESENTATIVE_DIRECTOR,
    Role.EXECUTIVE_DIRECTOR,
    Role.DIRECTOR,
    Role.AUDITOR,
)
MEMBER_CLASSES = (
    Organization.MembershipClass.REGULAR,
    Organization.MembershipClass.SUPPORTING,
)
# A4 label sheets: (columns, rows). 12 labels of 86.4 × 42.3 mm, 24 of 70 × 33.9 mm.
LABEL_LAYOUTS = {12: (2, 6), 24: (3, 8)}
ENDING_WITHIN_MONTHS = 3


def _render(template_name, context):
    return render_pdf(
        template_name,
        {"organization_name": settings.WCO_ORGANIZATION_NAME, **context},
    )


def _log(actor, what, rows, filters=""):
    with service_transaction():
        ExportLog.objects.create(
            actor=actor if actor.is_authenticated else None,
            what=str(what)[:120],
            filters=str(filters)[:500],
            row_count=rows,
            file_format="pdf",
        )


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def postal_code_display(code):
    """ "2310023" or "231-0023" -> "231-0023"."""
    digits = re.sub(r"\D", "", code or "")
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else (code or "").strip()


def address_lines(record):
    """(street address, building) for a label or a list."""
    city = record.municipality.label if record.municipality_id else record.city_outside
    street = f"{record.prefecture}{city}{record.address}".strip()
    return street, record.building.strip()


def has_address(record):
    return bool(record.address.strip() or record.municipality_id or record.city_outside)


def _representative_names(organization):
    return [
        a.person.full_name for a in getattr(organization, "current_representatives", [])
    ]


def _org_row(organization):
    street, building = address_lines(organization)
    return {
        "name": organization.name,
        "kana": organization.name_kana,
        "representatives": _representative_names(organization),
        "postal_code": postal_code_display(organization.postal_code),
        "address": street,
        "building": building,
        "phone": organization.phone,
        "fax": organization.fax,
        "email": organization.email,
        "joined_on": organization.joined_on,
        "status": (
            organization.get_status_display()
            if organization.status != Organization.Status.ACTIVE
            else ""
        ),
    }


# --- 会員名簿 ---------------------------------------------------------------------------------


def roster_organizations(*, day):
    """Member organizations on ``day``, in kana order, with their representatives."""
    return (
        Organization.objects.filter(membership_class__in=MEMBER_CLASSES)
        .exclude(status=Organization.Status.DISSOLVED)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("municipality__parent")
        .prefetch_related(representatives_prefetch(day=day))
        .order_by("sort_key", "pk")
    )


def roster_individual_supporters():
    return (
        Person.objects.listed()
        .filter(is_individual_supporter=True)
        .select_related("municipality__parent")
        .order_by("sort_key", "pk")
    )


def _supporter_row(person):
    street, building = address_lines(person)
    return {
        "name": person.full_name,
        "kana": person.full_name_kana,
        "postal_code": postal_code_display(person.postal_code),
        "address": street,
        "building": building,
        "phone": person.phone or person.mobile,
        "fax": person.fax,
        "email": person.email,
        "joined_on": person.supporter_since,
    }


def _roster_groups(day):
    """The roster's groups: each membership class's organizations, then the
    individual supporting members."""
    organizations = list(roster_organizations(day=day))
    groups = [
        {
            "label": Organization.MembershipClass(membership_class).label,
            "rows": [
                _org_row(o)
                for o in organizations
                if o.membership_class == membership_class
            ],
            "is_people": False,
        }
        for membership_class in MEMBER_CLASSES
    ]
    groups.append(
        {
            "label": _("Individual supporting members"),
            "rows": [_supporter_row(p) for p in roster_individual_supporters()],
            "is_people": True,
        }
    )
    return groups


def print_member_roster(*, actor, day=None, wareki=False) -> bytes:
    """会員名簿: the member organizations by class, then individual supporting members,
    with their contact details."""
    require(actor, "members.print_registry")
    day = day or timezone.localdate()
    groups = _roster_groups(day)
    for group in groups:
        for row in group["rows"]:
            row["joined_on"] = format_date(row["joined_on"], wareki=wareki)
    count = sum(len(g["rows"]) for g in groups)
    _log(actor, _("Member roster"), count)
    return _render(
        "members/print/member_roster.html",
        {
            "groups": groups,
            "as_of": format_date(day, wareki=wareki),
            "count": count,
        },
    )


def member_roster_size(*, day):
    """How many organizations the 会員名簿 of ``day`` lists (what decides whether it is
    printed while the browser waits or in the background)."""
    return roster_organizations(day=day).count()


def build_member_roster(*, actor, as_of, wareki=False) -> bytes:
    """The 会員名簿 from a print job's parameters (``as_of`` in ISO form)."""
    return print_member_roster(
        actor=actor, day=datetime.date.fromisoformat(as_of), wareki=bool(wareki)
    )


# --- 社員名簿 ---------------------------------------------------------------------------------


def voting_members(*, as_of):
    """The 社員 of the association on ``as_of``: the 正会員 organizations.

    Membership class has no history of its own: an organization that changed class
    shows under its present class, on any date (its joined/left dates do count).
    """
    return (
        Organization.objects.filter(
            membership_class=Organization.MembershipClass.REGULAR
        )
        .exclude(status=Organization.Status.DISSOLVED)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=as_of))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=as_of))
        .select_related("municipality__parent")
        .prefetch_related(representatives_prefetch(day=as_of))
        .order_by("sort_key", "pk")
    )


def print_voting_members(*, actor, as_of=None, wareki=False) -> bytes:
    """社員名簿: each 社員's name and address, as 一般社団法人法 (art. 31) requires the
    association to keep, as of a date."""
    require(actor, "members.print_registry")
    as_of = as_of or timezone.localdate()
    rows = [_org_row(o) for o in voting_members(as_of=as_of)]
    for row in rows:
        row["joined_on"] = format_date(row["joined_on"], wareki=wareki)
    _log(actor, _("List of voting members"), len(rows), filters=as_of.isoformat())
    return _render(
        "members/print/voting_members.html",
        {"rows": rows, "as_of": format_date(as_of, wareki=wareki), "count": len(rows)},
    )


def voting_members_size(*, as_of):
    """How many 社員 the 社員名簿 of ``as_of`` lists (printed while the browser waits,
    or in the background above ``WCO_PRINT_JOB_THRESHOLD``)."""
    return voting_members(as_of=as_of).order_by().count()


def build_voting_members(*, actor, as_of, wareki=False) -> bytes:
    """The 社員名簿 from a print job's parameters (``as_of`` in ISO form)."""
    return print_voting_members(
        actor=actor,
        as_of=datetime.date.fromisoformat(as_of),
        wareki=bool(wareki),
    )


# --- 役員名簿 ---------------------------------------------------------------------------------


def officers(*, as_of):
    """The officers (役員) in office on ``as_of``: 代表理事, 業務執行理事, 理事, 監事, in that
    order, then in kana order, with the organizations they come from."""
    rank = Case(
        *(
            When(role=role, then=Value(index))
            for index, role in enumerate(OFFICER_ROLES)
        ),
        default=Value(len(OFFICER_ROLES)),
    )
    return (
        RoleAssignment.objects.current(as_of)
        .filter(role__in=OFFICER_ROLES)
        .select_related("person")
        .prefetch_related(_affiliations_on(as_of))
        .order_by(rank, "person__sort_key", "start", "pk")
    )


def _affiliations_on(day):
    return Prefetch(
        "person__affiliations",
        queryset=Affiliation.objects.current(day)
        .filter(confirmed=True)
        .select_related("organization")
        .order_by("organization__sort_key", "pk"),
        to_attr="current_affiliations",
    )


def officers_holding_over(*, as_of):
    """The directors and auditors whose term has ended but who keep the office's
    rights and duties on ``as_of`` until a successor takes office (権利義務理事・
    権利義務監事), as [(office, the term that ended)]: office is "director" or
    "auditor", one entry per person and office, in kana order. A fixed number of
    queries."""
    held = holding_over(as_of)
    if not held:
        return []
    ended = (
        RoleAssignment.objects.filter(
            person_id__in=held, role__in=OFFICER_ROLES, end__lt=as_of
        )
        .select_related("person")
        .prefetch_related(_affiliations_on(as_of))
        .order_by("person__sort_key", "person_id", "end", "pk")
    )
    last = {}
    for term in ended:
        if term.role not in held[term.person_id]:
            continue
        office = "director" if term.role in DIRECTOR_ROLES else "auditor"
        last[(term.person_id, office)] = term  # the latest end wins
    return sorted(
        ((office, term) for (_pk, office), term in last.items()),
        key=lambda entry: (
            entry[0] == "auditor",
            entry[1].person.sort_key or "",
            entry[1].person_id,
        ),
    )


def term_ends_soon(end, as_of):
    """Whether a term ends within three months of ``as_of`` (that day included)."""
    return end is not None and as_of <= end <= add_months(as_of, ENDING_WITHIN_MONTHS)


def print_officers(*, actor, as_of=None, wareki=False) -> bytes:
    """役員名簿: officers with their terms; terms ending within three months marked."""
    require(actor, "members.print_registry")
    as_of = as_of or timezone.localdate()

    def row(assignment, role, rank, holdover=False):
        person = assignment.person
        return {
            "rank": rank,
            "role": role,
            "holdover": holdover,
            "name": person.full_name,
            "kana": person.full_name_kana,
            "organizations": "、".join(
                a.organization.name for a in person.current_affiliations
            ),
            "start": format_date(assignment.start, wareki=wareki),
            "end": format_date(assignment.end, wareki=wareki),
            "ending_soon": not holdover and term_ends_soon(assignment.end, as_of),
        }

    rows = [
        row(a, a.get_role_display(), OFFICER_ROLES.index(a.role))
        for a in officers(as_of=as_of)
    ]
    # Those holding over follow the directors, or the auditors, in office.
    labels = {
        "director": (_("Director holding over"), OFFICER_ROLES.index(Role.AUDITOR)),
        "auditor": (_("Auditor holding over"), len(OFFICER_ROLES)),
    }
    for office, term in officers_holding_over(as_of=as_of):
        label, rank = labels[office]
        rows.append(row(term, label, rank - 0.5, holdover=True))
    rows.sort(key=lambda r: r["rank"])  # stable: each office keeps its kana order
    _log(actor, _("List of officers"), len(rows), filters=as_of.isoformat())
    return _render(
        "members/print/officers.html",
        {
            "rows": rows,
            "as_of": format_date(as_of, wareki=wareki),
            "horizon": format_date(
                add_months(as_of, ENDING_WITHIN_MONTHS), wareki=wareki
            ),
            "ending_count": sum(1 for row in rows if row["ending_soon"]),
            "holdover_count": sum(1 for row in rows if row["holdover"]),
            "count": len(rows),
        },
    )


# --- 宛名ラベル -------------------------------------------------------------------------------


def label_organizations(queryset=None):
    """The organizations to label: the member organizations of a filtered list, or
    every 正会員 when there is no filter. Those without an address are left out."""
    if queryset is None:
        queryset = Organization.objects.filter(
            membership_class=Organization.MembershipClass.REGULAR
        )
    else:
        queryset = queryset.filter(membership_class__in=MEMBER_CLASSES)
    return (
        queryset.exclude(status=Organization.Status.DISSOLVED)
        .select_related("municipality__parent")
        .order_by("sort_key", "pk")
    )


def _label(record, name, honorific):
    street, building = address_lines(record)
    return {
        "postal_code": postal_code_display(record.postal_code),
        "address": street,
        "building": building,
        "name": name,
        "honorific": honorific,
    }


def build_labels(*, organizations=(), people=()):
    """Label texts: an organization is addressed 御中, a person 様 (Japanese postal
    usage, whatever the language of the page)."""
    labels = [_label(o, o.name, "御中") for o in organizations if has_address(o)]
    labels += [_label(p, p.full_name, "様") for p in people if has_address(p)]
    return labels


def label_pages(labels, *, layout=12, start=1):
    """Sheets of ``layout`` labels, the first ``start - 1`` left blank (a sheet used
    in part before)."""
    per_sheet = layout
    cells = [None] * (start - 1) + list(labels)
    return [cells[i : i + per_sheet] for i in range(0, len(cells), per_sheet)] or [[]]


def print_labels(
    *, actor, organizations=(), people=(), layout=12, start=1, filters=""
) -> bytes:
    require(actor, "members.print_registry")
    if layout not in LABEL_LAYOUTS:
        layout = 12
    start = min(max(int(start or 1), 1), layout)
    labels = build_labels(organizations=organizations, people=people)
    pages = label_pages(labels, layout=layout, start=start)
    columns, rows = LABEL_LAYOUTS[layout]
    _log(actor, _("Address labels"), len(labels), filters=filters)
    return _render(
        "members/print/labels.html",
        {
            "pages": [
                page + [None] * (layout - len(page)) for page in pages
            ],  # full sheets
            "layout": layout,
            "columns": columns,
            "rows": rows,
            "count": len(labels),
        },
    )
