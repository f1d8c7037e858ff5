"""What the network app's models hold of people, and their fate on export, erasure
and retention (issue 16; the registry is ``members.personal_data.registry``).

The decisions, in short:

- The contact log, the initiatives and their support log are the section's business
  records: they stay, the person's place in them (our people, follow-up owner,
  founder, lead, supporter) pointing at the pseudonymous entry. The partner's people
  (``their_people``) and the summaries are about the partner's staff in their
  professional role and about the meeting, not about the registry's people; they are
  kept, but an erased person's full name written in them (or in the topic or the
  follow-up) is replaced by the pseudonym.
- The fund's books are accounting records (会計帳簿): contributions are anonymized
  (amount, receipt and posting stay; the donor's name becomes the pseudonym) and the
  ledger (transactions and lines) is never changed: PostgreSQL refuses any UPDATE or
  DELETE of it. Its memos, written by the portal, name a receipt number, a round or
  an award and its organization, never a donor, so they are kept.
- A fund application is the applicant organization's: its organization block (name,
  address, phone, representative as registered) and its project stay. The contact
  and accounting persons' names, phones and emails are the people's: scrubbed for an
  erased person on the applications their account made or submitted, and where they
  are named as the contact or the accounting contact.
- Reviews and conflict declarations are the fund's governance: anonymized, scores
  and totals unchanged.
- Not-awarded applications lose their contact, accounting and project texts five
  years after the decision (retention ``network.fund_not_awarded``).
"""

from __future__ import annotations

import contextvars
import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members.personal_data.registry import (
    EMPTY,
    PSEUDONYM,
    Blocker,
    Declaration,
    Fate,
    Link,
    Retention,
    declare,
    declare_none,
)

from .models import (
    ApplicationFile,
    Award,
    BudgetLine,
    ChangeRequest,
    ChecklistStep,
    ChecklistTemplate,
    ConflictDeclaration,
    Contact,
    Contribution,
    FinalReport,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
    Initiative,
    InitiativeFounder,
    InitiativeStageChange,
    InitiativeStepDone,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
    Payment,
    Proposal,
    Review,
    ReviewScore,
    Rubric,
    RubricCriterion,
    SupportEntry,
)

A = FundApplication.Status


def _label(model):
    return model._meta.verbose_name_plural


# ---------------------------------------------------------------- names


def name_variants(person) -> list[str]:
    """The ways a person's full name (and kana) are written in free text: with a
    space, a full-width space or none. A family name alone is too common to
    recognize anyone by, so a person without a given name has none."""
    variants = []
    for family, given in (
        (person.family_name, person.given_name),
        (person.family_name_kana, person.given_name_kana),
    ):
        family, given = (family or "").strip(), (given or "").strip()
        if not (family and given):
            continue
        for joiner in (" ", "\u3000", ""):
            variants.append(f"{family}{joiner}{given}")
    return list(dict.fromkeys(variants))


def _contact_details(person) -> tuple[list[str], list[str]]:
    """The person's email addresses and phone numbers, as stored."""
    emails = [person.email]
    if person.account_id:
        emails.append(person.account.email)
    phones = [person.phone, person.mobile]
    return (
        [e for e in dict.fromkeys(emails) if e],
        [p for p in dict.fromkeys(phones) if p],
    )


def _any(field, values, lookup="iexact"):
    q = Q(pk__in=[])
    for value in values:
        q |= Q(**{f"{field}__{lookup}": value})
    return q


# The erased person's name variants while an erasure runs, keyed by the pseudonym the
# erasure writes (``on_erase`` sets it; the text scrubs below read it).
_erasing: contextvars.ContextVar[tuple[str, list[str]] | None] = contextvars.ContextVar(
    "network_privacy_erasing", default=None
)


def _remember_names(*, person, actor=None):
    from members.personal_data.engine import pseudonym

    _erasing.set((pseudonym(person), name_variants(person)))


