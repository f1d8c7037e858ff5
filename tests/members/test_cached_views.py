"""Role snapshots and page fragments are cached between requests (members.roles,
core.fragments). A change shows on the very next request, and what was rendered
for one viewer never reaches another."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import panels
from members.demo.dues import DEMO_RATES
from members.dues import dues_issue, dues_rate_set
from members.models import Industry, Role
from members.services import role_end
from support.models import Consultation
from support.services import (
    application_cancel,
    application_create,
    appointment_book,
)
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    at,
    staff_user,
)
from wco_sse.core.audit import audit_record
from wco_sse.core.japan import fiscal_year

pytestmark = pytest.mark.django_db


def _day(moment):
    """A day as the portal writes it in Japanese: 2026年12月5日(土)."""
    day = timezone.localtime(moment)
    return f"{day.year}年{day.month}月{day.day}日({'月火水木金土日'[day.weekday()]})"


def _panel(page, key):
    """The HTML of one panel of a W.Co page or my page."""
    return page.split(f'id="panel-{key}"')[1].split("</section>")[0]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_role_counts_from_the_next_request(client):
    person = PersonFactory(with_account=True)
    client.force_login(person.account)
    url = reverse("members:organization_list")
    assert client.get(url).status_code == 403
    RoleAssignmentFactory(person=person, role=Role.SECRETARIAT_STAFF)
    assert client.get(url).status_code == 200


def test_an_ended_role_stops_counting_at_once(client, demo):
    person = PersonFactory(with_account=True)
    assignment = RoleAssignmentFactory(person=person, role=Role.SECRETARIAT_STAFF)
    client.force_login(person.account)
    url = reverse("members:organization_list")
    assert client.get(url).status_code == 200
    role_end(
        actor=demo["secgen"],
        assignment=assignment,
        end=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert client.get(url).status_code == 403


def test_the_w_co_page_shows_a_new_person_and_a_new_name_at_once(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    url = reverse("members:organization_detail", args=[home.pk])
    assert "鴨志田" not in _page(client, url)
    affiliation = AffiliationFactory(
        organization=home, person__family_name="鴨志田", person__given_name="和歌子"
    )
    assert "鴨志田 和歌子" in _page(client, url)
    person = affiliation.person
    person.given_name = "若菜"
    person.save()
    page = _page(client, url)
    assert "鴨志田 若菜" in page
    assert "鴨志田 和歌子" not in page


def test_the_w_co_page_shows_newly_issued_dues_on_the_next_request(client, demo):
    """Issuing a year's dues is one bulk write. The representative's W.Co page shows
    the new invoice in its dues panel on the very next request, not once the panel
    rendered before has expired from the cache."""
    home = demo.ctx.data["home_wco"]
    year = fiscal_year(timezone.localdate())
    for dues_class, amount in DEMO_RATES.items():
        dues_rate_set(
            actor=demo["secgen"], fiscal_year=year, dues_class=dues_class, amount=amount
        )
    url = reverse("members:organization_detail", args=[home.pk])
    client.force_login(demo["rep"])
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    before = _page(client, url)  # the dues panel as cached for this viewer
    assert f"{year}-0" not in before
    issued = dues_issue(actor=demo["secgen"], fiscal_year=year)
    invoice = next(dues for dues in issued if dues.organization_id == home.pk)
    page = _page(client, url)
    assert invoice.invoice_number in page
    assert reverse("members:dues_invoice", args=[invoice.pk]) in page


def test_what_the_registry_sees_on_a_w_co_page_stays_with_the_registry(client, demo):
    home = demo.ctx.data["home_wco"]
    home.notes = "内部メモ：理事会で確認"
    home.save()
    url = reverse("members:organization_detail", args=[home.pk])
    client.force_login(demo["staff"])
    assert "内部メモ：理事会で確認" in _page(client, url)
    client.force_login(demo["rep"])
    page = _page(client, url)
    assert "内部メモ：理事会で確認" not in page
    assert "団体情報を更新" in page  # the representative's own view of the panel


def test_the_registry_list_shows_a_renamed_organization_at_once(client, demo):
    organization = OrganizationFactory(name="ワーカーズ・コレクティブ 鴨志田の森")
    client.force_login(demo["staff"])
    url = reverse("members:organization_list") + "?q=鴨志田"
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    assert "鴨志田の森" in _page(client, url)
    organization.name = "ワーカーズ・コレクティブ 鴨志田の丘"
    organization.save()
    page = _page(client, url)
    assert "鴨志田の丘" in page
    assert "鴨志田の森" not in page


def test_the_registry_list_offers_a_new_industry_at_once(client, demo):
    """The choice filters are rendered once for everyone, until an industry or a
    municipality changes: a new industry is offered on the very next request."""
    client.force_login(demo["staff"])
    url = reverse("members:organization_list")
    _page(client, url)
    assert "古民家再生" not in _page(client, url)
    Industry.objects.create(name="古民家再生")
    assert "古民家再生" in _page(client, url)


def test_the_intake_queue_follows_its_cases_and_their_people(client):
    case = ConsultationFactory(requester__family_name="鴨志田")
    client.force_login(staff_user())
    url = reverse("support:consultation_queue") + f"?desk={case.desk}&status=new"
    case_url = reverse("support:consultation_detail", args=[case.pk])
    page = _page(client, url)
    assert f'href="{case_url}"' in page
    assert "鴨志田" in page
    requester = case.requester
    requester.family_name = "小田切"
    requester.save()
    page = _page(client, url)
    assert "小田切" in page
    assert "鴨志田" not in page
    case.status = Consultation.Status.CLOSED
    case.outcome = Consultation.Outcome.RESOLVED
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "closed_at"])
    assert f'href="{case_url}"' not in _page(client, url)


def test_a_course_card_follows_its_seats_and_sessions(client, demo):
    course = CourseFactory(capacity=2, title="鴨志田講座")
    client.force_login(demo["member"])
    url = reverse("support:course_list")
    assert "残席 2" in _page(client, url)
    applicant = PersonFactory(with_account=True)
    application_create(actor=applicant.account, course=course, person=applicant)
    assert "残席 1" in _page(client, url)
    session = course.sessions.first()
    session.starts_at += datetime.timedelta(hours=1)
    session.ends_at += datetime.timedelta(hours=1)
    session.save()
    start = timezone.localtime(session.starts_at)
    assert f"{start:%H:%M}–" in _page(client, url)


def test_my_page_follows_a_waitlist_that_moves_up(client):
    course = CourseFactory(capacity=1)
    first, second, third = (PersonFactory(with_account=True) for _ in range(3))
    for person in (first, second, third):
        application_create(actor=person.account, course=course, person=person)
    client.force_login(third.account)
    url = reverse("members:mypage")
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    assert "キャンセル待ち 2番目" in _page(client, url)
    ahead = second.course_applications.get(course=course)
    application_cancel(actor=second.account, application=ahead)
    page = _page(client, url)
    assert "キャンセル待ち 1番目" in page
    assert "キャンセル待ち 2番目" not in page


def test_my_page_shows_a_booked_appointment_at_once(client, demo):
    """The consultations panel is cached until a case, an appointment or a slot
    changes: a booking by the desk shows on the requester's next request."""
    requester = PersonFactory(with_account=True)
    case = ConsultationFactory(
        requester=requester,
        advisor=PersonFactory(with_account=True),
        status=Consultation.Status.ASSIGNED,
    )
    slot = SlotFactory(advisor=case.advisor, starts_at=at(5, 14))
    client.force_login(requester.account)
    url = reverse("members:mypage")
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    when = "14:00–15:00"
    assert when not in _panel(_page(client, url), "consultations")
    appointment_book(actor=demo["staff"], consultation=case, slot=slot)
    panel = _panel(_page(client, url), "consultations")
    assert f"面談予約: {_day(slot.starts_at)} {when}" in panel


