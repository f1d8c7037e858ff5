"""Hostile input to the support section's forms: W.Co School courses and their
sessions, applying (for oneself, for one's people, by proxy), cancelling and
promoting, and the consultation desk from the request to the closed case (see
``forms_helpers``)."""

import pytest

from members.models import Person
from support.models import (
    Application,
    Appointment,
    AppointmentSlot,
    Consultation,
    ConsultationRecord,
    Course,
    CourseCategory,
    CourseSession,
)
from tests.hostile.forms_helpers import FormCase, local, row_of, run_case
from tests.support.factories import (
    ConsultationFactory,
    CourseCategoryFactory,
    CourseFactory,
    SlotFactory,
    at,
)
from wco_sse.core.models import OutboundEmail


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def a_course(demo):
    course = CourseFactory(capacity=5, sessions=2)
    return {"kwargs": {"pk": course.pk}, "course": course.pk}


def a_category(demo):
    return {"category": CourseCategoryFactory().pk}


def members_application(demo, *, waitlisted=False):
    course = CourseFactory(capacity=1 if waitlisted else 5)
    if waitlisted:
        Application.objects.create(
            course=course, person=_person(demo, "citizen"), status="confirmed"
        )
        application = Application.objects.create(
            course=course,
            person=_person(demo, "member"),
            status="waitlisted",
            waitlist_position=1,
        )
    else:
        application = Application.objects.create(
            course=course, person=_person(demo, "member"), status="confirmed"
        )
    return {"kwargs": {"pk": application.pk}}


def citizens_case(demo, *, assigned=True):
    case = ConsultationFactory(
        requester=_person(demo, "citizen"),
        advisor=_person(demo, "advisor") if assigned else None,
        status=Consultation.Status.ASSIGNED if assigned else Consultation.Status.NEW,
    )
    return {"kwargs": {"pk": case.pk}}


def case_with_a_slot(demo):
    made = citizens_case(demo)
    slot = SlotFactory(advisor=_person(demo, "advisor"), starts_at=at(20, 10))
    return {**made, "slot": slot.pk}


def course_state(made):
    pk = made["kwargs"]["pk"]
    return row_of(Course, pk), list(
        CourseSession.objects.filter(course_id=pk).order_by("pk").values()
    )


def application_row(made):
    return row_of(Application, made["kwargs"]["pk"])


def consultation_row(made):
    return row_of(Consultation, made["kwargs"]["pk"])


def new_course(demo, made):
    return {
        "title": "W.Co入門講座",
        "category": made["category"],
        "description": "はじめての方へ",
        "instructor": "山田 花子",
        "capacity": "20",
        "audience": "public",
        "fee_member": "1000",
        "fee_general": "2000",
        "application_opens": local(at(-1)),
        "application_closes": local(at(8)),
        "cancellation_deadline": local(at(7)),
        "sessions-0-starts_at": local(at(10, 13)),
        "sessions-0-ends_at": local(at(10, 16)),
        "sessions-0-venue": "かながわ県民センター",
    }


COURSE_TABLES = (Course, CourseSession, Application)
CASE_TABLES = (Consultation, Appointment, ConsultationRecord)

