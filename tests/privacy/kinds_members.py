"""The registry's and the platform's records of one person (``tests/privacy/world``):
a row of every members and core model that names them, none of which blocks an
erasure (their office ended last year, their dues are paid)."""

import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from members.dues import dues_payment_record
from members.models import (
    Affiliation,
    Dues,
    DuesClass,
    ImportBatch,
    ImportRow,
    PrivacyRequest,
    Role,
    RoleAssignment,
)
from members.models.roles import EndReason
from members.services import (
    affiliation_add,
    affiliation_request,
    person_update,
    role_assign,
)
from tests.factories import OrganizationFactory, PersonFactory, RoleAssignmentFactory
from wco_sse.core.audit import audit_record
from wco_sse.core.models import (
    ExportLog,
    OutboundEmail,
    PrintJob,
    StoredFile,
)


def _secretary_general():
    officer = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=officer, role=Role.SECRETARY_GENERAL)
    return officer.account


def _stored_file(*, name, content, uploaded_by, attached_to):
    stored = StoredFile(
        original_name=name,
        kind=name.rsplit(".", 1)[-1],
        content_type="text/csv" if name.endswith(".csv") else "application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=uploaded_by,
        uploaded_at=timezone.now(),
        attached_type=ContentType.objects.get_for_model(attached_to),
        attached_id=str(attached_to.pk),
    )
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()
    return stored


def make(person):
    account = person.account
    officer = _secretary_general()
    today = timezone.localdate()
    name = person.full_name

    # Their own change of their profile (an audit entry about them, by them).
    person = person_update(
        actor=account,
        person=person,
        data={"phone": "045-000-1234", "mobile": "090-1111-2222"},
        expected_version=person.version,
    )

    wco = OrganizationFactory()
    confirmed = affiliation_add(
        actor=officer,
        person=person,
        organization=wco,
        position=Affiliation.Position.MEMBER,
        start=today - datetime.timedelta(days=400),
    )
    unconfirmed = affiliation_request(
        actor=account, person=person, organization=OrganizationFactory()
    )

    office = role_assign(
        actor=officer,
        person=person,
        role=Role.DIRECTOR,
        start=today - datetime.timedelta(days=800),
        end=today - datetime.timedelta(days=70),
        note=f"{name}さん、任期満了",
    )
    RoleAssignment.objects.filter(pk=office.pk).update(
        end_reason=EndReason.TERM_EXPIRED
    )

    dues = Dues.objects.create(
        person=person,
        fiscal_year=today.year - 1,
        dues_class=DuesClass.INDIVIDUAL,
        amount=3_000,
        invoice_number=f"M-{person.pk}-{today.year - 1}",
        invoiced_on=today - datetime.timedelta(days=300),
        note=f"{name}様 口座振替",
    )
    payment = dues_payment_record(
        actor=officer,
        dues=dues,
        paid_on=today - datetime.timedelta(days=290),
        amount=3_000,
        note=f"振込人 {person.full_name_kana}",
    )
    dues.refresh_from_db()

    # As the one who acted, on someone else's record.
    acted = audit_record(
        actor=account,
        action="organization.update",
        target=wco,
        message="電話番号",
    )
    # About them, with their details in the message.
    about = audit_record(
        actor=officer,
        action="person.note",
        target=person,
        message=f"{name} {person.email} {person.phone}",
        data={"changes": {"phone": ["", person.phone]}},
    )

    sent = OutboundEmail.objects.create(
        key=f"privacy-world:sent:{person.pk}",
        template="contact_email_changed",
        to=person.email,
        language="ja",
        subject=f"{name}様 ご登録内容の変更",
        body_text=f"{name}様\n{person.phone}",
        body_html=f"<p>{name}様</p>",
        status=OutboundEmail.Status.SENT,
        sent_at=timezone.now(),
    )
    queued = OutboundEmail.objects.create(
        key=f"privacy-world:queued:{person.pk}",
        template="contact_email_changed",
        to=person.email.upper(),
        language="ja",
        subject=f"{name}様",
        body_text=f"{name}様",
    )

    uploaded = _stored_file(
        name="活動報告.pdf",
        content=b"%PDF-1.4 report",
        uploaded_by=account,
        attached_to=wco,
    )

    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.PEOPLE,
        original_name="people.csv",
        status=ImportBatch.Status.COMMITTED,
        uploaded_by=officer,
        committed_at=timezone.now(),
    )
    batch.file = _stored_file(
        name="people.csv",
        content=f"姓,名,メール\n{person.family_name},{person.given_name},"
        f"{person.email}\n".encode(),
        uploaded_by=officer,
        attached_to=batch,
    )
    batch.save(update_fields=["file"])
    row = ImportRow.objects.create(
        batch=batch,
        row_number=2,
        outcome=ImportRow.Outcome.UPDATE,
        values={
            "姓": person.family_name,
            "名": person.given_name,
            "メール": person.email,
        },
        errors=[f"{name}: 電話番号 {person.phone}"],
        person=person,
    )

    job = PrintJob.objects.create(
        document="members.member_roster",
        title="会員名簿",
        filename="roster.pdf",
        requested_by=account,
        status=PrintJob.Status.DONE,
    )
    job.result = _stored_file(
        name="roster.pdf",
        content=f"%PDF-1.4 {name}".encode(),
        uploaded_by=account,
        attached_to=job,
    )
    job.save(update_fields=["result"])

    request = PrivacyRequest.objects.create(
        person=person,
        kind=PrivacyRequest.Kind.CORRECTION,
        channel=PrivacyRequest.Channel.MY_PAGE,
        details=f"{name}の電話番号 {person.phone} を直してください",
        answer=f"{name}様、訂正しました",
        requested_by=account,
        state=PrivacyRequest.State.DONE,
        closed_at=timezone.now(),
    )

    export_log = ExportLog.objects.create(
        actor=account, what="People", filters="q=山田", row_count=3, file_format="csv"
    )

    return {
        "members.Person": [person],
        "members.User": [account],
        "members.Affiliation": [confirmed, unconfirmed],
        "members.RoleAssignment": [office],
        "members.Dues": [dues],
        "members.DuesPayment": [payment],
        "members.ImportBatch": [batch],
        "members.ImportRow": [row],
        "members.PrivacyRequest": [request],
        "core.AuditEntry": [acted, about],
        "core.OutboundEmail": [sent, queued],
        "core.StoredFile": [uploaded, batch.file, job.result],
        "core.PrintJob": [job],
        "core.ExportLog": [export_log],
    }
