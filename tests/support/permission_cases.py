"""The support section's rows of the permission matrix.

Written from DESIGN's roles table and issue 5: anyone browses published public
courses, members also members-only ones; everyone with a registry record applies for
themself and requests consultations; W.Co representatives apply for their people;
the school committee and the secretariat run the school; the secretariat takes
consultation intake and assigns advisors; advisors handle the cases assigned to them
and publish slots; the confidential case records are read by the assigned advisor
and the secretary-general only.

A URL with an id answers 404 to everyone outside the page's reach (issue 10): the
object is found first through what this viewer may use the page for, so an existing
object answers as a missing one, for GET and POST alike (the secretariat staff and
the requester see a case but not its records page; a member sees their application
but not its staff pages). 403 stays for pages without an id closed to a role.
"""

from members.models import Desk
from support import services
from support.models import Application, Attendance, Consultation
from tests.permission_vocabulary import *
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    at,
)

SCHOOL = frozenset({"school"})
COURSE_STAFF = SECRETARIAT | SCHOOL
ADVISORS = frozenset({"advisor", "finance-advisor"})
# rep and member belong to the demo's 正会員 W.Co; the board member represents a
# founding partner (not a member organization) and so represents a W.Co-like body.
MEMBERS = REP | MEMBER
REPRESENTATIVES = frozenset({"rep", "board"})


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


# --- Courses ------------------------------------------------------------------------------


def public_course(demo, who):
    return {"pk": CourseFactory().pk}


def members_course(demo, who):
    return {"pk": CourseFactory(members_only=True).pk}


def draft_course(demo, who):
    return {"pk": CourseFactory(draft=True).pk}


def _member_application(demo, *, capacity=5, waitlisted=False):
    course = CourseFactory(capacity=capacity)
    member = _person(demo, "member")
    if waitlisted:
        Application.objects.create(
            course=course,
            person=_person(demo, "citizen"),
            status="confirmed",
        )
        return Application.objects.create(
            course=course, person=member, status="waitlisted", waitlist_position=1
        )
    return Application.objects.create(course=course, person=member, status="confirmed")


def member_application(demo, who):
    """The member's own confirmed application (they applied themself)."""
    return {"pk": _member_application(demo).pk}


def member_waitlisted(demo, who):
    return {"pk": _member_application(demo, capacity=1, waitlisted=True).pk}


def member_completed(demo, who):
    """The member attended every session of a course: a certificate is due."""
    application = _member_application(demo)
    for session in application.course.sessions.all():
        Attendance.objects.create(
            session=session, application=application, present=True
        )
    return {"pk": application.pk}


def course_session(demo, who):
    return {"pk": _member_application(demo).course.sessions.first().pk}


def session_participant(demo, who):
    application = _member_application(demo)
    return {
        "pk": application.course.sessions.first().pk,
        "application_pk": application.pk,
    }


# --- Consultations -------------------------------------------------------------------------


def _case(demo, advisor_role):
    desk = Desk.FINANCE if advisor_role == "finance-advisor" else Desk.GENERAL
    return ConsultationFactory(
        requester=_person(demo, "citizen"),
        desk=desk,
        advisor=_person(demo, advisor_role),
        status=Consultation.Status.ASSIGNED,
    )


def advisors_case(demo, who):
    """The citizen's case, assigned to the general desk's demo advisor."""
    return {"pk": _case(demo, "advisor").pk}


def other_advisors_case(demo, who):
    """The citizen's case at the finance desk: another advisor's case for advisor@."""
    return {"pk": _case(demo, "finance-advisor").pk}


def booked_appointment(demo, who):
    case = _case(demo, "advisor")
    slot = SlotFactory(advisor=case.advisor, starts_at=at(20, 10), ends_at=at(20, 11))
    appointment = services.appointment_book(
        actor=_person(demo, "citizen").account, consultation=case, slot=slot
    )
    return {"pk": case.pk, "appointment_pk": appointment.pk}


def advisors_open_slot(demo, who):
    return {"pk": SlotFactory(advisor=_person(demo, "advisor")).pk}


def appointment_token(demo, who):
    kwargs = booked_appointment(demo, who)
    from support.models import Appointment

    appointment = Appointment.objects.get(pk=kwargs["appointment_pk"])
    return {"token": services.appointment_ics_token(appointment)}


def citizen_record(demo, who):
    return {"pk": _person(demo, "citizen").pk}


