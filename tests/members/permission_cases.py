"""The registry's rows of the permission matrix."""

from tests.permission_vocabulary import *

CASES = (
    # --- The registry -----------------------------------------------------------------------------
    # Reading of DESIGN: the registry is the shared record every part of the portal works
    # from, so everyone who holds an office or function reads it; the secretariat keeps it.
    # A representative, a member or a citizen reads no list of other people.
    Case(
        "members:index",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    Case(
        "members:organization_list",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    # The list of people, with their contact details, is personal data: the secretariat
    # keeps it (APPI: the fewest roles); the sections reach people through their own work.
    Case(
        "members:person_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # The person picker's search reads the same people: the secretariat's.
    Case(
        "members:person_pick",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # The organization picker's search reads the registry's names, as the list does.
    Case(
        "members:organization_pick",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    # Every demo account has a person record, so every one has a "my page".
    Case("members:mypage", get=signed_in(PAGE), post=signed_in(NOT_ALLOWED)),
    # Before an account's first second factor, a code to its mailbox (issue 12): every
    # account may set one up; an empty POST asks for the code.
    Case("members:mailbox_confirm", get=signed_in(PAGE), post=signed_in(FORM_ERRORS)),
    # A W.Co's page: role holders, and the people affiliated with it; to anyone else
    # the W.Co does not exist. Its page takes no POST (uploads have their own URL).
    Case(
        "members:organization_detail",
        kwargs=home_wco,
        get=allow(ROLE_HOLDERS | REP | MEMBER, hidden=CITIZEN),
        post=allow(ROLE_HOLDERS | REP | MEMBER, NOT_ALLOWED, hidden=CITIZEN),
    ),
    Case(
        "members:organization_detail",
        kwargs=other_wco,
        get=allow(ROLE_HOLDERS, hidden=NO_ROLE),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED, hidden=NO_ROLE),
    ),
    Case(
        "members:organization_detail",
        kwargs=missing_wco,
        get=allow(hidden=SIGNED_IN),
        post=allow(hidden=SIGNED_IN),
    ),
    # Its documents: the representative edits their W.Co's profile, the secretariat keeps
    # the registry. To anyone else, even those who see the W.Co, the upload page of it
    # does not exist (404). An empty upload re-renders the form with its errors.
    Case(
        "members:organization_file_upload",
        kwargs=home_wco,
        get=reach(SECRETARIAT | REP),
        post=reach(SECRETARIAT | REP, FORM_ERRORS),
    ),
    Case(
        "members:organization_file_upload",
        kwargs=other_wco,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # A file is shown to whoever may see the record it is attached to.
    Case(
        "members:file_download",
        kwargs=file_on_home_wco,
        get=allow(ROLE_HOLDERS | REP | MEMBER, hidden=CITIZEN),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:file_download",
        kwargs=file_on_other_wco,
        get=allow(ROLE_HOLDERS, hidden=NO_ROLE),
        post=signed_in(NOT_ALLOWED),
    ),
    # ... and deleted by whoever may edit that record (a fresh file for every request).
    Case(
        "members:file_delete",
        kwargs=file_on_home_wco,
        get=signed_in(NOT_ALLOWED),
        post=reach(SECRETARIAT | REP, DONE),
    ),
    Case(
        "members:file_delete",
        kwargs=file_on_other_wco,
        get=signed_in(NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    # A person's record: the secretariat, and the person themself; to anyone else the
    # record does not exist. A representative "edits their W.Co's member list" on the
    # W.Co's page, which lists its people; that grants no reading of their records.
    Case(
        "members:person_detail",
        kwargs=own_record,
        get=signed_in(PAGE),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:person_detail",
        kwargs=member_record,
        get=reach(SECRETARIAT | MEMBER),
        post=reach(SECRETARIAT | MEMBER, NOT_ALLOWED),
    ),
    # --- Roles and accounts: the secretary-general alone assigns roles --------------------------
    # Staff see the assignments (they keep the registry) but change none; to everyone but
    # the secretary-general, an assignment's end page does not exist.
    Case(
        "members:role_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:role_assign",
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
    Case(
        "members:role_end",
        kwargs=fund_role,
        get=reach(SECGEN),
        post=reach(SECGEN, FORM_ERRORS),
    ),
    # Resetting someone's second factor unlocks their account: as high-risk as a role.
    Case(
        "members:second_factor_reset",
        kwargs=rep_record,
        get=reach(SECGEN),
        post=reach(SECGEN, FORM_ERRORS),
    ),
    # --- The registry's own pages (issue 3) -----------------------------------------------------
    # Everyone with a person record corrects their own profile and may ask to be recorded
    # as a member of their W.Co; an empty form comes back with its errors.
    Case("members:mypage_edit", get=signed_in(PAGE), post=signed_in(FORM_ERRORS)),
    Case(
        "members:affiliation_request", get=signed_in(PAGE), post=signed_in(FORM_ERRORS)
    ),
    # The postal-code lookup serves address forms anyone signed in may fill.
    Case(
        "members:postal_code_lookup",
        get=signed_in(PAGE),
        post=signed_in(NOT_ALLOWED),
    ),
    # Exports carry personal data: the secretariat's, and logged.
    Case(
        "members:organization_export",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:person_export",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # The secretariat keeps the registry: new records, people's records, legal-form
    # history; the edit pages of a record are not there for anyone else (404).
    Case(
        "members:organization_create",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:person_create",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:person_edit",
        kwargs=member_record,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:legal_form_change",
        kwargs=home_wco,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # A W.Co's representative edits their W.Co's profile and member list; to anyone else
    # but the secretariat, even those who see the W.Co, its edit pages do not exist.
    Case(
        "members:organization_edit",
        kwargs=home_wco,
        get=reach(SECRETARIAT | REP),
        post=reach(SECRETARIAT | REP, FORM_ERRORS),
    ),
    Case(
        "members:organization_edit",
        kwargs=other_wco,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:affiliation_add",
        kwargs=home_wco,
        get=reach(SECRETARIAT | REP),
        post=reach(SECRETARIAT | REP, FORM_ERRORS),
    ),
    Case(
        "members:affiliation_add",
        kwargs=other_wco,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # In-place edits of a W.Co's contact details: the same people as its profile. An empty
    # POST (no version) is refused as a conflict and changes nothing.
    Case(
        "members:organization_field",
        kwargs=phone_of_home_wco,
        get=reach(SECRETARIAT | REP),
        post=reach(SECRETARIAT | REP),
    ),
    Case(
        "members:organization_field",
        kwargs=phone_of_other_wco,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT),
    ),
    # Confirming or ending someone's place in a W.Co (a fresh request for each ask): a
    # button (POST) for those who manage the W.Co's people; 404 to everyone else.
    Case(
        "members:affiliation_confirm",
        kwargs=pending_request_at_home_wco,
        get=reach(SECRETARIAT | REP, NOT_ALLOWED),
        post=reach(SECRETARIAT | REP, DONE),
    ),
    Case(
        "members:affiliation_confirm",
        kwargs=pending_request_at_other_wco,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    Case(
        "members:affiliation_end",
        kwargs=pending_request_at_home_wco,
        get=reach(SECRETARIAT | REP, NOT_ALLOWED),
        post=reach(SECRETARIAT | REP, DONE),
    ),
)

# --- Importing a member list --------------------------------------------------------------------
# Reading of DESIGN and issue 3: the secretariat keeps the registry, and an import writes
# many of its records at once, so the secretariat alone imports. Everyone else signed in
# is refused, and finds no import by its id (404); a visitor is sent to sign in. An
# empty upload comes back with its errors.


def checked_import(demo, who):
    """A fresh dry run of a one-row list, by the demo's secretariat staff."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.imports import import_check

    content = "団体名,フリガナ,市区町村,電話番号\r\n新しい団体,アタラシイ,鎌倉市,0467-00-0000\r\n"
    batch = import_check(
        actor=demo["staff"],
        uploaded=SimpleUploadedFile("members.csv", content.encode("utf-8")),
    )
    return {"pk": batch.pk}


def missing_import(demo, who):
    return {"pk": "00000000-0000-4000-8000-000000000000"}


CASES += (
    Case(
        "members:import_upload",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:import_template",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:import_detail",
        kwargs=checked_import,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:import_detail",
        kwargs=missing_import,
        get=allow(hidden=SIGNED_IN),
        post=allow(hidden=SIGNED_IN),
    ),
    # Committing, discarding and checking again are POSTs that go back to an import's page.
    Case(
        "members:import_commit",
        kwargs=checked_import,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    Case(
        "members:import_discard",
        kwargs=checked_import,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    Case(
        "members:import_check_again",
        kwargs=checked_import,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    # The column mapping step: a POST from the import's page, which it shows again
    # with the errors (this import has no unread column to choose for).
    Case(
        "members:import_columns",
        kwargs=checked_import,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # Forgetting the columns' mapping (this import has none: refused, with a message
    # on the import's page).
    Case(
        "members:import_forget_columns",
        kwargs=checked_import,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
)


# --- Dues (会費) and printed lists ------------------------------------------------------------------
# Reading of DESIGN and issue 3: the secretariat keeps the dues (rates, issuing, payments,
# amounts, reminders, the export) and prints the registry's lists. The 監事 reads the
# dues, as they read money everywhere, and changes nothing. A W.Co's representative sees
# their W.Co's dues, invoices and receipts; to everyone else a member's dues do not exist
# (404). Printed lists carry names and addresses: the secretariat's alone.


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _this_fiscal_year():
    from wco_sse.core.japan import fiscal_year

    return fiscal_year(_today())


def _dues_of(organization, demo):
    """The organization's dues for this year, issued (with the demo rates) if missing."""
    from members.demo.dues import seed_dues

    dues = organization.dues.filter(fiscal_year=_this_fiscal_year()).first()
    if dues is None:
        seed_dues(demo.ctx)
        dues = organization.dues.get(fiscal_year=_this_fiscal_year())
    return dues


def _payment_on(dues, demo):
    from members.dues import dues_payment_record

    payment = dues.payments.first()
    if payment is None:
        payment = dues_payment_record(
            actor=demo["secgen"],
            dues=dues,
            paid_on=_today(),
            amount=max(dues.outstanding // 2, 1),
        )
    return payment


def home_dues(demo, who):
    return {"pk": _dues_of(demo.ctx.data["home_wco"], demo).pk}


def other_dues(demo, who):
    return {"pk": _dues_of(demo.ctx.data["wcos"][1], demo).pk}


def home_payment(demo, who):
    return {"pk": _payment_on(_dues_of(demo.ctx.data["home_wco"], demo), demo).pk}


def other_payment(demo, who):
    return {"pk": _payment_on(_dues_of(demo.ctx.data["wcos"][1], demo), demo).pk}


def this_dues_year(demo, who):
    _dues_of(demo.ctx.data["home_wco"], demo)
    return {"year": _this_fiscal_year()}


AUDITOR = frozenset({"auditor"})
DUES_READERS = SECRETARIAT | AUDITOR
HOME_DUES_READERS = DUES_READERS | REP
NOT_HOME_DUES_READERS = SIGNED_IN - HOME_DUES_READERS
NOT_DUES_READERS = SIGNED_IN - DUES_READERS

CASES += (
    # The year's dues and the unpaid list: read by the secretariat and the auditor.
    Case(
        "members:dues_list",
        get=allow(DUES_READERS),
        post=allow(DUES_READERS, NOT_ALLOWED),
    ),
    Case(
        "members:dues_unpaid",
        get=allow(DUES_READERS),
        post=allow(DUES_READERS, NOT_ALLOWED),
    ),
    # The rate table: the auditor reads it; the secretariat sets it (an empty form
    # comes back with its errors).
    Case(
        "members:dues_rates",
        get=allow(DUES_READERS),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:dues_issue",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    # The export of the unpaid list carries contact details: the secretariat's, logged.
    Case(
        "members:dues_unpaid_export",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:dues_remind_all",
        kwargs=this_dues_year,
        get=allow(SECRETARIAT, NOT_ALLOWED),
        post=allow(SECRETARIAT, DONE),
    ),
    # One W.Co's dues, its invoice and its receipts: the representative's W.Co's for
    # them, every W.Co's for the secretariat and the auditor; hidden from all others.
    Case(
        "members:dues_detail",
        kwargs=home_dues,
        get=allow(HOME_DUES_READERS, hidden=NOT_HOME_DUES_READERS),
        post=allow(HOME_DUES_READERS, NOT_ALLOWED, hidden=NOT_HOME_DUES_READERS),
    ),
    Case(
        "members:dues_detail",
        kwargs=other_dues,
        get=allow(DUES_READERS, hidden=NOT_DUES_READERS),
        post=allow(DUES_READERS, NOT_ALLOWED, hidden=NOT_DUES_READERS),
    ),
    Case(
        "members:dues_invoice",
        kwargs=home_dues,
        get=allow(HOME_DUES_READERS, hidden=NOT_HOME_DUES_READERS),
        post=allow(HOME_DUES_READERS, NOT_ALLOWED, hidden=NOT_HOME_DUES_READERS),
    ),
    Case(
        "members:dues_invoice",
        kwargs=other_dues,
        get=allow(DUES_READERS, hidden=NOT_DUES_READERS),
        post=allow(DUES_READERS, NOT_ALLOWED, hidden=NOT_DUES_READERS),
    ),
    Case(
        "members:dues_receipt",
        kwargs=home_payment,
        get=allow(HOME_DUES_READERS, hidden=NOT_HOME_DUES_READERS),
        post=allow(HOME_DUES_READERS, NOT_ALLOWED, hidden=NOT_HOME_DUES_READERS),
    ),
    Case(
        "members:dues_receipt",
        kwargs=other_payment,
        get=allow(DUES_READERS, hidden=NOT_DUES_READERS),
        post=allow(DUES_READERS, NOT_ALLOWED, hidden=NOT_DUES_READERS),
    ),
    # Changing them is the secretariat's: to everyone else, even those who see the
    # dues, the pages that change them do not exist (404). An empty form comes back
    # with its errors.
    Case(
        "members:dues_payment_record",
        kwargs=home_dues,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:dues_payment_record",
        kwargs=other_dues,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:dues_override",
        kwargs=home_dues,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:dues_payment_cancel",
        kwargs=home_payment,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # A reminder is a button (POST); it is sent, or said to be sent already today.
    Case(
        "members:dues_remind",
        kwargs=home_dues,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    # Printed lists (PDF) from the registry pages: the secretariat's.
    Case(
        "members:print_index",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:print_member_roster",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:print_voting_members",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:print_officers",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:print_labels",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
)


# A roster printed in the background: the job, its progress page and its PDF are the
# person's who asked for it (staff@ here); to anyone else, even the secretary general
# who may print the same list, they do not exist.
def staff_print_job(demo, who):
    from wco_sse.core.models import PrintJob

    job = PrintJob.objects.create(
        document="members.member_roster",
        title="会員名簿",
        filename="member_roster.pdf",
        requested_by=demo["staff"],
        status=PrintJob.Status.DONE,
    )
    job.result = file_attach(
        actor=demo["staff"],
        target=job,
        uploaded=SimpleUploadedFile("member_roster.pdf", PDF_BYTES, "application/pdf"),
    )
    job.save(update_fields=["result"])
    return {"job_id": job.pk}


def file_of_staff_print_job(demo, who):
    from wco_sse.core.models import PrintJob

    job = PrintJob.objects.get(pk=staff_print_job(demo, who)["job_id"])
    return {"file_id": job.result_id}


STAFF = frozenset({"staff"})
NOT_STAFF = SIGNED_IN - STAFF

CASES += (
    Case(
        "members:print_job",
        kwargs=staff_print_job,
        get=allow(STAFF, hidden=NOT_STAFF),
        post=allow(STAFF, NOT_ALLOWED, hidden=NOT_STAFF),
    ),
    Case(
        "members:print_job_download",
        kwargs=staff_print_job,
        get=allow(STAFF, hidden=NOT_STAFF),
        post=allow(STAFF, NOT_ALLOWED, hidden=NOT_STAFF),
    ),
    Case(
        "members:file_download",
        kwargs=file_of_staff_print_job,
        get=allow(STAFF, hidden=NOT_STAFF),
        post=signed_in(NOT_ALLOWED),
    ),
)


# Personal data (issue 16): one module per part.
from tests.members.cases_privacy_erasure import CASES as PRIVACY_ERASURE  # noqa: E402
from tests.members.cases_privacy_export import CASES as PRIVACY_EXPORT  # noqa: E402
from tests.members.cases_privacy_requests import CASES as PRIVACY_REQUESTS  # noqa: E402
from tests.members.cases_privacy_retention import CASES as PRIVACY_RETENTION  # noqa: E402

CASES = CASES + PRIVACY_REQUESTS + PRIVACY_EXPORT + PRIVACY_ERASURE + PRIVACY_RETENTION