def _replace_names(field):
    """A scrub value: the field's text with the erased person's full name replaced by
    the pseudonym (the rest of the text, the section's record, stays)."""

    def scrub(row, alias):
        text = getattr(row, field) or ""
        current = _erasing.get()
        if current is None or current[0] != alias:
            return text
        for variant in sorted(current[1], key=len, reverse=True):
            text = text.replace(variant, alias)
        return text[: row._meta.get_field(field).max_length or None]

    return scrub


def _alias_if_set(field):
    """A scrub value: the pseudonym where the field names someone, else empty."""

    def scrub(row, alias):
        return alias if getattr(row, field) else ""

    return scrub


# ---------------------------------------------------------------- the contact log

CONTACT_TEXTS = ("topic", "summary", "follow_up", "their_people")


def _contacts_naming(person):
    variants = name_variants(person)
    q = Q(pk__in=[])
    for name in CONTACT_TEXTS:
        q |= _any(name, variants, "contains")
    return Contact.objects.filter(q)


declare(
    Declaration(
        model=Contact,
        label=_label(Contact),
        links=(
            Link(
                lookup="our_people",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("among our people"),
                reason=gettext_lazy(
                    "The contact log is the network section's record of its work with "
                    "partners: the contact stays, naming the pseudonym."
                ),
            ),
            Link(
                lookup="follow_up_owner",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as follow-up owner"),
                reason=gettext_lazy(
                    "The contact log is the network section's record of its work with "
                    "partners: the follow-up stays, owned by the pseudonym."
                ),
            ),
            Link(
                query=_contacts_naming,
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("named in the text"),
                scrub={name: _replace_names(name) for name in CONTACT_TEXTS},
                reason=gettext_lazy(
                    "The partner's people and the summary are the section's record "
                    "of the meeting and stay; the person's full name written in them "
                    "is replaced by the pseudonym."
                ),
            ),
        ),
        export=(
            "date",
            "organization__name",
            "channel",
            "topic",
            "summary",
            "follow_up",
            "follow_up_due",
            "follow_up_done",
        ),
        # their_people: the partner's staff in their professional role (third
        # parties, not shown in another person's export); an erased person's full
        # name in it is replaced (the third link).
        not_personal=("their_people",),
        mentions=("created_by",),
        on_erase=_remember_names,
    )
)

declare_none(
    Proposal,
    reason=gettext_lazy(
        "A policy proposal is addressed to organizations and holds no one's "
        "personal data; who recorded it is kept as a mention."
    ),
    not_personal=("title", "purpose", "body", "answer_summary"),
    mentions=("created_by",),
)

# ---------------------------------------------------------------- initiatives

INITIATIVE_REASON = gettext_lazy(
    "The support given to new W.Cos and associations is the network section's "
    "record: the initiative stays, naming the pseudonym."
)

declare(
    Declaration(
        model=Initiative,
        label=_label(Initiative),
        links=(
            Link(
                lookup="founders",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as founder"),
                reason=INITIATIVE_REASON,
            ),
            Link(
                lookup="lead",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as lead"),
                reason=INITIATIVE_REASON,
            ),
        ),
        export=("name", "form", "stage", "next_step", "next_step_due"),
        not_personal=("name", "next_step"),
        mentions=("created_by",),
    )
)


def _founders_named(person):
    emails, phones = _contact_details(person)
    q = _any("name", name_variants(person))
    q |= _any("contact", emails, "icontains") | _any("contact", phones, "contains")
    return InitiativeFounder.objects.filter(q)


declare(
    Declaration(
        model=InitiativeFounder,
        label=pgettext_lazy("privacy", "founders not registered"),
        links=(
            Link(
                query=_founders_named,
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("named as a founder"),
                scrub={"name": PSEUDONYM, "contact": EMPTY},
                reason=gettext_lazy(
                    "A founder known by name and contact: the name becomes the "
                    "pseudonym and the contact is emptied (found by the person's full "
                    "name, email or phone)."
                ),
            ),
        ),
        export=("initiative__name", "name", "contact"),
    )
)

declare_none(
    InitiativeStageChange,
    reason=gettext_lazy("A stage change of an initiative, with its reason."),
    not_personal=("reason",),
    mentions=("changed_by",),
)

