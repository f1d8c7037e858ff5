"""What the members app's models hold of people, and their fate on export, erasure
and retention (issue 16; the registry is ``members.personal_data.registry``).

The platform's own records (``wco_sse.core``: audit entries, the export log, the
outbox, stored files, print jobs) are declared here too: the core imports no app,
and the registry is the app every other one builds on.

An erased person's registry entry stays, under a pseudonym (削除済み #n), for the
records the law makes us keep (dues and receipts are accounting records; officers'
terms are governance records); their account is closed and its address freed; what
exists only for them (unconfirmed affiliations, print jobs, unsent emails) goes.
"""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wco_sse.core.dates import format_day
from wco_sse.core.emails import sealed_rewrite
from wco_sse.core.models import (
    AuditEntry,
    ExportLog,
    OutboundEmail,
    PrintJob,
    StoredFile,
)

from .models import (
    Affiliation,
    Dues,
    DuesPayment,
    DuesRate,
    ErasureJournalEntry,
    ImportBatch,
    ImportColumnMapping,
    ImportRow,
    Industry,
    LegalFormChange,
    Municipality,
    Organization,
    Person,
    PrivacyRequest,
    RetentionRule,
    RetentionRun,
    RoleAssignment,
    User,
)
from .models.places import KANAGAWA
from .personal_data.names import (
    mentioning,
    name_forms,
    name_replaced,
    replace_names,
)
from .personal_data.registry import (
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

# ---------------------------------------------------------------- reasons

ACCOUNTING = gettext_lazy(
    "Accounting record: the books and their vouchers are kept for ten years "
    "(一般社団法人法 123条); the row stays under the pseudonym, its amounts unchanged."
)
GOVERNANCE = gettext_lazy(
    "Governance record: who held an office and for which term stays provable "
    "(officers' register, minutes); the row stays under the pseudonym."
)
ACCOUNT = gettext_lazy(
    "The account is closed: it can no longer sign in and its address is freed for "
    "a new account; the row stays, emptied, so the records that name who acted "
    "point to the pseudonym."
)
REGISTRY_ENTRY = gettext_lazy(
    "The registry entry stays under the pseudonym for the records that must keep "
    "it (dues, offices, minutes); names, contact details, address and notes are "
    "emptied and the entry leaves every list."
)


def _today():
    return timezone.localdate()


def _erased_account_email(row, alias):
    return f"erased-{row.pk}@invalid.example"


def _unusable_password(row, alias):
    return make_password(None)


def _now(row, alias):
    return timezone.now()


def _next_version(row, alias):
    # A form opened before the erasure is refused as a conflict, not saved over it.
    return row.version + 1


def _before(field, cutoff):
    """Rows whose ``field`` (a moment) lies before ``cutoff`` (a date or a moment)."""
    if isinstance(cutoff, datetime.datetime):
        return Q(**{f"{field}__lt": cutoff})
    return Q(**{f"{field}__date__lt": cutoff})


# ---------------------------------------------------------------- the registry


def _person_rows(person):
    return Person.objects.filter(pk=person.pk)


declare(
    Declaration(
        model=Person,
        label=gettext_lazy("registry entry"),
        links=(
            Link(
                query=_person_rows,
                fate=Fate.ANONYMIZE,
                reason=REGISTRY_ENTRY,
                role=gettext_lazy("the person's own entry"),
                scrub={
                    "family_name": PSEUDONYM,
                    "given_name": EMPTY,
                    "family_name_kana": EMPTY,
                    "given_name_kana": EMPTY,
                    "email": EMPTY,
                    "phone": EMPTY,
                    "mobile": EMPTY,
                    "fax": EMPTY,
                    "postal_code": EMPTY,
                    "prefecture": KANAGAWA,
                    "municipality": EMPTY,
                    "city_outside": EMPTY,
                    "address": EMPTY,
                    "building": EMPTY,
                    "notes": EMPTY,
                    # Their membership ends with the erasure: no more invoices.
                    "is_individual_supporter": False,
                    # Recomputed from the emptied names when the row is saved.
                    "search_text": EMPTY,
                    "sort_key": EMPTY,
                    "erased_at": _now,
                    "version": _next_version,
                },
            ),
        ),
        export=(
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "email",
            "phone",
            "mobile",
            "fax",
            "preferred_contact",
            "language",
            "postal_code",
            "prefecture",
            "municipality",
            "city_outside",
            "address",
            "building",
            "is_individual_supporter",
            "supporter_since",
            "notes",
            "account",
            "created_at",
        ),
        # The entry is anonymized last, once every record pointing at it is done.
        order=1000,
    )
)


def _account_rows(person):
    if not person.account_id:
        return User.objects.none()
    return User.objects.filter(pk=person.account_id)


def _close_account(*, person, actor):
    """No way back in: the allauth addresses (a reset link could be asked for),
    the second factors and the signed-in sessions of the account go."""
    if not person.account_id:
        return
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user_id=person.account_id).delete()
    Authenticator.objects.filter(user_id=person.account_id).delete()
    _end_sessions(person.account_id)


