"""The registry's and the platform's records of a person through their declarations
(members/privacy.py): every declared field exported; after an erasure nothing left
of the person's name, reading, address or numbers in the registry's or the
platform's tables while the books keep their amounts under the pseudonym; the
account closed for good and its address free; what stops an erasure, with why;
the audit and export logs' retention; erased people gone from the registry's lists."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import authenticate
from django.db import models, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from members.dues import dues_payment_record
from members.models import (
    Affiliation,
    Dues,
    DuesClass,
    DuesPayment,
    ImportRow,
    Person,
    Role,
    RoleAssignment,
    User,
)
from members.personal_data.engine import (
    apply_fate,
    erase_within,
    erasure_blockers,
    erasure_plan,
    export_tables,
    pseudonym,
)
from members.personal_data.registry import (
    Fate,
    declaration_for,
    declarations,
    retention_kinds,
)
from members.services import affiliation_add, person_update
from tests.factories import (
    TEST_PASSWORD,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.privacy import kinds_members
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import (
    AuditEntry,
    ExportLog,
    OutboundEmail,
    PrintJob,
    StoredFile,
)

pytestmark = pytest.mark.django_db

NAMES = {
    "family_name": "消去野",
    "given_name": "澄香",
    "family_name_kana": "ショウキョノ",
    "given_name_kana": "スミカ",
}
PHONE = "045-000-1234"
MOBILE = "090-1111-2222"


def person_with_records():
    account = UserFactory(email="shokyono@example.jp")
    person = PersonFactory(account=account, **NAMES)
    made = kinds_members.make(person)
    person.refresh_from_db()
    return person, made


def erase(person):
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        records = erase_within(locked, actor=None)
    person.refresh_from_db()
    return records


def staff_account():
    staff = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=staff, role=Role.SECRETARIAT_STAFF)
    return staff.account


def _text_of(row, fields):
    values = []
    for name in fields:
        value = getattr(row, name)
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        values.append(str(value or ""))
    return "\n".join(values)


def traces(needles):
    """[(model, pk, needle)] of every members and core row whose text holds one of
    ``needles``."""
    found = []
    for label in ("members", "core"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            ]
            if not fields:
                continue
            for row in model._default_manager.only("pk", *fields):
                text = _text_of(row, fields)
                found += [(model._meta.label, row.pk, n) for n in needles if n in text]
    return found


# ---------------------------------------------------------------- export


def test_the_export_shows_every_declared_field_of_each_kind_of_record():
    person, _made = person_with_records()
    tables = export_tables(person)
    for label in (
        "members.Person",
        "members.User",
        "members.Affiliation",
        "members.RoleAssignment",
        "members.Dues",
        "members.DuesPayment",
        "members.ImportRow",
        "members.PrivacyRequest",
        "core.AuditEntry",
        "core.OutboundEmail",
        "core.StoredFile",
        "core.PrintJob",
    ):
        model = apps.get_model(label)
        declaration = declaration_for(model)
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        mine = [t for t in tables if t.key == prefix or t.key.startswith(prefix + "_")]
        assert mine, f"{label}: not in the export"
        for table in mine:
            assert table.columns == list(declaration.export), label
            assert len(table.headers) == len(declaration.export)
            assert all(len(row) == len(declaration.export) for row in table.rows)
    flat = {t.key: t for t in tables}
    own = flat["members_person"].rows[0]
    assert NAMES["family_name"] in own and PHONE in own and MOBILE in own
    assert len({t.key for t in tables}) == len(tables)
    assert [len(t.rows) for t in tables if t.key.startswith("members_affiliation")] == [
        1,
        1,
    ]
    assert (
        sum(len(t.rows) for t in tables if t.key.startswith("core_outboundemail")) == 2
    )
    # The files the person uploaded, not the PDF printed for them.
    files = [f.original_name for t in tables for f in t.files]
    assert files == ["活動報告.pdf"]


# ---------------------------------------------------------------- erasure


def test_an_erasure_leaves_no_trace_of_the_person_in_the_registry_or_the_platform(
    django_capture_on_commit_callbacks,
):
    person, made = person_with_records()
    email = person.email
    needles = [
        NAMES["family_name"],
        NAMES["given_name"],
        NAMES["family_name_kana"],
        NAMES["given_name_kana"],
        email,
        PHONE,
        MOBILE,
    ]
    assert traces(needles), "the world holds the person's data"
    import_file, roster = made["core.StoredFile"][1], made["core.StoredFile"][2]
    storage = StoredFile._meta.get_field("file").storage
    assert storage.exists(import_file.file.name) and storage.exists(roster.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        erase(person)

    assert traces(needles) == []
    alias = pseudonym(person)
    assert person.full_name == alias and person.erased_at is not None
    assert (person.email, person.phone, person.address, person.notes) == (
        "",
        "",
        "",
        "",
    )
    # Kept under the pseudonym: the confirmed place (ended today), the office, the
    # books, the request; gone: the unconfirmed request, the print job, the
    # unsent email, the uploaded list and the printed PDF (bytes too).
    confirmed, unconfirmed = made["members.Affiliation"]
    assert Affiliation.objects.get(pk=confirmed.pk).end == timezone.localdate()
    assert not Affiliation.objects.filter(pk=unconfirmed.pk).exists()
    assert str(
        RoleAssignment.objects.get(pk=made["members.RoleAssignment"][0].pk)
    ).startswith(alias)
    assert not PrintJob.objects.filter(requested_by=person.account).exists()
    assert not OutboundEmail.objects.filter(
        status=OutboundEmail.Status.QUEUED, pk=made["core.OutboundEmail"][1].pk
    ).exists()
    sent = OutboundEmail.objects.get(pk=made["core.OutboundEmail"][0].pk)
    assert sent.subject == alias and sent.status == OutboundEmail.Status.SENT
    assert not StoredFile.objects.filter(pk__in=[import_file.pk, roster.pk]).exists()
    assert not storage.exists(import_file.file.name)
    assert not storage.exists(roster.file.name)
    # What they uploaded to a W.Co's record stays with it.
    assert StoredFile.objects.filter(pk=made["core.StoredFile"][0].pk).exists()
    assert ImportRow.objects.get(pk=made["members.ImportRow"][0].pk).values == {}
    about = AuditEntry.objects.get(pk=made["core.AuditEntry"][1].pk)
    assert (about.target_label, about.message, about.data) == (alias, "", {})
    acted = AuditEntry.objects.get(pk=made["core.AuditEntry"][0].pk)
    assert acted.actor_label == alias and acted.message == "電話番号"


def test_the_books_keep_their_amounts_and_counts_under_the_pseudonym():
    person, made = person_with_records()
    before = (
        Dues.objects.count(),
        DuesPayment.objects.count(),
        Dues.objects.aggregate(a=Sum("amount"), p=Sum("paid_total")),
        DuesPayment.objects.aggregate(a=Sum("amount")),
    )
    erase(person)
    after = (
        Dues.objects.count(),
        DuesPayment.objects.count(),
        Dues.objects.aggregate(a=Sum("amount"), p=Sum("paid_total")),
        DuesPayment.objects.aggregate(a=Sum("amount")),
    )
    assert after == before
    dues = Dues.objects.get(pk=made["members.Dues"][0].pk)
    assert dues.person_id == person.pk and str(dues.payer) == pseudonym(person)
    assert dues.note == "" and dues.amount == 3_000 and dues.paid_total == 3_000


def test_the_account_is_closed_and_its_address_can_be_used_again(client):
    person, _made = person_with_records()
    account = person.account
    address = account.email
    Authenticator.objects.create(
        user=account, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(account)
    assert client.get(reverse("members:mypage")).status_code == 200

    erase(person)

    account.refresh_from_db()
    assert not account.is_active and not account.has_usable_password()
    assert account.email != address and account.email.endswith("@invalid.example")
    assert (account.first_name, account.last_name) == ("", "")
    assert authenticate(email=address, password=TEST_PASSWORD) is None
    assert not EmailAddress.objects.filter(user=account).exists()
    assert not Authenticator.objects.filter(user=account).exists()
    # Signed out wherever they were signed in.
    assert client.get(reverse("members:mypage")).status_code == 302
    newcomer = User.objects.create_user(email=address, password=TEST_PASSWORD)
    assert authenticate(email=address, password=TEST_PASSWORD) == newcomer


def test_an_erasure_is_idempotent():
    person, _made = person_with_records()
    erase(person)
    erased = Person.objects.get(pk=person.pk)
    again = erase(person)
    assert all(fate != Fate.DELETE for _label, _pk, fate in again)
    assert Person.objects.get(pk=person.pk).full_name == erased.full_name


# ---------------------------------------------------------------- blockers


def test_a_current_office_and_an_unpaid_dues_year_stop_the_erasure_with_their_reason():
    person, _made = person_with_records()
    assert erasure_blockers(person) == []
    office = RoleAssignmentFactory(person=person, role=Role.AUDITOR)
    unpaid = Dues.objects.create(
        person=person,
        fiscal_year=timezone.localdate().year,
        dues_class=DuesClass.INDIVIDUAL,
        amount=3_000,
        invoice_number="M-UNPAID-1",
        invoiced_on=timezone.localdate(),
    )
    with translation.override("en"):
        blockers = erasure_blockers(person)
        office_label = office.label
    # An auditor also sits on the board: the secretariat's blocker names that seat.
    assert len([b for b in blockers if "/secretariat/" not in b.url]) == 2
    role = next(b for b in blockers if "/roles/" in b.url)
    dues = next(b for b in blockers if "/dues/" in b.url)
    assert office_label in role.record and "roles page" in role.action
    assert role.url == reverse("members:role_end", args=[office.pk])
    assert "M-UNPAID-1" in dues.record and "3,000" in dues.record
    assert "payment" in dues.action and "waive" in dues.action
    assert dues.url == reverse("members:dues_detail", args=[unpaid.pk])
    assert all(b.reason for b in blockers)
    with translation.override("en"):
        assert erasure_plan(person).blockers == blockers

    staff = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=staff, role=Role.SECRETARY_GENERAL)
    dues_payment_record(
        actor=staff.account, dues=unpaid, paid_on=timezone.localdate(), amount=3_000
    )
    RoleAssignment.objects.filter(pk=office.pk).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert erasure_blockers(person) == []


# ---------------------------------------------------------------- retention


@pytest.mark.parametrize(
    ("code", "model"),
    [("core.audit_entries", AuditEntry), ("core.export_logs", ExportLog)],
)
def test_retention_deletes_only_the_log_entries_past_the_cutoff(code, model):
    _person, _made = person_with_records()
    declaration, retention = retention_kinds()[code]
    assert declaration.model is model and retention.fate == Fate.DELETE
    assert retention.default_years == 10
    ExportLog.objects.create(what="People", row_count=1, file_format="csv")
    old = list(model.objects.order_by("pk")[:1])
    assert old
    eleven_years_ago = timezone.now() - datetime.timedelta(days=11 * 366)
    model.objects.filter(pk=old[0].pk).update(at=eleven_years_ago)
    recent = model.objects.exclude(pk=old[0].pk).count()
    assert recent
    cutoff = timezone.localdate() - datetime.timedelta(days=10 * 366)
    due = retention.due(cutoff)
    assert list(due.values_list("pk", flat=True)) == [old[0].pk]
    with transaction.atomic():
        records = apply_fate(model, due, retention.fate, retention.scrub, "")
    assert records == [[model._meta.label, str(old[0].pk), "delete"]]
    assert model.objects.count() == recent
    # A moment as the cutoff reads the same.
    assert not retention.due(timezone.now() - datetime.timedelta(days=3650)).exists()


# ---------------------------------------------------------------- the registry's lists


def test_erased_people_leave_the_lists_the_picker_the_search_and_the_counts(client):
    person, _made = person_with_records()
    other = PersonFactory(family_name="消去野", given_name="残子")
    staff = staff_account()
    client.force_login(staff)
    erase(person)
    alias = pseudonym(person)

    page = client.get(reverse("members:person_list"), {"q": "消去野"})
    assert other.full_name in page.text and alias not in page.text
    listing = client.get(reverse("members:person_list")).text
    assert alias not in listing
    for typed in ("消去野", "削除", str(person.pk), alias):
        results = client.get(reverse("members:person_pick"), {"q": typed}).json()
        assert person.pk not in [r["id"] for r in results["results"]]
    export = client.get(reverse("members:person_export"), {"format": "csv"})
    assert alias not in export.content.decode("utf-8-sig")
    count = client.get(reverse("members:index")).context["people_count"]
    assert count == Person.objects.filter(erased_at__isnull=True).count()


def test_an_erased_persons_page_says_so_and_offers_no_edit(client):
    person, _made = person_with_records()
    staff = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=staff, role=Role.SECRETARY_GENERAL)
    client.force_login(staff.account)
    erase(person)
    page = client.get(reverse("members:person_detail", args=[person.pk]))
    assert page.status_code == 200
    assert "erased" in page.text or "削除" in page.text
    assert reverse("members:person_edit", args=[person.pk]) not in page.text
    edit = client.get(reverse("members:person_edit", args=[person.pk]))
    assert edit.status_code == 404


def test_an_edit_or_a_new_place_after_the_erasure_is_refused_with_a_clear_message():
    person, _made = person_with_records()
    staff = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=staff, role=Role.SECRETARY_GENERAL)
    stale = Person.objects.get(pk=person.pk)  # a form opened before the erasure
    erase(person)
    with translation.override("en"):
        with pytest.raises(ServiceError, match="erased"):
            person_update(
                actor=staff.account,
                person=stale,
                data={"phone": "03-0000-0000"},
                expected_version=stale.version,
            )
        with pytest.raises(ServiceError, match="erased"), transaction.atomic():
            affiliation_add(
                actor=staff.account,
                person=stale,
                organization=OrganizationFactory(),
                position=Affiliation.Position.MEMBER,
            )
    assert Person.objects.get(pk=person.pk).phone == ""


def test_every_members_and_core_model_is_declared():
    declared = {d.model for d in declarations()}
    for label in ("members", "core"):
        for model in apps.get_app_config(label).get_models():
            assert model in declared, model._meta.label