declare(
    Declaration(
        model=SupportEntry,
        label=pgettext_lazy("privacy", "support given to initiatives"),
        links=(
            Link(
                lookup="by",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as supporter"),
                reason=INITIATIVE_REASON,
            ),
        ),
        export=("initiative__name", "date", "kind", "note"),
    )
)

declare_none(
    ChecklistTemplate,
    reason=gettext_lazy("The steps of founding an organization."),
    not_personal=("name", "note"),
    mentions=("confirmed_by",),
)
declare_none(
    ChecklistStep,
    reason=gettext_lazy("The steps of founding an organization."),
    not_personal=("title", "description"),
)
declare_none(
    InitiativeStepDone,
    reason=gettext_lazy("An initiative's step done, with who recorded it."),
    mentions=("done_by",),
)

# ---------------------------------------------------------------- the fund's setup

declare_none(
    FundProgramme,
    reason=gettext_lazy("A programme of the fund."),
    not_personal=("name", "purpose"),
    mentions=("created_by",),
)
declare_none(
    FundSource,
    reason=gettext_lazy(
        "A source of the fund's money (a named fund carries the name its donor "
        "chose to make public)."
    ),
    not_personal=("name", "description"),
)
declare_none(
    Rubric, reason=gettext_lazy("The fund's review criteria."), not_personal=("name",)
)
declare_none(
    RubricCriterion,
    reason=gettext_lazy("The fund's review criteria."),
    not_personal=("name", "description"),
)
declare_none(
    FundRound,
    reason=gettext_lazy("A call for applications of the fund."),
    not_personal=("title", "description", "eligible_costs"),
    mentions=("created_by",),
)

# ---------------------------------------------------------------- applications

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
ACCOUNTING_FIELDS = ("accounting_name", "accounting_phone", "accounting_email")


def _people_scrub(fields):
    """Names to the pseudonym (where one was written), phones and emails emptied."""
    return {
        name: (_alias_if_set(name) if name.endswith("_name") else EMPTY)
        for name in fields
    }


APPLICATION_REASON = gettext_lazy(
    "The application is the applicant organization's and stays with its "
    "organization block and project; the names, phones and emails of its contact "
    "and accounting persons are theirs and are scrubbed."
)


def _named_in(prefix):
    def query(person):
        emails, _phones = _contact_details(person)
        q = _any(f"{prefix}_name", name_variants(person))
        q |= _any(f"{prefix}_email", emails)
        return FundApplication.objects.filter(q)

    return query


def live_awards(person):
    """The awards not settled on applications the person's account made or submitted."""
    if not person.account_id:
        return Award.objects.none()
    account = person.account_id
    return (
        Award.objects.filter(
            Q(application__created_by=account) | Q(application__submitted_by=account)
        )
        .exclude(status=Award.Status.SETTLED)
        .select_related("application")
        .order_by("pk")
    )


def _award_blockers(person):
    for award in live_awards(person):
        yield Blocker(
            record=_("Fund award %(number)s (%(organization)s: %(title)s)")
            % {
                "number": award.number,
                "organization": award.application.org_name,
                "title": award.application.project_title,
            },
            reason=_(
                "The award is %(status)s, on an application this person's account "
                "made or submitted: its payments, report and settlement still need "
                "its applicant."
            )
            % {"status": award.get_status_display()},
            action=_(
                "Settle the award first (final report accepted, payments and any "
                "refund booked), or have the organization name another contact."
            ),
            url=award.get_absolute_url(),
        )


# Applications the fund did not award: ineligible, not awarded by the board,
# withdrawn; not recommended or never submitted once the round is closed.
NOT_AWARDED = (A.INELIGIBLE, A.REJECTED, A.WITHDRAWN)
NOT_AWARDED_ONCE_CLOSED = (A.NOT_RECOMMENDED, A.DRAFT)
RETENTION_FIELDS = (*CONTACT_FIELDS, *ACCOUNTING_FIELDS, "purpose", "content")