CASE_SEERS = CITIZEN | frozenset({"advisor"}) | SECRETARIAT

CASES = (
    # --- W.Co School: public pages ---------------------------------------------------------------
    Case("support:course_list", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    Case(
        "support:course_detail",
        kwargs=public_course,
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    # A published members-only course is announced to everyone: members (and those
    # who run the school) see it; anyone else a page saying it is for members, with
    # sign-in. Its calendar and its application pages stay the members'.
    Case(
        "support:course_detail",
        kwargs=members_course,
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    Case(
        "support:course_detail",
        kwargs=draft_course,
        get=reach(COURSE_STAFF, anonymous=NOT_FOUND),
        post=reach(COURSE_STAFF, NOT_ALLOWED, anonymous=NOT_FOUND),
    ),
    Case(
        "support:course_ical",
        kwargs=public_course,
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    # --- Applying -----------------------------------------------------------------------------------
    # Everyone with a registry record applies for themself; an empty POST lacks the
    # privacy consent.
    Case(
        "support:course_apply",
        kwargs=public_course,
        get=signed_in(PAGE),
        post=signed_in(FORM_ERRORS),
    ),
    Case(
        "support:course_apply",
        kwargs=members_course,
        get=reach(MEMBERS | COURSE_STAFF),
        post=reach(MEMBERS | COURSE_STAFF, FORM_ERRORS),
    ),
    Case(
        "support:course_apply_representative",
        kwargs=public_course,
        get=reach(REPRESENTATIVES),
        post=reach(REPRESENTATIVES, FORM_ERRORS),
    ),
    # 代理申込: the secretariat and the school committee, for someone who phoned in.
    Case(
        "support:course_apply_proxy",
        kwargs=public_course,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, FORM_ERRORS),
    ),
    # --- One application: its owner and those who run the school ------------------------------------
    Case(
        "support:application_detail",
        kwargs=member_application,
        get=reach(MEMBER | COURSE_STAFF),
        post=reach(MEMBER | COURSE_STAFF, NOT_ALLOWED),
    ),
    # Cancelling needs no reason: an empty POST cancels.
    Case(
        "support:application_cancel",
        kwargs=member_application,
        get=reach(MEMBER | COURSE_STAFF),
        post=reach(MEMBER | COURSE_STAFF, DONE),
    ),
    # Promotion out of order is the staff's, with a reason (an empty POST lacks it).
    Case(
        "support:application_promote",
        kwargs=member_waitlisted,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, FORM_ERRORS),
    ),
    Case(
        "support:application_fee",
        kwargs=member_application,
        get=reach(COURSE_STAFF, NOT_ALLOWED),
        post=reach(COURSE_STAFF, DONE),
    ),
    Case(
        "support:application_certificate",
        kwargs=member_completed,
        get=reach(MEMBER | COURSE_STAFF),
        post=reach(MEMBER | COURSE_STAFF, NOT_ALLOWED),
    ),
    # --- Running the school: the school committee and the secretariat -------------------------------
    Case(
        "support:course_manage_list",
        get=allow(COURSE_STAFF),
        post=allow(COURSE_STAFF, NOT_ALLOWED),
    ),
    Case(
        "support:course_create",
        get=allow(COURSE_STAFF),
        post=allow(COURSE_STAFF, FORM_ERRORS),
    ),
    Case(
        "support:course_manage",
        kwargs=public_course,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, NOT_ALLOWED),
    ),
    Case(
        "support:course_edit",
        kwargs=public_course,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, FORM_ERRORS),
    ),
    # An empty POST names no state: the page comes back with the message.
    Case(
        "support:course_status",
        kwargs=public_course,
        get=reach(COURSE_STAFF, NOT_ALLOWED),
        post=reach(COURSE_STAFF, DONE),
    ),
    Case(
        "support:course_export",
        kwargs=public_course,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, NOT_ALLOWED),
    ),
    Case(
        "support:course_email",
        kwargs=public_course,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, FORM_ERRORS),
    ),
    Case(
        "support:session_attendance",
        kwargs=course_session,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, NOT_ALLOWED),
    ),
    Case(
        "support:session_attendance_toggle",
        kwargs=session_participant,
        get=reach(COURSE_STAFF, NOT_ALLOWED),
        post=reach(COURSE_STAFF, DONE),
    ),
    Case(
        "support:session_roster",
        kwargs=course_session,
        get=reach(COURSE_STAFF),
        post=reach(COURSE_STAFF, NOT_ALLOWED),
    ),
    Case(
        "support:category_list",
        get=allow(COURSE_STAFF),
        post=allow(COURSE_STAFF, FORM_ERRORS),
    ),
    Case(
        "support:school_stats",
        get=allow(COURSE_STAFF),
        post=allow(COURSE_STAFF, NOT_ALLOWED),
    ),
    # --- Consultation desk -----------------------------------------------------------------------
    Case("support:consultation_home", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    Case(
        "support:consultation_request",
        get=signed_in(PAGE),
        post=signed_in(FORM_ERRORS),
    ),
    Case(
        "support:consultation_intake",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:consultation_queue",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "support:assigned_cases",
        get=allow(ADVISORS),
        post=allow(ADVISORS, NOT_ALLOWED),
    ),
    # A case: its requester, its assigned advisor and the secretariat; to everyone
    # else (another advisor included) it does not exist.
    Case(
        "support:consultation_detail",
        kwargs=advisors_case,
        get=reach(CASE_SEERS),
        post=reach(CASE_SEERS, NOT_ALLOWED),
    ),
    Case(
        "support:consultation_detail",
        kwargs=other_advisors_case,
        get=reach(CITIZEN | SECRETARIAT | {"finance-advisor"}),
        post=reach(CITIZEN | SECRETARIAT | {"finance-advisor"}, NOT_ALLOWED),
    ),
    Case(
        "support:consultation_assign",
        kwargs=advisors_case,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:consultation_book",
        kwargs=advisors_case,
        get=reach(CITIZEN | SECRETARIAT),
        post=reach(CITIZEN | SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:appointment_cancel",
        kwargs=booked_appointment,
        get=reach(CITIZEN | SECRETARIAT, NOT_ALLOWED),
        post=reach(CITIZEN | SECRETARIAT, DONE),
    ),
    # Whoever is shown the calendar link may renew it (the old one stops working).
    Case(
        "support:appointment_ics_renew",
        kwargs=booked_appointment,
        get=reach(CASE_SEERS, NOT_ALLOWED),
        post=reach(CASE_SEERS, DONE),
    ),
    # 相談記録（非公開）: the assigned advisor and the secretary-general read them;
    # only the advisor writes (an empty POST re-renders the form, logged as a read).
    Case(
        "support:consultation_records",
        kwargs=advisors_case,
        get=reach({"advisor"} | SECGEN),
        post=reach({"advisor"}, FORM_ERRORS),
    ),
    Case(
        "support:consultation_records",
        kwargs=other_advisors_case,
        get=reach({"finance-advisor"} | SECGEN),
        post=reach({"finance-advisor"}, FORM_ERRORS),
    ),
    Case(
        "support:consultation_refer",
        kwargs=advisors_case,
        get=reach({"advisor"}),
        post=reach({"advisor"}, FORM_ERRORS),
    ),
    Case(
        "support:consultation_close",
        kwargs=advisors_case,
        get=reach({"advisor"} | SECRETARIAT),
        post=reach({"advisor"} | SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:slot_list",
        get=allow(ADVISORS),
        post=allow(ADVISORS, FORM_ERRORS),
    ),
    # An advisor's own slot; another advisor's does not exist for them.
    Case(
        "support:slot_withdraw",
        kwargs=advisors_open_slot,
        get=reach({"advisor"}, NOT_ALLOWED),
        post=reach({"advisor"}, DONE),
    ),
    # The signed link in the appointment emails: it names nobody and opens for the
    # person without an account who booked by phone.
    Case(
        "support:appointment_ics",
        kwargs=appointment_token,
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    Case(
        "support:consultation_stats",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # A person's own disclosure export, records included: the secretary-general.
    Case(
        "support:consultation_disclosure",
        kwargs=citizen_record,
        get=reach(SECGEN),
        post=reach(SECGEN, NOT_ALLOWED),
    ),
)


# Industry meetings, projects and the talent bank (issue 15): one module per part.
from tests.support.cases_industry import CASES as INDUSTRY  # noqa: E402
from tests.support.cases_projects import CASES as PROJECTS  # noqa: E402
from tests.support.cases_requests import CASES as REQUESTS  # noqa: E402
from tests.support.cases_talent import CASES as TALENT  # noqa: E402

CASES = CASES + INDUSTRY + PROJECTS + TALENT + REQUESTS
