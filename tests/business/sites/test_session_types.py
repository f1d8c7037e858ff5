"""The types a session is recorded as (食堂, パントリー …), kept by the section like
the programme kinds: listed with how many sessions each holds, added and offered at
once, renamed everywhere, retired without taking anything from the sessions already
recorded; a name is used once; only the section and the secretariat keep them."""

import pytest
from django.urls import reverse

from business.models import SessionType
from wco_sse.core.models import AuditEntry

from .helpers import recorded_pantry, session, session_values, sessions_of

pytestmark = pytest.mark.django_db


def _type_post(**overrides):
    values = {"name": "子ども宅食", "position": "70", "active": "on"}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def _offered(client, site):
    form = client.get(
        reverse("business:session_create", args=[site.pk]), {"reading": "types"}
    ).context["form"]
    return set(form.fields["type"].queryset.values_list("name", flat=True))


def test_the_list_shows_each_type_with_its_sessions_and_a_change_link(client, demo):
    site = recorded_pantry(demo)
    session(site, days_ago=1)
    session(site, days_ago=2)
    client.force_login(demo["business"])
    page = client.get(reverse("business:session_type_list"))
    assert page.status_code == 200
    rows = {t.name: t for t in page.context["session_types"]}
    assert {
        "食堂",
        "弁当配布",
        "パントリー",
        "学習支援",
        "イベント",
        "カフェ営業",
    } <= set(rows)
    assert rows["パントリー"].session_count == 2
    assert rows["食堂"].session_count == 0
    html = page.content.decode()
    assert "開催種別" in html
    assert reverse("business:session_type_edit", args=[rows["食堂"].pk]) in html


def test_the_section_adds_a_type_and_recorders_are_offered_it_at_once(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["business"])
    answer = client.post(reverse("business:session_type_create"), _type_post())
    assert answer.status_code == 302
    assert answer["Location"] == reverse("business:session_type_list")
    made = SessionType.objects.get(name="子ども宅食")
    assert made.active and made.position == 70
    assert AuditEntry.objects.filter(
        action="business_session_type.create", target_id=str(made.pk)
    ).exists()
    listing = client.get(answer["Location"]).content.decode()
    assert "開催種別「子ども宅食」を追加しました" in listing
    client.force_login(demo["member"])  # the pantry's recorder
    assert "子ども宅食" in _offered(client, site)


def test_a_name_already_used_is_refused_at_the_field(client, demo):
    client.force_login(demo["business"])
    before = SessionType.objects.count()
    answer = client.post(
        reverse("business:session_type_create"), _type_post(name="パントリー")
    )
    assert answer.status_code == 200
    assert "同じ名前の開催種別" in answer.context["form"].errors["name"][0]
    assert SessionType.objects.count() == before
    diner = SessionType.objects.get(name="食堂")
    answer = client.post(
        reverse("business:session_type_edit", args=[diner.pk]),
        _type_post(name="パントリー"),
    )
    assert answer.context["form"].errors["name"]
    diner.refresh_from_db()
    assert diner.name == "食堂"


def test_renaming_a_type_renames_it_on_the_sessions_recorded(client, demo):
    site = recorded_pantry(demo)
    session(site, days_ago=2)
    pantry = SessionType.objects.get(name="パントリー")
    client.force_login(demo["business"])
    edit = reverse("business:session_type_edit", args=[pantry.pk])
    form = client.get(edit)
    assert form.context["form"].initial["name"] == "パントリー"
    answer = client.post(edit, _type_post(name="食品配布（パントリー）", position="30"))
    assert answer.status_code == 302
    assert AuditEntry.objects.filter(
        action="business_session_type.update", target_id=str(pantry.pk)
    ).exists()
    page = client.get(site.get_absolute_url(), {"reading": "renamed"})
    assert "食品配布（パントリー）" in page.content.decode()


def test_a_retired_type_is_not_offered_but_old_sessions_keep_it(client, demo):
    site = recorded_pantry(demo)
    old = session(site, days_ago=3)
    pantry = old.type
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:session_type_edit", args=[pantry.pk]),
        _type_post(name="パントリー", position="30", active=None),
    )
    assert answer.status_code == 302
    pantry.refresh_from_db()
    assert not pantry.active
    listing = client.get(reverse("business:session_type_list")).content.decode()
    assert "使用停止" in listing

    client.force_login(demo["member"])
    assert "パントリー" not in _offered(client, site)
    # A new session of the retired type is refused at the field, nothing saved.
    answer = client.post(
        reverse("business:session_create", args=[site.pk]),
        session_values(type=pantry.pk),
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["type"]
    assert sessions_of(site).count() == 1
    # The old session still shows its type and is saved with it.
    edit = reverse("business:session_edit", args=[site.pk, old.pk])
    form = client.get(edit).context["form"]
    assert pantry in form.fields["type"].queryset
    answer = client.post(
        edit,
        session_values(
            date=old.date.isoformat(), type=pantry.pk, adults="40", version="1"
        ),
    )
    assert answer.status_code == 302
    old.refresh_from_db()
    assert (old.type_id, old.adults) == (pantry.pk, 40)


def test_only_the_section_and_the_secretariat_keep_the_types(client, demo):
    pantry = SessionType.objects.get(name="パントリー")
    urls = (
        reverse("business:session_type_list"),
        reverse("business:session_type_create"),
    )
    for who in ("business", "secgen"):
        client.force_login(demo[who])
        for url in urls:
            assert client.get(url).status_code == 200, (who, url)
    for who in ("board", "council", "member", "rep"):
        client.force_login(demo[who])
        for url in urls:
            assert client.get(url).status_code == 403, (who, url)
        edit = reverse("business:session_type_edit", args=[pantry.pk])
        assert client.post(edit, _type_post(name="変えた")).status_code == 404
    pantry.refresh_from_db()
    assert pantry.name == "パントリー"


def test_the_landing_and_the_site_list_lead_to_the_types(client, demo):
    url = reverse("business:session_type_list")
    client.force_login(demo["business"])
    assert url in client.get(reverse("business:index")).content.decode()
    assert url in client.get(reverse("business:site_list")).content.decode()
    client.force_login(demo["board"])
    landing = client.get(reverse("business:index")).content.decode()
    assert url not in landing and "開催種別" in landing
    assert url not in client.get(reverse("business:site_list")).content.decode()