def _as_moment(cutoff):
    if isinstance(cutoff, datetime.datetime):
        return cutoff
    return timezone.make_aware(
        datetime.datetime.combine(cutoff, datetime.time.min),
        timezone.get_current_timezone(),
    )


def not_awarded_due(cutoff):
    """Not-awarded applications decided before ``cutoff`` that still hold a contact,
    an accounting contact or project texts. The decision's moment is the latest of
    the application's screening, recommendation, submission and last change and its
    round's closing: each must lie before the cutoff."""
    moment = _as_moment(cutoff)
    before = Q()
    for name in ("screened_at", "recommended_at", "submitted_at"):
        before &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lt": moment})
    before &= Q(updated_at__lt=moment, round__closes_at__lt=moment)
    status = Q(status__in=NOT_AWARDED) | Q(
        status__in=NOT_AWARDED_ONCE_CLOSED, round__status="closed"
    )
    left = Q(pk__in=[])
    for name in RETENTION_FIELDS:
        left |= ~Q(**{name: ""})
    return FundApplication.objects.filter(status & before & left).filter(
        award__isnull=True
    )


declare(
    Declaration(
        model=FundApplication,
        label=_label(FundApplication),
        links=(
            Link(
                lookup="created_by",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as the account that made it"),
                scrub=_people_scrub(CONTACT_FIELDS + ACCOUNTING_FIELDS),
                reason=APPLICATION_REASON,
            ),
            Link(
                lookup="submitted_by",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as the account that submitted it"),
                scrub=_people_scrub(CONTACT_FIELDS + ACCOUNTING_FIELDS),
                reason=APPLICATION_REASON,
            ),
            Link(
                query=_named_in("contact"),
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as contact person"),
                scrub=_people_scrub(CONTACT_FIELDS),
                reason=APPLICATION_REASON,
            ),
            Link(
                query=_named_in("accounting"),
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as accounting contact"),
                scrub=_people_scrub(ACCOUNTING_FIELDS),
                reason=APPLICATION_REASON,
            ),
        ),
        export=(
            "round__title",
            "org_name",
            "project_title",
            "status",
            *CONTACT_FIELDS,
            *ACCOUNTING_FIELDS,
            "purpose",
            "content",
            "amount_requested",
            "submitted_at",
        ),
        # The organization block is a copy of the registry's entry of the applicant
        # organization (its representative as registered, 登記事項): the
        # organization's, not a person's. The rest is about the project and its
        # review.
        not_personal=(
            "org_name",
            "org_name_kana",
            "org_representative",
            "org_address",
            "org_phone",
            "org_email",
            "other_grants",
            "publish",
            "ineligible_reason",
            "prior_consultation_case",
            "recommendation_reasons",
        ),
        mentions=("screened_by", "recommended_by"),
        blockers=_award_blockers,
        retention=(
            Retention(
                code="network.fund_not_awarded",
                label=gettext_lazy("Fund applications not awarded"),
                anchor=gettext_lazy("the decision on the application"),
                due=not_awarded_due,
                fate=Fate.ANONYMIZE,
                scrub=dict.fromkeys(RETENTION_FIELDS, EMPTY),
                default_years=5,
                default_reason=gettext_lazy(
                    "An application the fund did not award is kept for questions "
                    "and a new application; after five years its contacts and "
                    "project texts are removed (the organization, round, status and "
                    "amounts stay for the fund's statistics)."
                ),
            ),
        ),
    )
)

declare_none(
    BudgetLine,
    reason=gettext_lazy("A cost line of the organization's budget."),
    not_personal=("description",),
)


def _files_of_applications(person):
    if not person.account_id:
        return ApplicationFile.objects.none()
    account = person.account_id
    return ApplicationFile.objects.filter(
        Q(application__created_by=account)
        | Q(application__submitted_by=account)
        | Q(file__uploaded_by=account)
    )


declare(
    Declaration(
        model=ApplicationFile,
        label=_label(ApplicationFile),
        links=(
            Link(
                query=_files_of_applications,
                fate=Fate.KEEP,
                role=gettext_lazy("attached to the person's application"),
                reason=gettext_lazy(
                    "The documents of an application are the applicant "
                    "organization's and, once awarded, the fund's evidence."
                ),
            ),
        ),
        export=("application__project_title", "file__original_name", "public"),
        files=("file",),
    )
)

