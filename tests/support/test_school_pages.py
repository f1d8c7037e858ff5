"""The W.Co School's pages: catalogue, course page, applying, staff pages,
documents, reminders and query counts."""

import datetime
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Person, Role
from support import services
from support.models import Application, Attendance, Course
from support.tasks import send_course_reminders
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseCategoryFactory, CourseFactory, at, staff_user
from wco_sse.core.dates import format_moment
from wco_sse.core.models import ExportLog, OutboundEmail

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"
)


def member():
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)
    return person


def pdf_text(content, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- Catalogue ---------------------------------------------------------------------------


def test_catalogue_shows_public_courses_to_anyone_and_members_only_to_members(client):
    public = CourseFactory(title="公開講座")
    members = CourseFactory(title="会員限定講座", members_only=True)
    CourseFactory(title="下書き講座", draft=True)
    url = reverse("support:course_list")
    body = client.get(url).content.decode()
    assert (
        "公開講座" in body and "会員限定講座" not in body and "下書き講座" not in body
    )
    # A visitor opening the members-only course is told it is for members (issue 11),
    # without its details.
    response = client.get(reverse("support:course_detail", args=[members.pk]))
    assert response.status_code == 200
    assert response.templates[0].name == "support/course_members_only.html"
    client.force_login(member().account)
    body = client.get(url).content.decode()
    assert "公開講座" in body and "会員限定講座" in body and "下書き講座" not in body
    response = client.get(reverse("support:course_detail", args=[public.pk]))
    assert response.status_code == 200
    # The page is in Japanese: the course's three seats, none taken.
    assert "残席 3" in response.content.decode()


def test_catalogue_filters_by_category_month_and_audience(client):
    accounting = CourseCategoryFactory(name="会計・税務")
    CourseFactory(title="会計の講座", category=accounting)
    CourseFactory(title="起業の講座")
    client.force_login(member().account)
    url = reverse("support:course_list")
    body = client.get(url, {"category": accounting.pk}).content.decode()
    assert "会計の講座" in body and "起業の講座" not in body
    month = at(10).strftime("%Y-%m")
    body = client.get(url, {"month": month}).content.decode()
    assert "会計の講座" in body
    other = (at(10) + datetime.timedelta(days=62)).strftime("%Y-%m")
    body = client.get(url, {"month": other}).content.decode()
    assert "会計の講座" not in body
    CourseFactory(title="会員向け", members_only=True)
    body = client.get(url, {"audience": "members"}).content.decode()
    assert "会員向け" in body and "会計の講座" not in body
    # Nonsense filters are ignored, not a 500.
    assert client.get(url, {"month": "2026-13", "category": "x"}).status_code == 200


def test_course_ical_lists_every_session(client):
    course = CourseFactory(sessions=3)
    response = client.get(reverse("support:course_ical", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 3


def _count(client, url):
    client.get(url)
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_pages_keep_a_constant_query_count(client):
    """The catalogue, the staff's course list, a course's staff page, the attendance
    sheet, my page and the statistics cost the same for 2 rows or 20."""
    staff = staff_user()
    people = [member() for _ in range(3)]
    course = CourseFactory(capacity=30, sessions=2)
    CourseFactory()
    for person in people:
        services.application_create(actor=person.account, course=course, person=person)
    session = course.sessions.first()
    urls = [
        reverse("support:course_list"),
        reverse("support:course_manage_list"),
        reverse("support:course_manage", args=[course.pk]),
        reverse("support:session_attendance", args=[session.pk]),
        reverse("support:school_stats"),
    ]
    client.force_login(staff)
    before = [_count(client, url) for url in urls]
    for _ in range(8):
        CourseFactory(sessions=2)
    for _ in range(12):
        person = member()
        services.application_create(actor=person.account, course=course, person=person)
    after = [_count(client, url) for url in urls]
    assert after == before
    client.force_login(people[0].account)
    mypage = reverse("members:mypage")
    few = _count(client, mypage)
    for other in CourseFactory.create_batch(4):
        services.application_create(
            actor=people[0].account, course=other, person=people[0]
        )
    assert _count(client, mypage) == few


# --- Applying through the pages -----------------------------------------------------------


def test_member_applies_and_cancels_through_the_pages(client):
    course = CourseFactory(capacity=1)
    person = member()
    client.force_login(person.account)
    apply_url = reverse("support:course_apply", args=[course.pk])
    response = client.post(apply_url, {})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "privacy_consent": [
            "「個人情報の取扱いについて」をお読みいただき、同意してください。"
        ]
    }
    response = client.post(apply_url, {"privacy_consent": "on", "note": "託児希望"})
    application = Application.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "support:application_detail", args=[application.pk]
    )
    assert application.note == "託児希望"
    # Applying again answers with the reason, at the form.
    response = client.post(apply_url, {"privacy_consent": "on"})
    assert "すでに申し込んでいます" in str(response.context["form"].errors)
    response = client.post(
        reverse("support:application_cancel", args=[application.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "cancelled"


def test_representative_page_offers_only_their_people(client):
    course = CourseFactory()
    rep = PersonFactory(with_account=True)
    wco = AffiliationFactory(person=rep, representative=True).organization
    colleague = AffiliationFactory(organization=wco).person
    outsider = member()
    client.force_login(rep.account)
    url = reverse("support:course_apply_representative", args=[course.pk])
    body = client.get(url).content.decode()
    assert colleague.full_name in body and outsider.full_name not in body
    response = client.post(url, {"person": outsider.pk, "privacy_consent": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "person": [f"正しく選択してください。 {outsider.pk} は候補にありません。"]
    }
    response = client.post(url, {"person": colleague.pk, "privacy_consent": "on"})
    assert response.status_code == 302
    application = Application.objects.get(person=colleague)
    assert application.channel == "representative" and application.organization == wco
    # The representative sees and may cancel what they applied for.
    assert (
        client.get(
            reverse("support:application_detail", args=[application.pk])
        ).status_code
        == 200
    )


def test_a_refused_proxy_application_records_no_new_person(client):
    """Applying by proxy for someone new to a course whose applications have closed
    is refused, and the new person is not left in the registry."""
    course = CourseFactory(application_closes=at(-1), application_opens=at(-5))
    client.force_login(staff_user())
    people = Person.objects.count()
    response = client.post(
        reverse("support:course_apply_proxy", args=[course.pk]),
        {"family_name": "電話", "phone": "045-111-2222"},
    )
    assert response.status_code == 200
    closed = format_moment(course.application_closes)  # 2026年12月5日(土) 10:00
    assert response.context["form"].errors == {
        "__all__": [f"申込は{closed}に締め切りました。"]
    }
    assert Person.objects.count() == people
    assert not Application.objects.filter(course=course).exists()


def test_proxy_application_for_a_new_person_by_phone(client):
    course = CourseFactory()
    client.force_login(staff_user())
    url = reverse("support:course_apply_proxy", args=[course.pk])
    assert client.get(url, {"q": "存在しない"}).status_code == 200
    response = client.post(url, {"note": "電話"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["名簿から選ぶか、新しい方のお名前を入力してください。"]
    }
    response = client.post(
        url,
        {
            "family_name": "電話",
            "given_name": "太郎",
            "family_name_kana": "でんわ",
            "phone": "045-111-2222",
            "note": "6/3 電話",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(course=course)
    assert application.channel == "proxy"
    assert application.person.family_name_kana == "デンワ"


# --- Staff pages -------------------------------------------------------------------------


def test_course_form_creates_a_course_with_sessions_and_refuses_bad_input(client):
    category = CourseCategoryFactory()
    client.force_login(staff_user(Role.SCHOOL_COMMITTEE))
    url = reverse("support:course_create")
    assert client.get(url).status_code == 200
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "title": "新しい講座",
        "category": category.pk,
        "capacity": 10,
        "audience": "public",
        "fee_member": 0,
        "fee_general": 500,
        "application_opens": timezone.localtime(at(-1, 9)).strftime(fmt),
        "application_closes": timezone.localtime(at(12, 9)).strftime(fmt),
        "cancellation_deadline": timezone.localtime(at(11, 9)).strftime(fmt),
        "sessions-TOTAL_FORMS": 2,
        "sessions-INITIAL_FORMS": 0,
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 30,
        "sessions-0-starts_at": timezone.localtime(at(10, 13)).strftime(fmt),
        "sessions-0-ends_at": timezone.localtime(at(10, 16)).strftime(fmt),
        "sessions-0-venue": "会議室",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "application_closes": ["申込期間は初回の開始前に締め切ってください。"]
    }
    assert not Course.objects.filter(title="新しい講座").exists()
    data["application_closes"] = timezone.localtime(at(8, 9)).strftime(fmt)
    data["cancellation_deadline"] = timezone.localtime(at(8, 9)).strftime(fmt)
    data["sessions-1-starts_at"] = timezone.localtime(at(17, 16)).strftime(fmt)
    data["sessions-1-ends_at"] = timezone.localtime(at(17, 13)).strftime(fmt)
    data["sessions-1-venue"] = "会議室"
    response = client.post(url, data)
    assert response.status_code == 200
    backwards = "第2回の終了日時が開始日時より前になっています。"
    assert response.context["form"].errors == {"__all__": [backwards]}
    assert response.context["formset"].non_form_errors() == [backwards]
    assert not Course.objects.filter(title="新しい講座").exists()
    data["sessions-1-ends_at"] = timezone.localtime(at(17, 18)).strftime(fmt)
    response = client.post(url, data)
    assert response.status_code == 302
    course = Course.objects.get(title="新しい講座")
    assert course.sessions.count() == 2 and course.status == "draft"


def test_editing_a_course_keeps_the_sessions_left_as_they_were(client):
    """Changing the title alone saves it; of two sessions, the one left alone stays
    when the other is moved."""
    course = CourseFactory(sessions=2)
    first, second = course.sessions.order_by("starts_at")
    client.force_login(staff_user(Role.SCHOOL_COMMITTEE))
    url = reverse("support:course_edit", args=[course.pk])
    response = client.get(url)
    data = {}
    for form in (response.context["form"], *response.context["formset"].forms):
        for field in form:
            value = field.value()
            if hasattr(value, "strftime"):
                value = value.strftime("%Y-%m-%dT%H:%M")
            if value is not None and field.name != "DELETE":
                data[field.html_name] = value
    management = response.context["formset"].management_form
    data.update({field.html_name: field.value() for field in management})
    data["title"] = "題名だけ変えた講座"
    response = client.post(url, data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "題名だけ変えた講座"
    assert list(course.sessions.order_by("starts_at")) == [first, second]
    data["sessions-1-venue"] = "別の会場"
    response = client.post(url, data)
    assert response.status_code == 302
    assert course.sessions.count() == 2
    assert course.sessions.get(pk=second.pk).venue == "別の会場"
    assert course.sessions.get(pk=first.pk).venue == first.venue


def test_attendance_one_tap_toggles_and_answers_the_htmx_fragment(client):
    course = CourseFactory(sessions=2)
    person = member()
    application = services.application_create(
        actor=person.account, course=course, person=person
    )
    session = course.sessions.first()
    client.force_login(staff_user())
    url = reverse(
        "support:session_attendance_toggle", args=[session.pk, application.pk]
    )
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert Attendance.objects.get(session=session, application=application).present
    response = client.post(url)
    assert response.status_code == 302
    assert not Attendance.objects.get(session=session, application=application).present


def test_fee_paid_toggles(client):
    course = CourseFactory()
    person = member()
    application = services.application_create(
        actor=person.account, course=course, person=person
    )
    client.force_login(staff_user())
    url = reverse("support:application_fee", args=[application.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert (
        response.status_code == 200
        and 'aria-pressed="true"' in response.content.decode()
    )
    application.refresh_from_db()
    assert application.fee_paid


def test_participant_export_is_logged(client):
    course = CourseFactory()
    person = member()
    services.application_create(actor=person.account, course=course, person=person)
    client.force_login(staff_user())
    response = client.get(
        reverse("support:course_export", args=[course.pk]), {"format": "csv"}
    )
    assert response.status_code == 200
    assert person.full_name in response.content.decode("utf-8-sig")
    log = ExportLog.objects.get()
    assert log.row_count == 1 and log.file_format == "csv"
    response = client.get(reverse("support:course_export", args=[course.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_email_all_participants(client):
    course = CourseFactory(capacity=1)
    people = [member(), member()]
    for person in people:
        services.application_create(actor=person.account, course=course, person=person)
    client.force_login(staff_user())
    url = reverse("support:course_email", args=[course.pk])
    response = client.post(url, {"subject": "会場変更", "body": "3階に変わりました"})
    assert response.status_code == 302
    sent = OutboundEmail.objects.filter(template="course_message")
    assert [e.to for e in sent] == [people[0].contact_email]
    client.post(url, {"subject": "再送", "body": "全員へ", "include_waitlist": "on"})
    assert OutboundEmail.objects.filter(template="course_message").count() == 3


@needs_poppler
def test_certificate_only_for_those_who_attended_every_session(client, tmp_path):
    course = CourseFactory(sessions=2)
    person = member()
    application = services.application_create(
        actor=person.account, course=course, person=person
    )
    staff = staff_user()
    sessions = list(course.sessions.all())
    services.attendance_toggle(
        actor=staff, session=sessions[0], application=application
    )
    client.force_login(person.account)
    url = reverse("support:application_certificate", args=[application.pk])
    assert client.get(url).status_code == 404
    services.attendance_toggle(
        actor=staff, session=sessions[1], application=application
    )
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert person.full_name.replace(" ", "") in text.replace(" ", "")
    assert "修了証" in text
    client.force_login(member().account)
    assert client.get(url).status_code == 404


@needs_poppler
def test_sign_in_sheet_pdf_lists_the_participants(client, tmp_path):
    course = CourseFactory(title="受付名簿テスト講座")
    person = member()
    services.application_create(actor=person.account, course=course, person=person)
    client.force_login(staff_user())
    response = client.get(
        reverse("support:session_roster", args=[course.sessions.first().pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "受付名簿" in text and "受付名簿テスト講座" in text
    assert person.family_name in text


def test_school_statistics_count_fill_and_attendance(client):
    course = CourseFactory(capacity=4)
    for _ in range(2):
        person = member()
        services.application_create(actor=person.account, course=course, person=person)
    client.force_login(staff_user())
    response = client.get(reverse("support:school_stats"))
    assert response.status_code == 200
    totals = response.context["stats"]["totals"]
    assert (totals["courses"], totals["capacity"], totals["confirmed"]) == (1, 4, 2)
    assert totals["fill_rate"] == 50.0
    assert 'data-chart="bar"' in response.content.decode()
    assert (
        client.get(reverse("support:school_stats"), {"year": "abc"}).status_code == 200
    )


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once_per_person_and_session(
    django_capture_on_commit_callbacks,
):
    """Tomorrow's participants get one reminder each, however often the task runs;
    waitlisted people and other days' sessions get none."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    course = CourseFactory(
        capacity=2,
        application_opens=at(-5),
        application_closes=at(0, 0, 1),
        cancellation_deadline=at(0, 0, 1),
    )
    session = course.sessions.first()
    session.starts_at = timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time(10))
    )
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    # Open until an hour before tomorrow's session: still open whenever the test runs
    # (today's 23:59 had passed when it ran in the last minute of a Japanese day).
    Course.objects.filter(pk=course.pk).update(
        application_opens=at(-5),
        application_closes=session.starts_at - datetime.timedelta(hours=1),
    )
    people = [member() for _ in range(3)]
    for person in people:
        services.application_create(actor=person.account, course=course, person=person)
    CourseFactory()  # its session is in ten days
    with django_capture_on_commit_callbacks(execute=True):
        assert send_course_reminders() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_course_reminders() == 0
    reminders = OutboundEmail.objects.filter(template="course_reminder")
    assert sorted(r.to for r in reminders) == sorted(
        p.contact_email for p in people[:2]
    )
    assert all(r.status == "sent" for r in reminders)


def test_reminders_are_scheduled_by_beat_at_a_stated_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["support-course-reminders"]
    assert entry["task"] == "support.tasks.send_course_reminders"
    assert entry["schedule"].hour == {17}
    assert settings.CELERY_TIMEZONE == "Asia/Tokyo"