def _end_sessions(user_id):
    """Delete the account's sessions. Sessions are ``cached_db``: Django keeps no
    index from an account to its sessions, so the unexpired ones are read and those
    of the account deleted through their store (the cache entry and the row). The
    account's new unusable password would end them anyway at their next request
    (the session's hash of the password no longer matches), as would is_active."""
    from importlib import import_module

    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user_id)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get("_auth_user_id", "")) == wanted:
            store(session_key=session.session_key).delete()


declare(
    Declaration(
        model=User,
        label=gettext_lazy("account"),
        links=(
            Link(
                query=_account_rows,
                fate=Fate.ANONYMIZE,
                reason=ACCOUNT,
                role=gettext_lazy("the person's account"),
                scrub={
                    "email": _erased_account_email,
                    "first_name": EMPTY,
                    "last_name": EMPTY,
                    "password": _unusable_password,
                    "is_active": False,
                },
            ),
        ),
        export=("email", "first_name", "last_name", "date_joined", "last_login"),
        on_erase=_close_account,
        order=990,
    )
)


def _affiliations_to_delete(person):
    return Affiliation.objects.filter(person=person).filter(
        Q(confirmed=False) | Q(start__gt=_today())
    )


def _affiliations_to_keep(person):
    return Affiliation.objects.filter(person=person, confirmed=True).filter(
        Q(start__isnull=True) | Q(start__lte=_today())
    )


def _end_affiliations(*, person, actor):
    """A confirmed place still running ends today (the W.Co's member list keeps its
    history under the pseudonym)."""
    from .roles import forget_roles

    today = _today()
    running = _affiliations_to_keep(person).filter(
        Q(end__isnull=True) | Q(end__gt=today)
    )
    if running.update(end=today):
        forget_roles(person.account)


declare(
    Declaration(
        model=Affiliation,
        label=gettext_lazy("affiliations"),
        links=(
            Link(
                lookup="person",
                query=_affiliations_to_delete,
                fate=Fate.DELETE,
                reason=gettext_lazy(
                    "An affiliation never confirmed (or not yet begun) granted "
                    "nothing and records nothing the organization must keep."
                ),
                role=gettext_lazy("unconfirmed or not yet begun"),
            ),
            Link(
                lookup="person",
                query=_affiliations_to_keep,
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "A confirmed place in a W.Co is part of its membership history "
                    "(who was a member when, who represented it): ended today and "
                    "kept under the pseudonym."
                ),
                role=gettext_lazy("confirmed"),
            ),
        ),
        export=("organization", "position", "confirmed", "start", "end", "created_at"),
        mentions=("confirmed_by",),
        on_erase=_end_affiliations,
    )
)


