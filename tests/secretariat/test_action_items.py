"""Action items (申し送り・宿題): added on a meeting by those who run the body, marked
done by their owner from my page, and a reminder three days before the due date."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Organization
from secretariat import services
from secretariat.models import ActionItem
from secretariat.tasks import action_item_reminders
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _item(demo, *, meeting=None, owner=None, due_on=None, text="会場候補を三つ調べる"):
    meeting = meeting or h.meeting(demo, days=10)
    return services.action_item_create(
        actor=demo["staff"],
        meeting=meeting,
        text=text,
        owner=owner or demo["member"].person,
        due_on=due_on or meeting.day + datetime.timedelta(days=14),
    )


def test_a_due_date_before_the_meeting_is_refused_at_the_field(demo, client):
    meeting = h.meeting(demo, days=10)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:action_item_create", args=[meeting.pk]),
        {
            "text": "議事録案を回覧する",
            "owner": demo["member"].person.pk,
            "due_on": (meeting.day - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["due_on"]
    assert "会議の日" in errors["due_on"][0]
    assert not ActionItem.objects.exists()


def test_those_who_run_the_body_add_an_item_on_the_meeting_page(demo, client):
    meeting = h.meeting(demo, days=10)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:action_item_create", args=[meeting.pk]),
        {
            "text": "議事録案を回覧する",
            "owner": demo["member"].person.pk,
            "due_on": (meeting.day + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    assert "議事録案を回覧する" in page.content.decode()
    item = ActionItem.objects.get()
    assert item.created_by == demo["staff"] and item.is_open


def test_the_owner_marks_their_item_done_from_my_page(demo, client):
    item = _item(demo)
    client.force_login(demo["member"])
    page = client.get(reverse("members:mypage")).content.decode()
    done_url = reverse("secretariat:action_item_done", args=[item.pk])
    assert "会場候補を三つ調べる" in page and done_url in page
    response = client.post(done_url, {"note": "三か所に問い合わせ済み"})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:mypage")
    item.refresh_from_db()
    assert item.state == ActionItem.State.DONE
    assert item.state_note == "三か所に問い合わせ済み"
    assert item.closed_by == demo["member"] and item.closed_at is not None
    page = client.get(reverse("members:mypage")).content.decode()
    assert "会場候補を三つ調べる" not in page


def test_someone_else_cannot_mark_an_item_done(demo, client):
    item = _item(demo)
    for who in ("rep", "citizen", "network"):
        client.force_login(demo[who])
        response = client.post(
            reverse("secretariat:action_item_done", args=[item.pk]), {"note": ""}
        )
        assert response.status_code == 404, who
    item.refresh_from_db()
    assert item.is_open and item.closed_by is None


def test_an_item_marked_done_twice_says_so(demo, client):
    item = _item(demo)
    client.force_login(demo["member"])
    url = reverse("secretariat:action_item_done", args=[item.pk])
    client.post(url, {"note": ""})
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert "すでに" in response.content.decode()


def test_the_reminder_goes_once_three_days_ahead(
    demo, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    meeting = h.meeting(demo, days=-20)
    later = _item(demo, meeting=meeting, due_on=today + datetime.timedelta(days=4))
    soon = _item(
        demo,
        meeting=meeting,
        due_on=today + datetime.timedelta(days=3),
        text="報告書の草案を共有する",
    )
    mail.outbox.clear()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            action_item_reminders()
    reminders = OutboundEmail.objects.filter(
        template="secretariat/action_item_reminder"
    )
    assert reminders.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [demo["member"].person.contact_email]
    assert "報告書の草案を共有する" in message.body
    assert "3日後" in message.subject
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at is not None and later.reminded_at is None
    # The next day the other one is three days ahead: its own reminder, once.
    tomorrow = today + datetime.timedelta(days=1)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.action_item_reminders_send(today=tomorrow)
    assert reminders.count() == 2 and len(mail.outbox) == 2


def _my_page_queries(client):
    url = reverse("members:mypage")
    client.get(url)
    cache.clear()  # the panels are cached: count what rendering them costs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_my_action_items_panel_at_a_constant_number_of_queries(demo, client):
    client.force_login(demo["member"])
    meeting = h.meeting(demo, days=10)
    _item(demo, meeting=meeting, text="項目その0")
    one, page = _my_page_queries(client)
    assert page.count("項目その") == 1
    other = h.meeting(demo, days=12, title="第6回理事会")
    for number in range(1, 5):
        _item(demo, meeting=other if number % 2 else meeting, text=f"項目その{number}")
    five, page = _my_page_queries(client)
    assert page.count("項目その") == 5
    assert five == one


def test_an_owner_acts_only_for_an_organization_they_belong_to(demo, client):
    meeting = h.meeting(demo, days=10)
    member = demo["member"].person
    home = member.affiliations.filter(confirmed=True).first().organization
    other = Organization.objects.exclude(pk=home.pk).filter(status="active").first()
    client.force_login(demo["staff"])
    url = reverse("secretariat:action_item_create", args=[meeting.pk])
    values = {
        "text": "派遣委員として報告する",
        "owner": member.pk,
        "due_on": meeting.day.isoformat(),
    }
    response = client.post(url, {**values, "organization": other.pk})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organization"]
    assert not ActionItem.objects.exists()
    response = client.post(url, {**values, "organization": home.pk})
    assert response.status_code == 302
    assert ActionItem.objects.get().organization == home


def test_the_body_page_lists_open_items_at_a_constant_number_of_queries(demo, client):
    body = services.body_create(actor=demo["staff"], name="連携会議")
    meeting = services.meeting_create(
        actor=demo["staff"],
        body=body,
        title="第1回連携会議",
        starts_at=h.at(5),
        place="会議室",
    )
    client.force_login(demo["staff"])
    url = reverse("secretariat:body_detail", args=[body.pk])

    def queries():
        client.get(url)
        cache.clear()  # count the page as rendered, not its cached fragment
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    _item(demo, meeting=meeting, text="宿題その0")
    one, page = queries()
    assert page.count("宿題その") == 1
    for number in range(1, 5):
        _item(
            demo,
            meeting=meeting,
            text=f"宿題その{number}",
            owner=h.directors()[number % 2],
        )
    five, page = queries()
    assert page.count("宿題その") == 5 and five == one


def test_the_cached_body_page_shows_an_item_done_or_added_on_the_next_request(
    demo, client
):
    meeting = h.meeting(demo, days=10)
    item = _item(demo, meeting=meeting, text="会場の下見をする")
    client.force_login(demo["staff"])
    url = reverse("secretariat:body_detail", args=[meeting.body_id])
    for _ in range(2):  # the second answer comes from the cached fragment
        assert "会場の下見をする" in client.get(url).content.decode()
    services.action_item_complete(actor=demo["member"], item=item, note="済み")
    _item(demo, meeting=meeting, text="名簿を更新する")
    page = client.get(url).content.decode()
    assert "会場の下見をする" not in page
    assert "名簿を更新する" in page


def test_an_edit_does_not_overwrite_the_owner_marking_it_done_meanwhile(demo, client):
    item = _item(demo)
    client.force_login(demo["staff"])
    url = reverse("secretariat:action_item_edit", args=[item.pk])
    form = client.get(url).context["form"]
    values = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
    }
    services.action_item_complete(actor=demo["member"], item=item, note="済")
    response = client.post(url, {**values, "text": "会場候補を五つ調べる"})
    assert response.status_code == 200
    assert "完了" in str(response.context["form"].non_field_errors())
    item.refresh_from_db()
    assert item.state == ActionItem.State.DONE and item.text == "会場候補を三つ調べる"


def test_those_who_run_the_body_drop_an_item_with_a_note(demo, client):
    item = _item(demo)
    client.force_login(demo["staff"])
    url = reverse("secretariat:action_item_edit", args=[item.pk])
    form = client.get(url).context["form"]
    values = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
    }
    response = client.post(
        url, {**values, "state": "dropped", "note": "会場が決まったため不要"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ActionItem.State.DROPPED
    assert item.state_note == "会場が決まったため不要"
    assert item.closed_by == demo["staff"] and item.closed_at is not None
    # Dropped items leave the owner's page and can't be marked done.
    client.force_login(demo["member"])
    assert (
        "会場候補を三つ調べる"
        not in client.get(reverse("members:mypage")).content.decode()
    )
    response = client.post(
        reverse("secretariat:action_item_done", args=[item.pk]), {"note": ""}
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.state == ActionItem.State.DROPPED


# --- The owner is told by email when an item is assigned to them ---------------------------


def test_the_owner_is_emailed_when_an_item_is_assigned_after_commit(
    demo, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item = _item(demo, text="まちづくりビジョンの意見を集める")
        # Queued in the transaction, sent only once it commits.
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [demo["member"].person.contact_email]
    assert "まちづくりビジョンの意見を集める" in message.body
    assert "担当" in message.subject
    assert reverse("members:mypage") in message.body
    assert (
        OutboundEmail.objects.filter(
            template="secretariat/action_item_assigned"
        ).count()
        == 1
    )
    assert item.owner == demo["member"].person


def test_a_refused_item_sends_no_email(demo):
    meeting = h.meeting(demo, days=10)
    with pytest.raises(ServiceError):
        services.action_item_create(
            actor=demo["staff"],
            meeting=meeting,
            text="会場候補を調べる",
            owner=demo["member"].person,
            due_on=meeting.day - datetime.timedelta(days=1),
        )
    assert not OutboundEmail.objects.filter(
        template="secretariat/action_item_assigned"
    ).exists()


def test_the_new_owner_is_emailed_when_the_item_is_reassigned(
    demo, django_capture_on_commit_callbacks
):
    item = _item(demo)
    new_owner = demo["rep"].person
    assigned = OutboundEmail.objects.filter(template="secretariat/action_item_assigned")
    before = assigned.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_item_update(
            actor=demo["staff"],
            item=item,
            text=item.text,
            owner=new_owner,
            due_on=item.due_on,
        )
    assert assigned.count() == before + 1
    assert [m.to for m in mail.outbox] == [[new_owner.contact_email]]
    # A change that keeps the owner sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_item_update(
            actor=demo["staff"],
            item=item,
            text="会場候補を五つ調べる",
            owner=new_owner,
            due_on=item.due_on,
        )
    assert mail.outbox == []
    assert assigned.count() == before + 1
