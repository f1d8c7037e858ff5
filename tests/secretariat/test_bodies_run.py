"""Bodies a section runs (issue 13): ``secretariat.run_body`` lets the body's section
run an ad-hoc body with the secretariat; statutory bodies stay the secretariat's.
A W.Co's representative names its delegate on a body's seat."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secretariat import services
from secretariat.models import Body, BodyMember, Meeting
from tests.factories import (
    AffiliationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _meeting(**kwargs):
    return services.meeting_create(place="W.Co SSE 会議室", **kwargs)


# --- run_body ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "runs"),
    [
        ("secgen", True),
        ("staff", True),
        ("network", True),
        ("support", False),
        ("business", False),
        ("board", False),
        ("auditor", False),
        ("council", False),
        ("rep", False),
        ("member", False),
    ],
)
def test_run_body_goes_to_the_secretariat_and_the_bodys_section(demo, who, runs):
    body = h.network_body(demo)
    assert demo[who].has_perm("secretariat.run_body", body) is runs
    # The board stays the secretariat's, whoever sits in a section.
    assert demo[who].has_perm("secretariat.run_body", h.board()) is (
        who in ("secgen", "staff")
    )


def test_a_body_without_a_section_is_the_secretariats_alone(demo):
    body = services.body_create(actor=demo["staff"], name="事務局の委員会")
    assert demo["staff"].has_perm("secretariat.run_body", body)
    assert not demo["network"].has_perm("secretariat.run_body", body)


def test_a_network_member_runs_the_network_bodys_meetings_and_members(demo):
    body = h.network_body(demo)
    meeting = _meeting(
        actor=demo["network"], body=body, title="第1回連携会議", starts_at=h.at(20)
    )
    member = services.body_member_add(
        actor=demo["network"], body=body, person=demo["member"].person
    )
    services.attendance_set(
        actor=demo["network"],
        meeting=meeting,
        kind="present",
        person=demo["member"].person,
    )
    assert member.body == body and meeting.attendances.count() == 1
    # Another section's member may not, nor on the board.
    with pytest.raises(PermissionDenied):
        _meeting(actor=demo["support"], body=body, title="x", starts_at=h.at(21))
    with pytest.raises(PermissionDenied):
        services.body_member_add(
            actor=demo["support"], body=body, person=demo["rep"].person
        )
    with pytest.raises(PermissionDenied):
        _meeting(actor=demo["network"], body=h.board(), title="x", starts_at=h.at(21))


def test_a_full_time_officer_reads_the_network_bodies_and_runs_none(demo):
    officer = UserFactory()
    RoleAssignmentFactory(
        person=PersonFactory(account=officer), role="full_time_officer"
    )
    network = h.network_body(demo)
    support = services.body_create(
        actor=demo["staff"], name="業種別会議（介護）", section="support"
    )
    assert officer.has_perm("secretariat.view_body", network)
    assert not officer.has_perm("secretariat.run_body", network)
    assert not officer.has_perm("secretariat.view_body", support)


def test_a_network_member_writes_the_minutes_of_a_network_meeting(demo):
    body = h.network_body(demo)
    meeting = _meeting(
        actor=demo["network"], body=body, title="第1回連携会議", starts_at=h.at(20)
    )
    services.meeting_convene(actor=demo["network"], meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=h.at(0, hour=0))
    meeting.refresh_from_db()
    services.meeting_hold(actor=demo["network"], meeting=meeting)
    minutes = services.minutes_start(actor=demo["network"], meeting=meeting)
    assert minutes.meeting == meeting
    with pytest.raises(PermissionDenied):
        services.minutes_update(
            actor=demo["support"],
            minutes=minutes,
            opening="",
            auditors_statements="",
            other_matters="",
            writer=None,
        )


def test_a_support_member_does_not_find_a_network_bodys_pages(client, demo):
    body = h.network_body(demo)
    meeting = _meeting(
        actor=demo["network"], body=body, title="第1回連携会議", starts_at=h.at(20)
    )
    urls = [
        reverse("secretariat:body_detail", args=[body.pk]),
        reverse("secretariat:body_member_add", args=[body.pk]),
        reverse("secretariat:meeting_detail", args=[meeting.pk]),
        reverse("secretariat:meeting_edit", args=[meeting.pk]),
        reverse("secretariat:meeting_attendance", args=[meeting.pk]),
    ]
    client.force_login(demo["support"])
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    client.force_login(demo["network"])
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    # The board reads the network's bodies and meetings, and changes nothing.
    client.force_login(demo["board"])
    assert [client.get(url).status_code for url in urls] == [200, 404, 200, 404, 404]


def test_a_network_member_schedules_only_the_bodies_they_run(client, demo):
    network = h.network_body(demo)
    support = services.body_create(
        actor=demo["staff"], name="業種別会議（介護）", section="support"
    )
    client.force_login(demo["network"])
    page = client.get(reverse("secretariat:meeting_create"))
    choices = [pk for pk, _label in page.context["form"].fields["body"].choices if pk]
    assert [int(str(pk)) for pk in choices] == [network.pk]
    answer = client.post(
        reverse("secretariat:meeting_create"),
        {
            "body": support.pk,
            "title": "x",
            "kind": "ordinary",
            "starts_at": "2030-01-01T10:00",
        },
    )
    assert answer.status_code == 200 and "body" in answer.context["form"].errors
    assert not support.meetings.exists()


def test_the_body_form_sets_the_section_and_category(client, demo):
    client.force_login(demo["staff"])
    page = client.get(reverse("secretariat:body_create"))
    data = {
        name: field.initial if field.initial is not None else ""
        for name, field in page.context["form"].fields.items()
    }
    data.update(
        name="まちづくり会議", section="network", category="community", is_active="on"
    )
    data = {k: v for k, v in data.items() if v is not False}
    answer = client.post(reverse("secretariat:body_create"), data)
    assert answer.status_code == 302, answer.context["form"].errors
    body = Body.objects.get(name="まちづくり会議")
    assert (body.section, body.category) == ("network", "community")
    # The board's rules have no section to choose.
    edit = client.get(reverse("secretariat:body_edit", args=[h.board().pk]))
    assert "section" not in edit.context["form"].fields
    with pytest.raises(ServiceError) as refused:
        services.body_update(actor=demo["staff"], body=h.board(), section="network")
    assert refused.value.field == "section"


# --- The network landing page --------------------------------------------------------------


def _landing_queries(client, user):
    client.force_login(user)
    client.get(reverse("network:index"))  # warm the session and role caches
    # The page as rendered, not as kept for the viewer (core.views.CachedPageMixin):
    # each measured reading asks with a query string of its own.
    _landing_queries.readings += 1
    with CaptureQueriesContext(connection) as queries:
        page = client.get(
            reverse("network:index"), {"reading": _landing_queries.readings}
        )
    assert page.status_code == 200
    return page, len(queries)


_landing_queries.readings = 0


def test_the_network_landing_lists_its_bodies_and_next_meetings_at_constant_queries(
    client, demo
):
    first = h.network_body(demo)
    _meeting(
        actor=demo["network"], body=first, title="第1回連携会議", starts_at=h.at(10)
    )
    page, one = _landing_queries(client, demo["network"])
    assert "第1回連携会議" in page.content.decode()
    for n in range(4):
        body = h.network_body(demo, name=f"プロジェクト{n}", category="project_team")
        for days in (5, 30):
            _meeting(
                actor=demo["network"],
                body=body,
                title=f"第{days}日会議{n}",
                starts_at=h.at(days),
            )
    page, five = _landing_queries(client, demo["network"])
    text = page.content.decode()
    assert one == five
    # Each body shows its next meeting, not the later one.
    assert "第5日会議3" in text and "第30日会議3" not in text
    # The board reads it; a support member does not see the page.
    board_page, _count = _landing_queries(client, demo["board"])
    assert "第1回連携会議" in board_page.content.decode()
    client.force_login(demo["support"])
    assert client.get(reverse("network:index")).status_code == 403


# --- Seats and delegates -----------------------------------------------------------------


def test_the_representative_changes_the_delegate_in_one_call_and_the_section_is_told(
    demo, django_capture_on_commit_callbacks
):
    seat = h.seat(demo)
    home = demo.ctx.data["home_wco"]
    new_person = demo["member"].person
    with django_capture_on_commit_callbacks(execute=True):
        new = services.body_delegate_change(
            actor=demo["rep"], seat=seat, person=new_person
        )
    seat.refresh_from_db()
    today = timezone.localdate()
    assert seat.end == today - datetime.timedelta(days=1)
    assert (new.person, new.organization, new.start, new.end) == (
        new_person,
        home,
        today,
        None,
    )
    current = BodyMember.objects.current().filter(body=seat.body, organization=home)
    assert list(current) == [new]
    # The network section's members are told, in Japanese.
    told = [m for m in mail.outbox if m.to == [demo["network"].email]]
    assert len(told) == 1
    assert home.name in told[0].subject
    assert new_person.full_name in told[0].body
    assert OutboundEmail.objects.filter(template="secretariat/delegate_changed").count()


def test_a_delegate_not_confirmed_in_the_wco_is_refused_at_the_field(client, demo):
    seat = h.seat(demo)
    home = demo.ctx.data["home_wco"]
    pending = PersonFactory(family_name="未確認", given_name="花子")
    AffiliationFactory(person=pending, organization=home, confirmed=False)
    client.force_login(demo["rep"])
    url = reverse("secretariat:seat_delegate", args=[seat.pk])
    answer = client.post(url, {"person": pending.pk})
    assert answer.status_code == 200
    errors = answer.context["form"].errors["person"]
    assert errors == [f"{pending}さんは{home}の確認済みのメンバーではありません。"]
    assert list(BodyMember.objects.filter(body=seat.body, end__isnull=True)) == [seat]
    # Someone from nowhere near the W.Co is not even a choice.
    stranger = PersonFactory()
    answer = client.post(url, {"person": stranger.pk})
    assert "person" in answer.context["form"].errors
    # A confirmed person is taken.
    answer = client.post(url, {"person": demo["member"].person.pk})
    assert answer.status_code == 302
    assert BodyMember.objects.get(body=seat.body, end__isnull=True).person == (
        demo["member"].person
    )


def test_the_wco_page_shows_its_seats_to_the_representative(client, demo):
    seat = h.seat(demo)
    client.force_login(demo["rep"])
    page = client.get(
        reverse("members:organization_detail", args=[seat.organization_id])
    )
    text = page.content.decode()
    assert "会議体の議席と派遣委員" in text and seat.body.name in text
    assert reverse("secretariat:seat_delegate", args=[seat.pk]) in text
    # A member of the W.Co does not get the panel.
    client.force_login(demo["member"])
    page = client.get(
        reverse("members:organization_detail", args=[seat.organization_id])
    )
    assert reverse("secretariat:seat_delegate", args=[seat.pk]) not in (
        page.content.decode()
    )


def test_another_wcos_representative_does_not_find_the_seat(client, demo):
    seat = h.seat(demo, organization=demo.ctx.data["wcos"][1])
    client.force_login(demo["rep"])
    url = reverse("secretariat:seat_delegate", args=[seat.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"person": demo["member"].person.pk}).status_code == 404


def test_a_former_delegate_loses_access_on_the_next_request(client, demo):
    seat = h.seat(demo)
    meeting = _meeting(
        actor=demo["network"], body=seat.body, title="第1回連携会議", starts_at=h.at(9)
    )
    url = reverse("secretariat:meeting_detail", args=[meeting.pk])
    client.force_login(demo["rep"])
    assert client.get(url).status_code == 200
    services.body_delegate_change(
        actor=demo["rep"], seat=seat, person=demo["member"].person
    )
    assert client.get(url).status_code == 404
    client.force_login(demo["member"])
    assert client.get(url).status_code == 200


def test_a_second_seat_for_the_same_wco_is_refused(demo):
    seat = h.seat(demo)
    with pytest.raises(ServiceError) as refused:
        services.body_member_add(
            actor=demo["staff"],
            body=seat.body,
            person=demo["member"].person,
            organization=seat.organization,
        )
    assert refused.value.field == "organization"