def _role_blockers(person):
    today = _today()
    offices = (
        RoleAssignment.objects.filter(person=person)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .order_by("start", "pk")
    )
    for assignment in offices:
        yield Blocker(
            record=_("%(role)s, from %(start)s")
            % {"role": assignment.label, "start": format_day(assignment.start)},
            reason=_(
                "The person holds this office now (or will from its start): an "
                "office is handed over before its holder's data is erased."
            ),
            action=_(
                "End the term on the roles page first (record its end and why it "
                "ended), then run the erasure again."
            ),
            url=reverse("members:role_end", args=[assignment.pk]),
        )


declare(
    Declaration(
        model=RoleAssignment,
        label=gettext_lazy("roles"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                scrub={"note": EMPTY},
            ),
        ),
        export=("role", "scope", "start", "end", "end_reason", "note", "created_at"),
        mentions=("created_by",),
        blockers=_role_blockers,
    )
)


def _dues_blockers(person):
    unpaid = Dues.objects.filter(person=person, paid_total__lt=F("amount")).order_by(
        "fiscal_year", "pk"
    )
    for dues in unpaid:
        yield Blocker(
            record=_("Dues for fiscal year %(year)s (%(invoice)s): %(owed)s yen unpaid")
            % {
                "year": dues.fiscal_year,
                "invoice": dues.invoice_number,
                "owed": f"{dues.outstanding:,}",
            },
            reason=_(
                "An unpaid dues year is an open claim in the books: it is settled "
                "before the payer's data is erased."
            ),
            action=_(
                "Record the payment, or waive what is owed by setting the amount "
                "by hand on the dues page, then run the erasure again."
            ),
            url=reverse("members:dues_detail", args=[dues.pk]),
        )


declare(
    Declaration(
        model=Dues,
        label=gettext_lazy("dues"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=ACCOUNTING,
                scrub={"note": EMPTY},
            ),
        ),
        export=(
            "fiscal_year",
            "dues_class",
            "invoice_number",
            "invoiced_on",
            "due_on",
            "amount",
            "paid_total",
            "note",
        ),
        mentions=("created_by",),
        blockers=_dues_blockers,
    )
)

declare(
    Declaration(
        model=DuesPayment,
        label=gettext_lazy("dues payments"),
        links=(
            Link(
                lookup="dues__person",
                fate=Fate.ANONYMIZE,
                reason=ACCOUNTING,
                scrub={"note": EMPTY},
            ),
        ),
        export=(
            "dues__fiscal_year",
            "receipt_number",
            "paid_on",
            "amount",
            "method",
            "note",
        ),
        mentions=("recorded_by",),
    )
)

declare_none(
    DuesRate,
    reason=gettext_lazy("The standard dues of a class and year: no one's data."),
)


def _finished_imports(person):
    return ImportBatch.objects.filter(
        pk__in=ImportRow.objects.filter(
            person=person,
            batch__status__in=(
                ImportBatch.Status.COMMITTED,
                ImportBatch.Status.FAILED,
                ImportBatch.Status.DISCARDED,
            ),
        ).values("batch")
    )


def _finished_import_files(person):
    """The uploaded lists (stored files) of finished imports with a row about the
    person."""
    return StoredFile.objects.filter(
        pk__in=_finished_imports(person).filter(file__isnull=False).values("file")
    )


declare(
    Declaration(
        model=ImportBatch,
        label=gettext_lazy("imports"),
        links=(
            Link(
                query=_finished_imports,
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "The import's record (its counts, who imported it) stays; its "
                    "uploaded list, which holds the person's row as typed, is "
                    "deleted once the import has finished."
                ),
                role=gettext_lazy("finished imports with a row about the person"),
                scrub={"file": EMPTY},
                exported=False,
            ),
        ),
        not_personal=("original_name", "encoding", "counts", "error"),
        mentions=("uploaded_by",),
    )
)

declare(
    Declaration(
        model=ImportRow,
        label=gettext_lazy("import rows"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "The row stays in its import's history (which record it made or "
                    "changed); the values read from the file are emptied."
                ),
                scrub={"values": EMPTY, "errors": EMPTY},
            ),
        ),
        export=("batch__original_name", "row_number", "outcome", "values", "errors"),
    )
)

