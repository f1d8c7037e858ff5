"""The support section's records of one person (see ``tests/privacy/world.py``):
a closed consultation with its case record, appointment and the desk's read of it,
a request withdrawn before anyone was assigned, a slot the person offers as an
advisor, a course application with attendance, a talent profile with a skill, a
qualification and its evidence file, a proposal of them, a talent request they
made, a project they lead and an issue they recorded.

Made through the services where the person or the secretariat would act; the rest
as tests/support's factories do."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Industry, Section
from secretariat.models import Body
from secretariat.services import meeting_create
from support.models import (
    Application,
    Attendance,
    Consultation,
    ConsultationRecordRead,
    IndustryMeeting,
    Project,
    SharedIssue,
    TalentSkill,
)
from support.services import applications, appointments, casework, talent
from support.services.attendance import attendance_toggle
from support.services.consultations import consultation_assign
from tests.factories import OrganizationFactory, PersonFactory
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    advisor,
    staff_user,
)
from tests.support.talent_factories import (
    proposal,
    qualification,
    talent_profile,
    talent_request,
)

CONSULTATION_TEXT = "夫の勤め先の倒産で事業承継を考えています（相談内容）"
PREFERRED_TIMES = "平日の午後（希望日時）"
CASE_RECORD = "初回面談：債務の状況を確認（相談記録本文）"
REFERRED_TO = "よこはま法律相談センター（紹介先）"
APPLICATION_NOTE = "車椅子で参加します（申込メモ）"
INTRODUCTION = "調理の経験が長いです（自己紹介）"
PROPOSAL_MESSAGE = "ご経験を活かせる案件です（提案メッセージ）"


def consultation(person, *, staff, close=True, **fields):
    """A case of ``person`` assigned to an advisor, with a case record and an
    appointment; closed (advice given) unless ``close`` is False."""
    case = ConsultationFactory(
        requester=person,
        description=CONSULTATION_TEXT,
        preferred_times=PREFERRED_TIMES,
        **fields,
    )
    helper = advisor()
    case = consultation_assign(actor=staff, consultation=case, advisor=helper)
    slot = SlotFactory(advisor=helper)
    appointment = appointments.appointment_book(
        actor=staff, consultation=case, slot=slot
    )
    record = casework.consultation_record_add(
        actor=helper.account, consultation=case, body=CASE_RECORD
    )
    if close:
        case = casework.consultation_close(
            actor=staff, consultation=case, outcome=Consultation.Outcome.ADVICE
        )
    return case, record, appointment


def make(person):
    staff = staff_user()
    case, record, appointment = consultation(person, staff=staff)
    # The referral's text, with the consent the constraint asks for.
    Consultation.objects.filter(pk=case.pk).update(
        referred_to=REFERRED_TO, referral_consent_at=timezone.now()
    )
    withdrawn = ConsultationFactory(
        requester=person,
        description=CONSULTATION_TEXT,
        status=Consultation.Status.CLOSED,
        outcome=Consultation.Outcome.WITHDRAWN,
        closed_at=timezone.now(),
    )
    # The person, as an advisor, read someone else's case records and offers a slot.
    others = ConsultationFactory()
    read = ConsultationRecordRead.objects.create(
        consultation=others,
        reader=person.account,
        reader_label=f"{person} <{person.account.email}>",
        record_count=1,
    )
    slot = SlotFactory(advisor=person)

    course = CourseFactory(sessions=2)
    application = applications.application_create(
        actor=person.account, course=course, person=person
    )
    Application.objects.filter(pk=application.pk).update(note=APPLICATION_NOTE)
    attendance_toggle(
        actor=staff, session=course.sessions.first(), application=application
    )
    attendance = Attendance.objects.get(application=application)

    profile = talent_profile(person, introduction=INTRODUCTION)
    skill = TalentSkill.objects.create(profile=profile, name="調理", years=12)
    held = talent.held_qualification_add(
        actor=person.account,
        profile=profile,
        qualification=qualification("調理師"),
        number="第123456号",
        obtained_on=datetime.date(2010, 4, 1),
        evidence=SimpleUploadedFile(
            "menkyo.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
        ),
    )
    wanted = talent_request(title="配食の調理スタッフ（提案先）")
    proposed = proposal(wanted, profile)
    proposed.message = PROPOSAL_MESSAGE
    proposed.save(update_fields=["message"])
    own_request = talent_request(requested_by=person, title="会計の手伝い")

    project = Project.objects.create(
        title="配食サービスの衛生管理マニュアル",
        question="小規模な配食事業所で続けられる衛生管理の手順は何か。",
        lead=person,
    )
    industry, _created = Industry.objects.get_or_create(name="配食（個人情報）")
    body = Body.objects.create(
        name="配食業種別会議（個人情報）",
        kind=Body.Kind.AD_HOC,
        section=Section.SUPPORT,
        category=Body.Category.INDUSTRY,
    )
    meeting_body = IndustryMeeting.objects.create(industry=industry, body=body)
    held_at = meeting_create(
        actor=staff,
        body=body,
        title="第1回配食業種別会議",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place="W.Co SSE 会議室",
    )
    issue = SharedIssue.objects.create(
        industry_meeting=meeting_body,
        meeting=held_at,
        raised_by=OrganizationFactory(),
        title="衛生管理の負担",
        text="小規模事業所では衛生管理の記録が負担になっている。",
        created_by=person.account,
    )
    # Someone else's case the person advises on (kept).
    advised = ConsultationFactory(
        requester=PersonFactory(), advisor=person, status=Consultation.Status.ASSIGNED
    )
    return {
        "support.Consultation": [case, withdrawn, advised],
        "support.ConsultationRecord": [record],
        "support.ConsultationRecordRead": [read],
        "support.Appointment": [appointment],
        "support.AppointmentSlot": [slot],
        "support.Application": [application],
        "support.Attendance": [attendance],
        "support.TalentProfile": [profile],
        "support.TalentSkill": [skill],
        "support.HeldQualification": [held],
        "support.TalentProposal": [proposed],
        "support.TalentRequest": [own_request],
        "support.Project": [project],
        "support.SharedIssue": [issue],
    }