def test_the_w_co_page_shows_its_own_changes_at_once_and_not_others(client, demo):
    """The changes panel is cached until an entry about this organization is
    written: entries about other records don't make the page read them again."""
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    url = reverse("members:organization_detail", args=[home.pk])
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    _page(client, url)
    audit_record(actor=demo["staff"], action="test.elsewhere", target=CourseFactory())
    with CaptureQueriesContext(connection) as queries:
        _page(client, url)
    assert not [q for q in queries if "members_auditentry" in q["sql"]]
    # Histories show words, not codes: the entry is recognised by its message.
    audit_record(
        actor=demo["staff"], action="test.here", target=home, message="ここでの変更"
    )
    assert "ここでの変更" in _panel(_page(client, url), "changes")


def test_my_page_and_the_w_co_page_show_a_new_application_at_once(client, demo):
    home = demo.ctx.data["home_wco"]
    person = PersonFactory(with_account=True)
    AffiliationFactory(organization=home, person=person, confirmed=True)
    course = CourseFactory(title="コミュニティ・カフェの始め方")
    client.force_login(person.account)
    mine = reverse("members:mypage")
    _page(client, mine)  # the first answer sets the CSRF cookie the next ones send
    assert course.title not in _page(client, mine)
    client.force_login(demo["staff"])
    wco = reverse("members:organization_detail", args=[home.pk])
    _page(client, wco)
    assert course.title not in _page(client, wco)
    application_create(actor=person.account, course=course, person=person)
    assert course.title in _page(client, wco)
    client.force_login(person.account)
    _page(client, mine)
    assert course.title in _page(client, mine)