declare_none(
    ImportColumnMapping,
    reason=gettext_lazy("What a list's columns hold: headers, no one's data."),
    not_personal=("digest", "headers", "mapping"),
    mentions=("updated_by",),
)

declare_none(
    Organization,
    reason=gettext_lazy(
        "An organization's own name, contact details and address (a W.Co's office), "
        "not a person's; the notes are the secretariat's about the organization."
    ),
    not_personal=(
        "name",
        "name_kana",
        "corporate_number",
        "email",
        "phone",
        "fax",
        "website",
        "postal_code",
        "city_outside",
        "address",
        "building",
        "notes",
        "search_text",
        "sort_key",
    ),
)

declare_none(
    LegalFormChange,
    reason=gettext_lazy("An organization's legal form history."),
    not_personal=("note",),
    mentions=("recorded_by",),
)
declare_none(
    Municipality,
    reason=gettext_lazy("Place names."),
    not_personal=("code", "name", "name_kana", "prefecture"),
)
declare_none(Industry, reason=gettext_lazy("Industry names."), not_personal=("name",))


def _drop_export_files(*, person, actor):
    """A prepared export of the person's data goes with the erasure (the bytes once
    it commits), as do the finished imports' uploaded lists naming them and the
    PDFs of their print jobs."""
    files = StoredFile.objects.filter(
        Q(pk__in=_prepared_exports(person).values("pk"))
        | Q(pk__in=_finished_import_files(person).values("pk"))
        | Q(pk__in=_print_results(person).values("pk"))
    )
    names = [name for name in files.values_list("file", flat=True) if name]
    if names:
        storage = StoredFile._meta.get_field("file").storage

        def delete_bytes():
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_bytes)


declare(
    Declaration(
        model=PrivacyRequest,
        label=gettext_lazy("personal-data requests"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "That a request was received and how it was handled stays "
                    "provable (個人情報保護法); its free text and any prepared "
                    "export are removed."
                ),
                scrub={"details": EMPTY, "answer": EMPTY, "export_file": EMPTY},
            ),
        ),
        export=(
            "kind",
            "state",
            "channel",
            "details",
            "answer",
            "created_at",
            "closed_at",
        ),
        mentions=("requested_by", "handled_by"),
        on_erase=_drop_export_files,
    )
)

declare_none(
    ErasureJournalEntry,
    reason=gettext_lazy(
        "Record ids, fates and a hash: a registry number at most, never a name."
    ),
    not_personal=("subject", "records", "counts", "previous_hash", "hash"),
)
declare_none(
    RetentionRule,
    reason=gettext_lazy("The retention rules and their reasons."),
    not_personal=("code", "reason"),
    mentions=("updated_by",),
)
declare_none(
    RetentionRun,
    reason=gettext_lazy("Counts of a retention run."),
    not_personal=("counts", "cutoffs"),
    mentions=("actor",),
)


# ---------------------------------------------------------------- the platform (core)


def _as_target(person):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Person),
        target_id=str(person.pk),
    )


def _about_their_affiliations(person):
    """A W.Co's history names the member in the message of entries about their
    affiliation (asked for, added, confirmed, ended)."""
    affiliations = list(
        Affiliation.objects.filter(person=person).values_list("pk", flat=True)
    )
    if not affiliations:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        action__startswith="affiliation.", data__affiliation__in=affiliations
    )


def _about_their_dues(person):
    """Entries about their dues: the record's label names the payer, a reminder's
    message their address, an amount set by hand the reason typed."""
    dues = [
        str(pk)
        for pk in Dues.objects.filter(person=person).values_list("pk", flat=True)
    ]
    if not dues:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Dues), target_id__in=dues
    )


AUDIT_TRAIL = gettext_lazy(
    "The audit trail stays (who did what, when), kept for its retention period; "
    "what names the person is replaced by the pseudonym."
)

