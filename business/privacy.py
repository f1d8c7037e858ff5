"""What the business app's models hold of people, and their fate on export, erasure
and retention (issue 16; the registry is ``members.personal_data.registry``).

The section's records hold counts and money, never the people supported (DESIGN:
"program reports hold counts, not names"; their case files stay in the client's
system). What names people here is the section's own: the lead of a programme, the
people answerable for personal information under a contract, and a site's recorders.

- A programme's lead and a contract's 責任者・従事者 stay as the pseudonym: the
  client's records of who was answerable must match ours for the contract's period
  of keeping; the contract documents' retention anonymizes them afterwards.
- A recorder's naming goes with them.
- Who recorded a session, an expense or a report is a mention (kept, pseudonymous).
- A person who is today the 個人情報責任者 of a running contract blocks an erasure
  until a successor is named and the client told.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.personal_data.engine import to_anonymous_person
from members.personal_data.registry import (
    Blocker,
    Declaration,
    Fate,
    Link,
    Retention,
    declare,
    declare_none,
)
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds

from .models import (
    BudgetLine,
    Contract,
    ContractPersonnel,
    DataDisposal,
    Expense,
    FundingCondition,
    Incident,
    Indicator,
    IndicatorSet,
    IndicatorSetVersion,
    Partner,
    PeriodReport,
    Programme,
    ProgrammeIndicatorYear,
    ProgrammeKind,
    ReportTemplate,
    ReportValue,
    Session,
    SessionType,
    Site,
    SiteRecorder,
)


def _day(cutoff):
    if isinstance(cutoff, datetime.datetime):
        return (
            timezone.localdate(cutoff) if timezone.is_aware(cutoff) else cutoff.date()
        )
    return cutoff


# --------------------------------------------------------------- programmes

declare_none(
    ProgrammeKind,
    reason=_("The section's list of programme kinds."),
    not_personal=("name", "group", "description"),
)

declare(
    Declaration(
        model=Programme,
        label=_("programmes"),
        links=(
            Link(
                lookup="lead",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "The section's programme stays with its contracts and reports; "
                    "its lead is shown by the pseudonym."
                ),
                role=_("as lead"),
            ),
        ),
        export=("title", "kind__name", "state", "start", "end", "created_at"),
        not_personal=("purpose",),
        mentions=("created_by",),
        order=80,
    )
)

declare_none(
    Partner,
    reason=_("An organization's part in a programme."),
    not_personal=("note",),
)

# --------------------------------------------------------------- indicators and reports

declare_none(
    IndicatorSet,
    reason=_("The section's indicator sets."),
    not_personal=("name", "note"),
)
declare_none(
    IndicatorSetVersion,
    reason=_("A version of an indicator set."),
    not_personal=("note",),
    mentions=("created_by",),
)
declare_none(
    Indicator,
    reason=_("An indicator's name, definition and unit."),
    not_personal=("name", "definition", "unit"),
)
declare_none(
    ProgrammeIndicatorYear,
    reason=_("Which indicator set version a programme reports with in a year."),
)
declare_none(
    PeriodReport,
    reason=_("A period's counts: reports hold counts, never the people supported."),
    not_personal=("submitted_to", "correction_reason", "note"),
    mentions=("created_by",),
)
declare_none(ReportValue, reason=_("One count of a period report."))
declare_none(
    ReportTemplate,
    reason=_("A client's spreadsheet with placeholders."),
    not_personal=("name", "unknown_placeholders"),
    mentions=("created_by",),
)

# --------------------------------------------------------------- contracts


def _contract_documents_due(cutoff):
    """Rows of contracts that ended before the fiscal year of ``cutoff`` began: kept
    five years (the rule's years) from the fiscal year after the contract ends."""
    first_day, _last = fiscal_year_bounds(fiscal_year(_day(cutoff)))
    return ContractPersonnel.objects.filter(
        contract__end__lt=first_day, person__erased_at__isnull=True
    ).exclude(person__is_placeholder=True)


def _responsible_now(person):
    today = timezone.localdate()
    rows = (
        ContractPersonnel.objects.filter(
            person=person,
            role=ContractPersonnel.Role.RESPONSIBLE,
            contract__end__gte=today,
        )
        .exclude(end__lt=today)
        .select_related("contract")
        .order_by("pk")
    )
    for row in rows:
        yield Blocker(
            record=str(row.contract),
            reason=str(
                _(
                    "The person is the one responsible for personal information under "
                    "this running contract: the client holds us to naming someone."
                )
            ),
            action=str(
                _("Name a successor on the contract and tell the client first.")
            ),
            url=reverse("business:contract_detail", args=[row.contract_id]),
        )


declare_none(
    Contract,
    reason=_("A contract with a client: money and dates."),
    not_personal=("title", "spec_version", "note"),
    mentions=("created_by",),
)

declare(
    Declaration(
        model=ContractPersonnel,
        label=_("contract personnel"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "Who was answerable for personal information under a contract "
                    "must match the client's records while the contract's documents "
                    "are kept; the person is shown by the pseudonym."
                ),
                role=_("under a contract"),
            ),
        ),
        export=(
            "contract__title",
            "role",
            "start",
            "end",
            "client_notified_on",
        ),
        blockers=_responsible_now,
        retention=(
            Retention(
                code="business.contract_documents",
                label=_("Contract documents of ended contracts"),
                anchor="contract__end",
                due=_contract_documents_due,
                fate=Fate.ANONYMIZE,
                scrub={"person": to_anonymous_person},
                default_years=5,
                default_reason=_(
                    "Contract documents are kept five years from the fiscal year "
                    "after the contract ends; then the people named on it are "
                    "anonymized."
                ),
            ),
        ),
        order=70,
    )
)

declare_none(BudgetLine, reason=_("A contract's budget by cost category."))
declare_none(
    Expense,
    reason=_(
        "An expense as in the accounting books: date, category, payee and amount."
    ),
    not_personal=("payee", "reason"),
    mentions=("created_by",),
)
declare_none(
    Incident,
    reason=_(
        "An incident record: what happened and what was done; it names no person "
        "supported (their records stay in the client's system)."
    ),
    not_personal=("description", "actions"),
    mentions=("created_by",),
)
declare_none(
    DataDisposal,
    reason=_("The register of data returned or destroyed."),
    not_personal=("what",),
    mentions=("created_by",),
)

# --------------------------------------------------------------- sites

declare_none(
    Site,
    reason=_("A place the section runs or funds: its name, address and opening days."),
    not_personal=(
        "name",
        "opening_pattern",
        "note",
        "postal_code",
        "city_outside",
        "address",
        "building",
    ),
)
declare_none(
    FundingCondition,
    reason=_("What a funder asks of a site."),
    not_personal=("funder_name",),
)
declare(
    Declaration(
        model=SiteRecorder,
        label=_("site recorders"),
        links=(
            Link(
                lookup="person",
                fate=Fate.DELETE,
                reason=_(
                    "Naming someone to record a site's sessions ends with them; "
                    "the sessions stay."
                ),
                role=_("as recorder"),
            ),
        ),
        export=("site__name", "start", "end"),
        order=40,
    )
)
declare_none(
    SessionType,
    reason=_("The section's list of session types."),
    not_personal=("name",),
)
declare_none(
    Session,
    reason=_("A session's counts: sessions hold counts, never names."),
    not_personal=("note",),
    mentions=("recorded_by",),
)