def _templates(response):
    return [template.name for template in response.templates]


def test_the_w_co_page_is_kept_whole_until_what_it_shows_changes(client, demo):
    """A W.Co page read again is answered from its kept copy, no template rendered;
    a new person in its people panel, or a new name in its heading, shows at once."""
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    url = reverse("members:organization_detail", args=[home.pk])
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    _page(client, url)
    kept = client.get(url)
    assert kept.status_code == 200
    assert "members/organization_detail.html" not in _templates(kept)
    assert home.name in kept.content.decode()
    AffiliationFactory(
        organization=home, person__family_name="鴨志田", person__given_name="和歌子"
    )
    fresh = client.get(url)
    assert "members/organization_detail.html" in _templates(fresh)
    assert "鴨志田 和歌子" in fresh.content.decode()
    home.name = "ワーカーズ・コレクティブ 鴨志田の森"
    home.save()
    assert "ワーカーズ・コレクティブ 鴨志田の森</h1>" in _page(client, url)


def test_a_w_co_page_with_a_panel_rendered_each_time_is_not_kept(client, demo):
    readings = []

    def load(organization, user):
        readings.append(organization.pk)
        return {"assignments": []}

    panel = panels.Panel(
        key="test-uncached",
        title="毎回読む欄",
        template="members/panels/my_roles.html",
        load=load,
        order=50,
    )
    panels.register_panel(panels.ORGANIZATION_PAGE, panel)
    try:
        home = demo.ctx.data["home_wco"]
        client.force_login(demo["staff"])
        url = reverse("members:organization_detail", args=[home.pk])
        for _ in range(3):
            assert "毎回読む欄" in _page(client, url)
        assert len(readings) == 3
    finally:
        panels._registry[panels.ORGANIZATION_PAGE].remove(panel)


def test_my_page_is_kept_whole_until_what_it_shows_changes(client):
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person, confirmed=True)
    course = CourseFactory(title="コミュニティ・カフェの始め方")
    client.force_login(person.account)
    url = reverse("members:mypage")
    _page(client, url)  # the first answer sets the CSRF cookie the next ones send
    _page(client, url)
    kept = client.get(url)
    assert "members/mypage.html" not in _templates(kept)
    assert course.title not in kept.content.decode()
    application_create(actor=person.account, course=course, person=person)
    fresh = client.get(url)
    assert "members/mypage.html" in _templates(fresh)
    assert course.title in _panel(fresh.content.decode(), "courses")