declare(
    Declaration(
        model=AuditEntry,
        label=gettext_lazy("history entries"),
        links=(
            Link(
                lookup="actor",
                fate=Fate.ANONYMIZE,
                reason=AUDIT_TRAIL,
                role=gettext_lazy("as the one who acted"),
                scrub={"actor_label": PSEUDONYM},
                # Entries about other people's records, in which the person acted:
                # listed on the dry run, not handed over.
                exported=False,
            ),
            Link(
                query=_as_target,
                fate=Fate.ANONYMIZE,
                reason=AUDIT_TRAIL,
                role=gettext_lazy("about the person"),
                scrub={"target_label": PSEUDONYM, "message": EMPTY, "data": EMPTY},
            ),
            Link(
                query=_about_their_affiliations,
                fate=Fate.ANONYMIZE,
                reason=AUDIT_TRAIL,
                role=gettext_lazy("about their affiliations"),
                scrub={"message": PSEUDONYM},
                exported=False,
            ),
            Link(
                query=_about_their_dues,
                fate=Fate.ANONYMIZE,
                reason=AUDIT_TRAIL,
                role=gettext_lazy("about their dues"),
                scrub={"target_label": PSEUDONYM, "message": EMPTY},
                exported=False,
            ),
        ),
        export=("at", "action", "actor_label", "target_label", "message"),
        # A record's number (the person's own: the link "about the person" finds it).
        not_personal=("target_id",),
        retention=(
            Retention(
                code="core.audit_entries",
                label=gettext_lazy("History entries"),
                anchor=gettext_lazy("the entry's date"),
                due=lambda cutoff: AuditEntry.objects.filter(_before("at", cutoff)),
                fate=Fate.DELETE,
                default_years=10,
                default_reason=gettext_lazy(
                    "Kept as long as the accounting books they explain "
                    "(一般社団法人法 123条: ten years), then deleted."
                ),
            ),
        ),
    )
)

declare(
    Declaration(
        model=ExportLog,
        label=gettext_lazy("export log"),
        links=(
            Link(
                lookup="actor",
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "Who exported personal data stays provable for the log's "
                    "retention period; the entry names the closed account."
                ),
                role=gettext_lazy("as the one who exported"),
                exported=False,
            ),
        ),
        export=("at", "what", "filters", "row_count", "file_format"),
        retention=(
            Retention(
                code="core.export_logs",
                label=gettext_lazy("Export log entries"),
                anchor=gettext_lazy("the export's date"),
                due=lambda cutoff: ExportLog.objects.filter(_before("at", cutoff)),
                fate=Fate.DELETE,
                default_years=10,
                default_reason=gettext_lazy(
                    "Records of providing personal data are kept at least three "
                    "years (個人情報保護法 30条, 規則 14条); kept ten, as the audit "
                    "trail, then deleted."
                ),
            ),
        ),
    )
)


def _addresses(person):
    addresses = {person.email.strip().lower()} if person.email else set()
    if person.account_id:
        addresses.add(person.account.email.strip().lower())
    return addresses


def _sealed_names_replaced(row, alias, person=None):
    if person is None:
        return row.sealed
    forms = name_forms(person)
    return sealed_rewrite(row.sealed, lambda value: replace_names(value, forms, alias))


def _emails_to(person, *, sent):
    addresses = _addresses(person)
    if not addresses:
        return OutboundEmail.objects.none()
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(to__iexact=address)
    emails = OutboundEmail.objects.filter(condition)
    queued = Q(status=OutboundEmail.Status.QUEUED)
    return emails.exclude(queued) if sent else emails.filter(queued)