# ---------------------------------------------------------------- review

GOVERNANCE = gettext_lazy(
    "The fund committee's review is the fund's governance: the record stays under "
    "the pseudonym, its scores and reasons unchanged."
)

declare(
    Declaration(
        model=ConflictDeclaration,
        label=_label(ConflictDeclaration),
        links=(
            Link(
                lookup="reviewer",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as reviewer"),
                reason=GOVERNANCE,
            ),
        ),
        export=("application__org_name", "conflicted", "reason", "declared_at"),
    )
)
declare(
    Declaration(
        model=Review,
        label=_label(Review),
        links=(
            Link(
                lookup="reviewer",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as reviewer"),
                reason=GOVERNANCE,
            ),
        ),
        export=(
            "application__org_name",
            "application__project_title",
            "stage",
            "total",
            "comment",
            "submitted_at",
        ),
    )
)
declare_none(
    ReviewScore, reason=gettext_lazy("A score of a review (kept with the review).")
)

# ---------------------------------------------------------------- awards

declare_none(
    Award,
    reason=gettext_lazy("The board's grant to an organization."),
    not_personal=("number",),
)
declare_none(
    Payment,
    reason=gettext_lazy("A payment of an award to an organization."),
    not_personal=("idempotency_key",),
    mentions=("prepared_by", "confirmed_by"),
)
declare_none(
    ChangeRequest,
    reason=gettext_lazy("A change of plan of an organization's funded project."),
    not_personal=("reason", "answer"),
    mentions=("submitted_by", "decided_by"),
)
declare_none(
    FinalReport,
    reason=gettext_lazy("The final report of an organization's funded project."),
    not_personal=("summary", "outcomes"),
    mentions=("submitted_by", "accepted_by"),
)

# ---------------------------------------------------------------- money and the books

BOOKS = gettext_lazy(
    "A contribution is an accounting record (receipt and ledger posting): its "
    "amount, date, receipt number and posting stay; the donor's name becomes the "
    "pseudonym and its note is emptied."
)


def _contributions_by_name(person):
    return Contribution.objects.filter(
        _any("donor_name", name_variants(person)), person__isnull=True
    )


declare(
    Declaration(
        model=Contribution,
        label=_label(Contribution),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as donor"),
                scrub={"donor_name": _alias_if_set("donor_name"), "note": EMPTY},
                reason=BOOKS,
            ),
            Link(
                query=_contributions_by_name,
                fate=Fate.ANONYMIZE,
                role=gettext_lazy("as donor, by name only"),
                scrub={"donor_name": PSEUDONYM, "note": EMPTY},
                reason=BOOKS,
            ),
        ),
        export=(
            "received_on",
            "amount",
            "method",
            "source__name",
            "receipt_number",
            "donor_name",
            "note",
        ),
        not_personal=("receipt_number",),
        mentions=("recorded_by",),
    )
)

declare_none(
    LedgerAccount,
    reason=gettext_lazy("An account of the fund's books."),
    not_personal=("code", "name"),
)


def _postings_of_contributions(person):
    return LedgerTransaction.objects.filter(
        Q(contribution__person=person.pk)
        | Q(contribution__in=_contributions_by_name(person))
    )


declare(
    Declaration(
        model=LedgerTransaction,
        label=_label(LedgerTransaction),
        links=(
            Link(
                query=_postings_of_contributions,
                fate=Fate.KEEP,
                role=gettext_lazy("posting of the person's contribution"),
                reason=gettext_lazy(
                    "The fund's ledger is append-only accounting (会計帳簿, kept ten "
                    "years) and must stay balanced: never changed. Its memo names the "
                    "receipt number, not the donor."
                ),
            ),
        ),
        export=("occurred_on", "kind", "memo"),
        not_personal=("memo", "reason"),
        mentions=("created_by",),
    )
)
declare_none(LedgerLine, reason=gettext_lazy("A line of the fund's books."))
