"""The session a recorder enters on a phone: counts only, the last session's values
offered, one per site, day and type, refusals at the field with nothing saved, and
the version check when two recorders save the same session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from business.models import Session
from business.services import sites as services
from wco_sse.core.models import AuditEntry

from .helpers import recorded_pantry, session, session_values, sessions_of

pytestmark = pytest.mark.django_db


def _new(site):
    return reverse("business:session_create", args=[site.pk])


def _edit(made):
    return reverse("business:session_edit", args=[made.site_id, made.pk])


def test_a_recorder_records_a_session_from_the_phone_form(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["member"])
    page = client.get(_new(site)).content.decode()
    assert 'inputmode="numeric"' in page
    assert "来られた方のお名前は書かないでください" in page
    answer = client.post(_new(site), session_values())
    assert answer.status_code == 302
    made = sessions_of(site).get()
    assert (made.adults, made.children, made.households, made.food_packages) == (
        23,
        6,
        20,
        20,
    )
    assert made.volunteer_hours == 8
    assert made.recorded_by == demo["member"]
    assert AuditEntry.objects.filter(
        action="business_session.create", target_id=str(made.pk)
    ).exists()
    page = client.get(answer["Location"]).content.decode()
    assert "開催回を記録しました" in page


def test_the_form_offers_the_last_sessions_values(client, demo):
    site = recorded_pantry(demo)
    session(
        site,
        days_ago=8,
        starts=datetime.time(13, 30),
        ends=datetime.time(15, 45),
        adults=31,
        households=27,
        food_packages=27,
    )
    session(site, days_ago=15, adults=5)
    client.force_login(demo["member"])
    answer = client.get(_new(site))
    form = answer.context["form"]
    assert form.initial["adults"] == 31
    assert form.initial["households"] == 27
    assert form.initial["starts"] == datetime.time(13, 30)
    assert form.initial["ends"] == datetime.time(15, 45)
    assert form.initial["date"] == timezone.localdate()
    page = answer.content.decode()
    assert 'value="31"' in page
    assert "前回の種類・時刻・人数を入れてあります" in page


def test_a_date_in_the_query_names_the_day_but_never_a_future_one(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["member"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    answer = client.get(_new(site), {"date": yesterday.isoformat()})
    assert answer.context["form"].initial["date"] == yesterday
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    answer = client.get(_new(site), {"date": tomorrow.isoformat()})
    assert answer.context["form"].initial["date"] == timezone.localdate()


def test_a_second_session_of_the_same_day_and_type_is_refused_with_a_link(client, demo):
    site = recorded_pantry(demo)
    first = session(site, days_ago=1)
    client.force_login(demo["member"])
    answer = client.post(_new(site), session_values())
    assert answer.status_code == 200
    assert "すでに記録されています" in str(answer.context["form"].errors["date"])
    page = answer.content.decode()
    assert _edit(first) in page
    assert sessions_of(site).count() == 1
    # Another type the same day is a session of its own.
    from tests.business.factories import session_type

    other = session_type("イベント")
    answer = client.post(_new(site), session_values(type=other.pk))
    assert answer.status_code == 302
    assert sessions_of(site).count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "date",
            "これから開催する回はまだ記録できません",
        ),
        ({"starts": "16:00", "ends": "14:00"}, "ends", "終了時刻が開始時刻より前"),
        ({"starts": "14:00", "ends": "14:00"}, "ends", "終了時刻が開始時刻より前"),
        ({"adults": "-3"}, "adults", "マイナスは入力できません"),
        ({"meals": "-1"}, "meals", "マイナスは入力できません"),
        ({"volunteer_hours": "-2"}, "volunteer_hours", "マイナスは入力できません"),
        (
            {"children": "3", "children_primary": "5"},
            "children",
            "子どもの人数を超えています",
        ),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(
    client, demo, changes, field, message
):
    site = recorded_pantry(demo)
    client.force_login(demo["member"])
    audit = AuditEntry.objects.count()
    answer = client.post(_new(site), session_values(**changes))
    assert answer.status_code == 200
    assert message in " ".join(answer.context["form"].errors[field])
    assert message in answer.content.decode()
    assert not sessions_of(site).exists()
    assert AuditEntry.objects.count() == audit


def test_the_service_refuses_a_future_session_too(demo):
    site = recorded_pantry(demo)
    from business.models import SessionType

    data = {
        "date": timezone.localdate() + datetime.timedelta(days=3),
        "starts": datetime.time(10),
        "ends": datetime.time(12),
        "type": SessionType.objects.get(name="パントリー"),
    }
    with pytest.raises(services.ServiceError) as refused:
        services.session_create(actor=demo["member"], site=site, data=data)
    assert refused.value.field == "date"
    assert not sessions_of(site).exists()


def test_two_recorders_saving_the_same_version_the_second_is_told(client, demo):
    """Both opened the session at version 1; the first save wins, the second is
    refused with what is stored now, its entries kept in the form, and nothing of
    the first is lost. Saving again applies the second's entries on top."""
    site = recorded_pantry(demo)
    from tests.business.factories import recorder
    from tests.business.sites.helpers import person

    recorder(site, person(demo, "staff"))
    made = session(site, days_ago=2, adults=10)
    day = made.date.isoformat()
    client.force_login(demo["member"])
    first = client.post(_edit(made), session_values(date=day, adults="25", version="1"))
    assert first.status_code == 302
    made.refresh_from_db()
    assert (made.adults, made.version) == (25, 2)

    client.force_login(demo["staff"])
    second = client.post(
        _edit(made), session_values(date=day, adults="40", version="1")
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "他の方がこの開催回を保存しました" in page
    assert "現在保存されている内容" in page
    assert second.context["conflict"].adults == 25
    assert second.context["form"]["adults"].value() == "40"
    assert second.context["form"]["version"].value() == 2
    made.refresh_from_db()
    assert (made.adults, made.version) == (25, 2)

    again = client.post(_edit(made), session_values(date=day, adults="40", version="2"))
    assert again.status_code == 302
    made.refresh_from_db()
    assert (made.adults, made.version) == (40, 3)


def test_an_unchanged_save_keeps_the_version(client, demo):
    site = recorded_pantry(demo)
    made = session(
        site,
        days_ago=2,
        adults=23,
        children=6,
        households=20,
        food_packages=20,
        volunteers=4,
        volunteer_hours=8,
        staff=1,
        note="雨のため少なめ",
        starts=datetime.time(14),
        ends=datetime.time(16),
    )
    client.force_login(demo["member"])
    answer = client.post(
        _edit(made), session_values(date=made.date.isoformat(), version="1")
    )
    assert answer.status_code == 302
    made.refresh_from_db()
    assert made.version == 1


def test_the_edit_form_shows_the_stored_session(client, demo):
    site = recorded_pantry(demo)
    made = session(site, days_ago=4, adults=17, note="雨天")
    client.force_login(demo["member"])
    answer = client.get(_edit(made))
    assert answer.status_code == 200
    assert answer.context["form"].initial["adults"] == 17
    assert "雨天" in answer.content.decode()


def test_a_closed_type_stays_on_the_sessions_that_have_it(client, demo):
    site = recorded_pantry(demo)
    made = session(site, days_ago=4, type_name="弁当配布")
    made.type.active = False
    made.type.save()
    client.force_login(demo["member"])
    assert made.type in client.get(_edit(made)).context["form"].fields["type"].queryset
    new_form = client.get(_new(site)).context["form"]
    assert made.type not in new_form.fields["type"].queryset
    answer = client.post(
        _edit(made),
        session_values(date=made.date.isoformat(), type=made.type.pk, version="1"),
    )
    assert answer.status_code == 302
    assert Session.objects.get(pk=made.pk).type == made.type


def test_the_form_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    """More sessions of the site, more types to choose from and more sites the
    recorder records add nothing to the form's queries."""
    from tests.business import factories

    site = recorded_pantry(demo)
    session(site, days_ago=2)
    url = _new(site)
    client.force_login(demo["member"])
    client.get(url)  # warm the role snapshot
    # The page as rendered, not as kept for the viewer (core.views.CachedPageMixin).
    with django_assert_max_num_queries(20) as few:
        assert client.get(url, {"reading": "1"}).status_code == 200
    baseline = len(few.captured_queries)
    for number in range(3, 9):
        session(site, days_ago=number, type_name=f"種別{number}")
        recorded_pantry(demo, name=f"パントリー{number}")
    factories.session_type("子ども宅食")
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url, {"reading": "2"})
    offered = response.context["form"].fields["type"].queryset
    assert offered.filter(name="種別8").exists() and offered.count() >= 13