declare(
    Declaration(
        model=OutboundEmail,
        label=gettext_lazy("emails"),
        links=(
            Link(
                query=lambda person: _emails_to(person, sent=False),
                fate=Fate.DELETE,
                reason=gettext_lazy(
                    "An email not yet sent to the person is never sent."
                ),
                role=gettext_lazy("not yet sent"),
            ),
            Link(
                query=lambda person: _emails_to(person, sent=True),
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "The outbox keeps that an email was sent, and when; its address "
                    "and contents are removed."
                ),
                role=gettext_lazy("sent"),
                scrub={
                    "to": "erased@invalid.example",
                    "subject": PSEUDONYM,
                    "body_text": PSEUDONYM,
                    "body_html": EMPTY,
                    "sealed": EMPTY,
                    "attachments": EMPTY,
                    "last_error": EMPTY,
                },
            ),
            # Emails to other people that name the person (a notice of their
            # proposal to the board): the name becomes the pseudonym, so no one's
            # export and no email still waiting in the outbox carries it.
            Link(
                query=mentioning(OutboundEmail, ("subject", "body_text", "body_html")),
                fate=Fate.ANONYMIZE,
                reason=gettext_lazy(
                    "An email to someone else keeps its text; the person's name "
                    "written in it is replaced by the pseudonym."
                ),
                role=gettext_lazy("where the name is written"),
                exported=False,
                scrub={
                    "subject": name_replaced("subject"),
                    "body_text": name_replaced("body_text"),
                    "body_html": name_replaced("body_html"),
                    # What is still to be sent, sealed (it carries a link).
                    "sealed": _sealed_names_replaced,
                },
            ),
        ),
        export=("created_at", "to", "subject", "body_text", "status", "sent_at"),
        # render_later: a context builder's name and record ids, no words.
        not_personal=("key", "template", "language", "render_later"),
    )
)


def _uploaded_by(person):
    """What the person uploaded; not what the portal made for them (a print job's
    PDF, an export's ZIP), which holds other people's data."""
    if not person.account_id:
        return StoredFile.objects.none()
    made = [
        ContentType.objects.get_for_model(model) for model in (PrintJob, PrivacyRequest)
    ]
    return StoredFile.objects.filter(uploaded_by_id=person.account_id).exclude(
        attached_type__in=made
    )


def _prepared_exports(person):
    return StoredFile.objects.filter(
        pk__in=PrivacyRequest.objects.filter(person=person).values("export_file")
    )


def _print_results(person):
    if not person.account_id:
        return StoredFile.objects.none()
    return StoredFile.objects.filter(
        pk__in=PrintJob.objects.filter(requested_by_id=person.account_id).values(
            "result"
        )
    )


declare(
    Declaration(
        model=StoredFile,
        label=gettext_lazy("files"),
        links=(
            Link(
                lookup="uploaded_by",
                query=_uploaded_by,
                fate=Fate.KEEP,
                reason=gettext_lazy(
                    "A file stays with the record it is attached to (a W.Co's "
                    "documents, a fund application's receipts, a meeting's papers), "
                    "whose own declaration decides its fate; the uploader now names "
                    "the closed account."
                ),
                role=gettext_lazy("uploaded by the person"),
            ),
            Link(
                query=_finished_import_files,
                fate=Fate.DELETE,
                reason=gettext_lazy(
                    "A finished import's uploaded list holds the person's row as "
                    "typed and has served its purpose."
                ),
                role=gettext_lazy("uploaded lists naming the person"),
                exported=False,
            ),
            Link(
                query=_prepared_exports,
                fate=Fate.DELETE,
                reason=gettext_lazy(
                    "A prepared export of the person's data goes with the data."
                ),
                role=gettext_lazy("prepared exports of the person's data"),
                exported=False,
            ),
            Link(
                query=_print_results,
                fate=Fate.DELETE,
                reason=gettext_lazy(
                    "A PDF printed for the person is theirs alone and kept a day "
                    "at most."
                ),
                role=gettext_lazy("printed for the person"),
                exported=False,
            ),
        ),
        export=("original_name", "description", "kind", "size", "uploaded_at"),
        not_personal=("content_type", "sha256", "attached_id"),
        files=("file",),
        # Before the print jobs and imports that point at them.
        order=50,
    )
)

declare(
    Declaration(
        model=PrintJob,
        label=gettext_lazy("print jobs"),
        links=(
            Link(
                lookup="requested_by",
                fate=Fate.DELETE,
                reason=gettext_lazy(
                    "A print job is the asker's alone and goes after a day anyway."
                ),
            ),
        ),
        export=("title", "document", "filename", "status", "created_at", "result"),
        not_personal=("params", "error"),
    )
)