CASES = (
    FormCase(
        "course_create",
        "support:course_create",
        "school",
        setup=a_category,
        values=new_course,
        tables=COURSE_TABLES,
    ),
    FormCase(
        "course_edit",
        "support:course_edit",
        "school",
        setup=a_course,
        tables=COURSE_TABLES,
        snapshot=course_state,
    ),
    FormCase(
        "course_status",
        "support:course_status",
        "school",
        setup=a_course,
        shown=False,
        values={"status": "finished"},
        fields={"status": "choice"},
        tables=COURSE_TABLES,
        snapshot=course_state,
    ),
    FormCase(
        "category_create",
        "support:category_list",
        "school",
        values={"name": "労協法入門", "sort_order": "10"},
        tables=(CourseCategory,),
    ),
    FormCase(
        "course_email",
        "support:course_email",
        "school",
        setup=a_course,
        values={"subject": "持ち物のお知らせ", "body": "筆記用具をお持ちください。"},
        tables=(OutboundEmail,),
    ),
    FormCase(
        "course_apply",
        "support:course_apply",
        "member",
        setup=a_course,
        values={"note": "託児を希望します", "privacy_consent": "on"},
        tables=COURSE_TABLES,
    ),
    FormCase(
        "course_apply_representative",
        "support:course_apply_representative",
        "rep",
        setup=a_course,
        values=lambda demo, made: {
            "person": _person(demo, "member").pk,
            "note": "",
            "privacy_consent": "on",
        },
        tables=COURSE_TABLES,
    ),
    FormCase(
        "course_apply_proxy[new person]",
        "support:course_apply_proxy",
        "staff",
        setup=a_course,
        values={
            "family_name": "電話",
            "given_name": "太郎",
            "family_name_kana": "デンワ",
            "given_name_kana": "タロウ",
            "phone": "045-000-1111",
            "note": "6月3日に電話、当日払い",
        },
        tables=(*COURSE_TABLES, Person),
    ),
    FormCase(
        "course_apply_proxy[registry]",
        "support:course_apply_proxy",
        "school",
        setup=a_course,
        values=lambda demo, made: {"person": _person(demo, "citizen").pk},
        tables=(*COURSE_TABLES, Person),
    ),
    FormCase(
        "application_cancel",
        "support:application_cancel",
        "member",
        setup=members_application,
        values={"reason": "都合がつかなくなりました"},
        tables=COURSE_TABLES,
        snapshot=application_row,
    ),
    FormCase(
        "application_promote",
        "support:application_promote",
        "school",
        setup=lambda demo: members_application(demo, waitlisted=True),
        values={"reason": "講師の判断で増席"},
        tables=COURSE_TABLES,
        snapshot=application_row,
    ),
    FormCase(
        "consultation_request",
        "support:consultation_request",
        "citizen",
        values={
            "desk": "general",
            "topic": "startup",
            "description": "仲間と配食のW.Coを始めたい。",
            "preferred_times": "平日午後",
            "consent": "on",
        },
        tables=(*CASE_TABLES, Person),
    ),
    FormCase(
        "consultation_intake",
        "support:consultation_intake",
        "staff",
        values={
            "family_name": "窓口",
            "given_name": "次郎",
            "family_name_kana": "マドグチ",
            "phone": "045-000-2222",
            "channel": "phone",
            "desk": "finance",
            "topic": "finance",
            "description": "運転資金の借入について",
            "consent_method": "verbal",
            "consent": "on",
        },
        tables=(*CASE_TABLES, Person),
    ),
    FormCase(
        "consultation_assign",
        "support:consultation_assign",
        "staff",
        setup=lambda demo: citizens_case(demo, assigned=False),
        values=lambda demo, made: {"advisor": _person(demo, "advisor").pk},
        tables=CASE_TABLES,
        snapshot=consultation_row,
    ),
    FormCase(
        "slot_publish",
        "support:slot_list",
        "advisor",
        values={
            "starts_at": local(at(12, 10)),
            "ends_at": local(at(12, 11)),
            "place": "相談室",
        },
        tables=(AppointmentSlot,),
    ),
    FormCase(
        "consultation_book",
        "support:consultation_book",
        "citizen",
        setup=case_with_a_slot,
        values=lambda demo, made: {"slot": made["slot"]},
        tables=(*CASE_TABLES, AppointmentSlot),
        snapshot=consultation_row,
    ),
    FormCase(
        "consultation_records",
        "support:consultation_records",
        "advisor",
        setup=citizens_case,
        values={"body": "事業計画の骨子を確認。次回は資金計画。"},
        tables=CASE_TABLES,
        snapshot=consultation_row,
    ),
    FormCase(
        "consultation_refer",
        "support:consultation_refer",
        "advisor",
        setup=citizens_case,
        values={"referred_to": "神奈川県労働センター", "consent": "on"},
        tables=CASE_TABLES,
        snapshot=consultation_row,
    ),
    FormCase(
        "consultation_close",
        "support:consultation_close",
        "advisor",
        setup=citizens_case,
        values={"outcome": "resolved"},
        tables=CASE_TABLES,
        snapshot=consultation_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_support_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile text, dates or numbers in it the
    form is saved or refused with a message shown, never a server error, and a
    refusal changes nothing."""
    run_case(client, demo, case)
