"""Formation checklists as data: a template per intended form, each step with an
optional deadline counted from an event of the founding; an initiative shows each
step done, due, overdue or waiting for its event's date."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network import selectors_checklists as selectors
from network import services_checklists as services
from network.demo_checklists import seed_checklist_progress
from network.models import (
    ChecklistStep,
    ChecklistTemplate,
    Initiative,
    InitiativeStepDone,
)
from tests.network.initiative_helpers import initiative
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def coop_template():
    return ChecklistTemplate.objects.get(form="workers_coop")


def step_titled(start):
    return coop_template().steps.get(title__startswith=start)


def coop_initiative(demo, **dates):
    """A 労働者協同組合 initiative with the given event dates."""
    made = initiative(demo, name="地域食堂の会", form="workers_coop")
    Initiative.objects.filter(pk=made.pk).update(**dates)
    made.refresh_from_db()
    return made


def states(made):
    checklist = selectors.initiative_checklist(made)
    return {row.step.title: row for row in checklist.rows}


def mark(client, made, step, done="1", day=""):
    return client.post(
        reverse("network:initiative_step_done", args=[made.pk, step.pk]),
        {"done": done, "day": day},
    )


# --- The seeded template -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_workers_coop_template_is_seeded_unconfirmed():
    template = coop_template()
    assert not template.confirmed
    assert "事務局" in template.note
    steps = list(template.steps.all())
    assert len(steps) >= 10
    assert steps[0].title.startswith("発起人（3人以上）")
    notice = step_titled("創立総会の開催を公告")
    assert (notice.anchor, notice.offset_days) == ("founding_meeting", -14)
    prefecture = step_titled("行政庁（都道府県）への成立の届出")
    assert (prefecture.anchor, prefecture.offset_days) == ("registration", 14)
    assert step_titled("就業規則").anchor == ""


# --- Each step's state -----------------------------------------------------------------------


@pytest.mark.django_db
def test_each_step_is_done_due_overdue_or_waiting_for_its_date(demo):
    made = coop_initiative(demo, founding_meeting_on=days(20), registered_on=days(-20))
    services.initiative_step_done(
        actor=demo["network"], initiative=made, step=step_titled("発起人")
    )
    rows = states(made)

    def by(start):
        return next(row for title, row in rows.items() if title.startswith(start))

    assert by("発起人（3").state == selectors.DONE
    notice = by("創立総会の開")
    assert notice.state == selectors.DUE
    assert notice.deadline == days(6)
    assert notice.soon
    prefecture = by("行政庁（都道")
    assert prefecture.state == selectors.OVERDUE
    assert prefecture.deadline == days(-6)
    assert by("税務署・県税").state == selectors.DUE
    assert not by("税務署・県税").soon
    assert by("組合員との労").state == selectors.DATE_UNKNOWN
    assert by("就業規則の作").state == selectors.NO_DEADLINE
    checklist = selectors.initiative_checklist(made)
    assert checklist.done_count == 1
    assert checklist.overdue_count == 1


@pytest.mark.django_db
def test_the_initiative_page_shows_the_states(client, demo):
    made = coop_initiative(demo, founding_meeting_on=days(20), registered_on=days(-20))
    client.force_login(demo["network"])
    mark(client, made, step_titled("発起人"))
    page = client.get(made.get_absolute_url()).content.decode()
    assert "1 / 12 完了" in page or "12 件中 1 件完了" in page
    assert "期限超過" in page
    assert "6日経過" in page
    assert "あと6日" in page
    assert "基準日未定" in page
    assert "期限なし" in page
    assert "list-group-item-danger" in page


@pytest.mark.django_db
def test_a_step_is_marked_done_on_a_day_and_undone(client, demo):
    made = coop_initiative(demo, founding_meeting_on=days(-3))
    step = step_titled("創立総会を開く")
    client.force_login(demo["network"])
    response = mark(client, made, step, day=days(-2).isoformat())
    assert response.status_code == 302
    record = InitiativeStepDone.objects.get(initiative=made, step=step)
    assert record.done_on == days(-2)
    assert record.done_by == demo["network"]
    # A second click (two people at once) leaves one record.
    mark(client, made, step)
    assert InitiativeStepDone.objects.filter(initiative=made, step=step).count() == 1
    assert AuditEntry.objects.filter(action="initiative.step_done").count() == 1
    mark(client, made, step, done="0")
    assert not InitiativeStepDone.objects.filter(initiative=made).exists()
    assert AuditEntry.objects.filter(action="initiative.step_undone").exists()


@pytest.mark.django_db
def test_a_step_cannot_be_done_in_the_future(demo):
    made = coop_initiative(demo)
    with pytest.raises(ServiceError):
        services.initiative_step_done(
            actor=demo["network"],
            initiative=made,
            step=step_titled("発起人"),
            day=days(1),
        )
    assert not InitiativeStepDone.objects.exists()


@pytest.mark.django_db
def test_a_step_of_another_forms_checklist_is_not_found(client, demo):
    made = initiative(demo, form="wco")
    client.force_login(demo["network"])
    response = mark(client, made, step_titled("発起人"))
    assert response.status_code == 404
    assert not InitiativeStepDone.objects.exists()


@pytest.mark.django_db
def test_the_registration_cannot_come_before_the_founding_meeting(client, demo):
    made = coop_initiative(demo)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:initiative_edit", args=[made.pk]),
        {
            "name": made.name,
            "form": "workers_coop",
            "founder_texts": "",
            "founding_meeting_on": days(-5).isoformat(),
            "registered_on": days(-10).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["registered_on"]
    made.refresh_from_db()
    assert made.founding_meeting_on is None


# --- Who may do what ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("board", "council"))
def test_the_board_reads_the_checklist_without_buttons(client, demo, role):
    made = coop_initiative(demo, founding_meeting_on=days(10))
    client.force_login(demo[role])
    page = client.get(made.get_absolute_url()).content.decode()
    assert "創立総会の開催を公告する" in page
    assert reverse("network:initiative_step_done", args=[made.pk, 1])[:-2] not in page
    assert mark(client, made, step_titled("発起人")).status_code == 404
    assert client.get(reverse("network:checklist_list")).status_code == 200
    template_page = client.get(
        reverse("network:checklist_detail", args=[coop_template().pk])
    )
    assert template_page.status_code == 200
    assert (
        client.get(
            reverse("network:checklist_edit", args=[coop_template().pk])
        ).status_code
        == 404
    )
    assert not InitiativeStepDone.objects.exists()


@pytest.mark.django_db
def test_another_section_finds_no_checklist(client, demo):
    made = coop_initiative(demo)
    client.force_login(demo["support"])
    assert mark(client, made, step_titled("発起人")).status_code == 404
    assert client.get(reverse("network:checklist_list")).status_code == 403
    detail = reverse("network:checklist_detail", args=[coop_template().pk])
    assert client.get(detail).status_code == 404


@pytest.mark.django_db
def test_only_the_secretariat_confirms_and_a_change_asks_again(client, demo):
    template = coop_template()
    url = reverse("network:checklist_confirm", args=[template.pk])
    client.force_login(demo["network"])
    assert client.post(url).status_code == 404
    template.refresh_from_db()
    assert not template.confirmed
    client.force_login(demo["staff"])
    assert client.post(url).status_code == 302
    template.refresh_from_db()
    assert template.confirmed_by == demo["staff"]
    client.force_login(demo["network"])
    step = step_titled("就業規則")
    client.post(
        reverse("network:checklist_step_edit", args=[step.pk]),
        {
            "order": step.order,
            "title": "就業規則の作成と届出",
            "anchor": "",
            "offset_days": "",
        },
    )
    template.refresh_from_db()
    assert not template.confirmed


# --- Editing the template -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("anchor", "offset", "field"),
    (
        ("registration", "", "offset_days"),
        ("", "14", "anchor"),
        ("registration", "999", "offset_days"),
    ),
)
def test_a_half_given_deadline_is_refused_at_its_field(
    client, demo, anchor, offset, field
):
    template = coop_template()
    before = template.steps.count()
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:checklist_step_add", args=[template.pk]),
        {
            "order": "200",
            "title": "議事録の保存",
            "anchor": anchor,
            "offset_days": offset,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert template.steps.count() == before


@pytest.mark.django_db
def test_a_step_added_and_changed_shows_on_the_initiatives_of_its_form(client, demo):
    made = coop_initiative(demo, registered_on=days(-3))
    template = coop_template()
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:checklist_step_add", args=[template.pk]),
        {
            "order": "65",
            "title": "市町村へ事業開始の挨拶",
            "anchor": "registration",
            "offset_days": "7",
        },
    )
    assert response.status_code == 302
    row = states(made)["市町村へ事業開始の挨拶"]
    assert row.deadline == days(4)
    titles = list(states(made))
    assert titles.index("市町村へ事業開始の挨拶") == titles.index("設立の登記") + 1
    step = ChecklistStep.objects.get(title="市町村へ事業開始の挨拶")
    client.post(
        reverse("network:checklist_step_edit", args=[step.pk]),
        {
            "order": "65",
            "title": step.title,
            "anchor": "registration",
            "offset_days": "1",
        },
    )
    assert states(made)[step.title].state == selectors.OVERDUE


@pytest.mark.django_db
def test_the_cached_initiative_page_shows_a_step_done_and_a_step_added(client, demo):
    made = coop_initiative(demo, registered_on=days(-3))
    client.force_login(demo["network"])
    url = reverse("network:initiative_detail", args=[made.pk])
    for _ in range(2):  # the second answer comes from the cached fragment
        page = client.get(url).content.decode()
    assert "12 件中 0 件" in page
    assert mark(client, made, step_titled("発起人")).status_code == 302
    client.post(
        reverse("network:checklist_step_add", args=[coop_template().pk]),
        {
            "order": "65",
            "title": "市町村へ事業開始の挨拶",
            "anchor": "",
            "offset_days": "",
        },
    )
    page = client.get(url).content.decode()
    assert "12 件中 0 件" not in page and "13 件中 1 件" in page
    assert "市町村へ事業開始の挨拶" in page


@pytest.mark.django_db
def test_a_step_done_somewhere_is_retired_not_deleted(client, demo):
    made = coop_initiative(demo)
    step = step_titled("発起人")
    services.initiative_step_done(actor=demo["network"], initiative=made, step=step)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:checklist_step_delete", args=[step.pk]), follow=True
    )
    assert ChecklistStep.objects.filter(pk=step.pk).exists()
    assert (
        "ステップを廃止" in response.content.decode()
        or "廃止" in response.content.decode()
    )
    client.post(
        reverse("network:checklist_step_edit", args=[step.pk]),
        {"order": step.order, "title": step.title, "anchor": "", "retired": "on"},
    )
    rows = states(made)
    assert rows[step.title].state == selectors.DONE
    other = coop_initiative(demo)
    assert step.title not in states(other)
    unused = step_titled("就業規則")
    client.post(reverse("network:checklist_step_delete", args=[unused.pk]))
    assert not ChecklistStep.objects.filter(pk=unused.pk).exists()


@pytest.mark.django_db
def test_a_checklist_is_created_for_a_form_without_one(client, demo):
    client.force_login(demo["staff"])
    response = client.post(
        reverse("network:checklist_create"),
        {"form": "association", "name": "アソシエーションの立ち上げ", "note": ""},
    )
    assert response.status_code == 302
    assert ChecklistTemplate.objects.filter(form="association").exists()
    again = client.post(
        reverse("network:checklist_create"),
        {"form": "workers_coop", "name": "二つ目", "note": ""},
    )
    assert again.status_code == 200
    assert again.context["form"].errors["form"]


# --- The list and the query counts ----------------------------------------------------------


def _count_queries(client, url):
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_shows_overdue_steps_at_a_constant_query_count(client, demo):
    client.force_login(demo["network"])
    url = reverse("network:initiative_list")
    coop_initiative(demo, registered_on=days(-30))
    one = _count_queries(client, url)
    page = client.get(url).content.decode()
    # The prefecture (+14) is overdue; the tax offices (+60) not yet.
    assert "期限超過 1 件" in page
    for index in range(6):
        made = coop_initiative(
            demo, registered_on=days(-100), founding_meeting_on=days(-120)
        )
        seed_checklist_progress(demo.ctx, made, index)
        initiative(demo, name=f"別の会{index}", form="wco")
    assert _count_queries(client, url) == one


@pytest.mark.django_db
def test_the_initiative_page_costs_the_same_with_few_or_many_steps_done(client, demo):
    made = coop_initiative(demo, founding_meeting_on=days(-60), registered_on=days(-40))
    client.force_login(demo["network"])
    url = made.get_absolute_url()
    services.initiative_step_done(
        actor=demo["network"], initiative=made, step=step_titled("発起人")
    )
    few = _count_queries(client, url)
    seed_checklist_progress(demo.ctx, made, 9)
    assert InitiativeStepDone.objects.filter(initiative=made).count() == 9
    assert _count_queries(client, url) == few


@pytest.mark.django_db
def test_the_template_pages_cost_the_same_whatever_their_size(client, demo):
    client.force_login(demo["network"])
    list_url = reverse("network:checklist_list")
    detail_url = reverse("network:checklist_detail", args=[coop_template().pk])
    listed = _count_queries(client, list_url)
    detailed = _count_queries(client, detail_url)
    for form in ("wco", "association"):
        template = services.checklist_create(
            actor=demo["staff"], data={"form": form, "name": form}
        )
        services.step_add(
            actor=demo["staff"], template=template, data={"title": "x", "order": 1}
        )
    made = coop_initiative(demo)
    seed_checklist_progress(demo.ctx, made, 4)
    for index in range(5):
        services.step_add(
            actor=demo["staff"],
            template=coop_template(),
            data={"title": f"追加{index}", "order": 300 + index},
        )
    assert _count_queries(client, list_url) == listed
    assert _count_queries(client, detail_url) == detailed


@pytest.mark.django_db
def test_an_event_date_at_the_ends_of_the_calendar_is_refused(client, demo):
    made = coop_initiative(demo)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:initiative_edit", args=[made.pk]),
        {
            "name": made.name,
            "form": "workers_coop",
            "founder_texts": "",
            "founding_meeting_on": "0001-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["founding_meeting_on"]
    made.refresh_from_db()
    assert made.founding_meeting_on is None
    # A date already stored at the very end still shows the page.
    Initiative.objects.filter(pk=made.pk).update(registered_on=datetime.date.max)
    assert client.get(made.get_absolute_url()).status_code == 200
