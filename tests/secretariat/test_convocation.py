"""The convocation as the secretariat meets it: a preview (the text, the recipients by
channel, the lateness) and a confirmation before anything is sent; the list and
labels for those who get it on paper; a follow-up notice (追加送付) to the same
recipients after the agenda changed; 開催済 confirmed, and not before the day; a
warning at once when a meeting is created too late for its deadlines."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import ContactMethod, Municipality, Organization, Person
from secretariat import services
from secretariat.models import ConvocationDispatch, Meeting
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _contacts():
    """Among the directors without an email address, one asks for FAX and one has
    a postal address (post); the representative director has an email address."""
    directors = [d for d in h.directors() if not d.contact_email]
    by_fax, by_post = directors[0], directors[1]
    Person.objects.filter(pk=by_fax.pk).update(
        preferred_contact=ContactMethod.FAX, fax="045-000-1111"
    )
    Person.objects.filter(pk=by_post.pk).update(
        preferred_contact=ContactMethod.POST,
        postal_code="2310023",
        municipality=Municipality.objects.filter(name__contains="中区").first(),
        address="山下町1-2",
    )
    return Person.objects.get(pk=by_fax.pk), Person.objects.get(pk=by_post.pk)


def _convocation_url(meeting):
    return reverse("secretariat:meeting_convocation", args=[meeting.pk])


def test_the_preview_shows_text_recipients_and_lateness_and_sends_only_when_confirmed(
    client, demo, django_capture_on_commit_callbacks
):
    by_fax, by_post = _contacts()
    meeting = h.meeting(
        demo, days=20, ends_at=h.at(20, hour=16), online_url="https://meet.example.jp/x"
    )
    h.item(demo, status="placed", meeting=meeting, title="講座計画の承認")
    client.force_login(demo["staff"])

    detail = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    assert _convocation_url(meeting) in detail.content.decode()

    page = client.get(_convocation_url(meeting))
    text = page.content.decode()
    start = timezone.localtime(meeting.starts_at)
    weekday = "月火水木金土日"[start.weekday()]
    assert f"{start.year}年{start.month}月{start.day}日({weekday}) 14:00–16:00" in text
    assert "W.Co SSE 会議室" in text and "https://meet.example.jp/x" in text
    assert "講座計画の承認" in text
    assert f"代表理事 {demo['board'].person.full_name}" in text  # the convener
    assert "期限内" in text
    # The recipients by channel: FAX with its number, post with its address.
    assert "045-000-1111" in text
    assert "〒2310023" in text or "〒231-0023" in text
    assert by_fax.full_name in text and by_post.full_name in text
    assert reverse("secretariat:meeting_convocation_labels", args=[meeting.pk]) in text
    assert mail.outbox == []

    # Unconfirmed: nothing sent, the box is asked for.
    response = client.post(_convocation_url(meeting), {})
    assert response.status_code == 200
    assert "チェック" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_convocation_url(meeting), {"confirm": "on"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    emailed = {m.to[0] for m in mail.outbox}
    assert demo["board"].email in emailed
    dispatch = ConvocationDispatch.objects.get(meeting=meeting)
    channels = {r["name"]: r["channel"] for r in dispatch.recipients}
    assert channels[by_fax.full_name] == "fax"
    assert channels[by_post.full_name] == "post"
    # The email says the day of the week, start and end, place, link, convener, agenda.
    body = next(m for m in mail.outbox if m.to == [demo["board"].email]).body
    for part in (
        f"({weekday}) 14:00–16:00",
        "W.Co SSE 会議室",
        "https://meet.example.jp/x",
        "招集者",
        "講座計画の承認",
    ):
        assert part in body


def test_a_late_convocation_is_flagged_before_it_is_sent(client, demo):
    meeting = h.meeting(demo, days=3)
    client.force_login(demo["staff"])
    text = client.get(_convocation_url(meeting)).content.decode()
    assert "遅れ" in text
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED


def test_the_paper_list_and_labels_for_post_and_fax(client, demo):
    by_fax, by_post = _contacts()
    meeting = h.meeting(demo, days=20)
    services.meeting_convene(actor=demo["staff"], meeting=meeting)
    client.force_login(demo["staff"])
    page = client.get(
        reverse("secretariat:meeting_convocation_print", args=[meeting.pk])
    )
    text = page.content.decode()
    assert by_fax.full_name in text and "045-000-1111" in text
    assert by_post.full_name in text and "山下町1-2" in text
    assert (
        demo["board"].person.full_name
        not in text.split("<table")[1].split("</table>")[0]
    )  # by email: not on the paper list
    labels = client.get(
        reverse("secretariat:meeting_convocation_labels", args=[meeting.pk])
    )
    assert labels.status_code == 200
    assert labels["Content-Type"] == "application/pdf"


def test_a_follow_up_notice_goes_to_the_same_recipients_with_what_changed(
    client, demo, django_capture_on_commit_callbacks
):
    meeting = h.meeting(demo, days=20)
    first = h.item(demo, status="placed", meeting=meeting, title="講座計画の承認")
    services.meeting_convene(actor=demo["staff"], meeting=meeting)
    client.force_login(demo["staff"])
    detail_url = reverse("secretariat:meeting_detail", args=[meeting.pk])
    follow_up_url = reverse("secretariat:meeting_follow_up", args=[meeting.pk])
    assert follow_up_url not in client.get(detail_url).content.decode()
    with pytest.raises(ServiceError, match="変更はありません"):
        services.meeting_follow_up(actor=demo["staff"], meeting=meeting)

    # The agenda changes: one item more, and the first renamed.
    h.item(
        demo,
        status="placed",
        meeting=meeting,
        title="事務所移転について",
        section="network",
    )
    first.title = "講座計画（改訂版）の承認"
    first.save()
    # A recipient who changes their contact afterwards still gets it as before.
    Person.objects.filter(pk=demo["board"].person.pk).update(
        preferred_contact=ContactMethod.POST
    )
    assert follow_up_url in client.get(detail_url).content.decode()
    page = client.get(follow_up_url).content.decode()
    assert "事務所移転について" in page and "講座計画（改訂版）の承認" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow_up_url, {"confirm": "on"})
    assert response.status_code == 302
    (email,) = [m for m in mail.outbox if m.to == [demo["board"].email]]
    assert "追加送付" in email.subject
    assert "追加: 事務所移転について" in email.body
    assert "講座計画の承認 → 講座計画（改訂版）の承認" in email.body
    follow_up = ConvocationDispatch.objects.get(
        meeting=meeting, kind=ConvocationDispatch.Kind.FOLLOW_UP
    )
    assert follow_up.recipients == meeting.dispatches.first().recipients
    # Sent: nothing has changed since, so no second one.
    assert follow_up_url not in client.get(detail_url).content.decode()


def test_held_is_not_offered_before_the_day_and_is_confirmed(client, demo):
    meeting = h.meeting(demo, days=20)
    services.meeting_convene(actor=demo["staff"], meeting=meeting)
    client.force_login(demo["staff"])
    detail_url = reverse("secretariat:meeting_detail", args=[meeting.pk])
    status_url = reverse("secretariat:meeting_status", args=[meeting.pk])
    assert f"{status_url}?action=hold" not in client.get(detail_url).content.decode()
    # Not among the choices, and refused if posted anyway.
    page = client.get(status_url).content.decode()
    assert 'value="hold"' not in page
    client.post(status_url, {"action": "hold", "confirm": "on"})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=h.at(0, hour=0))
    assert f"{status_url}?action=hold" in client.get(detail_url).content.decode()
    page = client.get(f"{status_url}?action=hold").content.decode()
    assert "取り消せません" in page
    # Without the box ticked: not held, the page asks again.
    response = client.post(status_url, {"action": "hold"})
    assert response.status_code == 200
    assert "取り消せません" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    response = client.post(status_url, {"action": "hold", "confirm": "on"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_creating_a_meeting_past_its_deadlines_warns_at_once(client, demo):
    client.force_login(demo["staff"])
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        reverse("secretariat:meeting_create"),
        {
            "body": h.board().pk,
            "title": "臨時理事会",
            "kind": "extraordinary",
            "starts_at": f"{day.isoformat()}T14:00",
            "place": "W.Co SSE 会議室",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "招集通知の送付期限" in text  # the notice date has passed
    assert "議案提出締切" in text and "過ぎています" in text
    later = timezone.localdate() + datetime.timedelta(days=40)
    response = client.post(
        reverse("secretariat:meeting_create"),
        {
            "body": h.board().pk,
            "title": "定例理事会",
            "kind": "ordinary",
            "starts_at": f"{later.isoformat()}T14:00",
            "place": "W.Co SSE 会議室",
        },
        follow=True,
    )
    assert "過ぎて" not in response.content.decode()


def test_the_status_page_offers_only_what_the_meeting_can_become(client, demo):
    meeting = h.held_meeting(demo)
    client.force_login(demo["staff"])
    page = client.get(reverse("secretariat:meeting_status", args=[meeting.pk]))
    text = page.content.decode()
    assert 'value="cancel"' not in text and 'value="postpone"' not in text
    assert "状態を変更できません" in text


def test_a_member_organization_is_addressed_onchu(
    demo, django_capture_on_commit_callbacks
):
    """At the general assembly the 社員 are organizations: 御中, not 様."""
    home = demo.ctx.data["home_wco"]
    Organization.objects.filter(pk=home.pk).update(email="office@aoba-wco.example.jp")
    services.email_notice_consent_set(
        actor=demo["staff"],
        organization=Organization.objects.get(pk=home.pk),
        agreed=True,
    )
    meeting = h.meeting(demo, body=h.assembly(), days=30, title="定時社員総会")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=demo["staff"], meeting=meeting)
    (email,) = [m for m in mail.outbox if m.to == ["office@aoba-wco.example.jp"]]
    assert email.body.startswith(f"{home.name} 御中")


def test_a_new_place_after_the_convocation_is_a_follow_up_too(
    demo, django_capture_on_commit_callbacks
):
    meeting = h.meeting(demo, days=20)
    services.meeting_convene(actor=demo["staff"], meeting=meeting)
    services.meeting_update(
        actor=demo["staff"], meeting=meeting, place="かながわ県民センター"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_follow_up(actor=demo["staff"], meeting=meeting)
    (email,) = [m for m in mail.outbox if m.to == [demo["board"].email]]
    assert "場所: W.Co SSE 会議室 → かながわ県民センター" in email.body
