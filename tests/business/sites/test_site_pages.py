"""The sites' pages: the list (the section's readers see all, a recorder their
own, at a constant number of queries), recording and changing a site with its
address and opening days, its funders' conditions with the notification file, its
recorders, the public directory, and the recorder's panel on their page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from business.models import WEEKDAY_BITS, FundingCondition, Site, SiteRecorder
from tests.business import factories as f
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core.files import files_attached_to
from wco_sse.core.models import AuditEntry

from .helpers import condition, other_site, person, recorded_pantry, session

pytestmark = pytest.mark.django_db


def test_readers_see_every_site_and_a_recorder_only_theirs(client, demo):
    mine = recorded_pantry(demo)
    theirs = other_site(demo)
    client.force_login(demo["board"])
    page = client.get(reverse("business:site_list")).content.decode()
    assert mine.name in page and theirs.name in page
    client.force_login(demo["member"])
    page = client.get(reverse("business:site_list")).content.decode()
    assert mine.name in page
    assert theirs.name not in page


def test_the_list_filters_by_kind(client, demo):
    pantry = recorded_pantry(demo)
    cafe = other_site(demo)
    client.force_login(demo["business"])
    page = client.get(reverse("business:site_list"), {"kind": "cafe"}).content
    assert cafe.name in page.decode() and pantry.name not in page.decode()


def test_the_list_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo["business"])
    session(recorded_pantry(demo))
    client.get(reverse("business:site_list"))  # warm the role snapshot
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("business:site_list"))
    baseline = len(few.captured_queries)
    for number in range(8):
        made = f.site(name=f"拠点{number}", operator=demo.ctx.data["wcos"][number])
        session(made)
    client.get(reverse("business:site_list"))  # the new rows renew the snapshot
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("business:site_list"))
    assert response.status_code == 200
    assert "拠点7" in response.content.decode()


def test_the_site_page_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    site = recorded_pantry(demo)
    condition(site, sessions_per_month=2)
    client.force_login(demo["business"])
    url = reverse("business:site_detail", args=[site.pk])
    client.get(url)
    # The page as rendered, not as kept for the viewer (core.views.CachedPageMixin):
    # each measured reading asks with a query string of its own.
    with django_assert_max_num_queries(30) as few:
        client.get(url, {"reading": "1"})
    baseline = len(few.captured_queries)
    for days_ago in range(1, 60, 3):
        session(site, days_ago=days_ago)
    condition(site, meals_per_session=10)
    f.recorder(site, person(demo, "staff"))
    client.get(url)
    with django_assert_max_num_queries(baseline):
        assert client.get(url, {"reading": "2"}).status_code == 200


def site_post(demo, **changes):
    programme = f.programme(kind_name="食支援")
    values = {
        "programme": programme.pk,
        "name": "こども食堂 ひまわり",
        "kind": "children_diner",
        "operator": demo.ctx.data["home_wco"].pk,
        "postal_code": "２２７－００６２",
        "prefecture": "神奈川県",
        "address": "青葉台1-2-3",
        "opening_pattern": "毎月第2・第4土曜 11:00–14:00",
        "opening_days": [str(WEEKDAY_BITS[5]), str(WEEKDAY_BITS[2])],
        "public": "on",
        "active": "on",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_the_section_records_a_site_with_its_opening_days(client, demo):
    client.force_login(demo["business"])
    programme = f.programme(kind_name="食支援", title="居場所事業")
    page = client.get(reverse("business:site_create"), {"programme": programme.pk})
    assert page.context["form"].initial["programme"] == programme.pk
    assert 'id="address-fields"' in page.content.decode()
    answer = client.post(
        reverse("business:site_create"), site_post(demo, programme=programme.pk)
    )
    assert answer.status_code == 302
    site = Site.objects.get(name="こども食堂 ひまわり")
    assert site.programme == programme
    assert site.opening_days == WEEKDAY_BITS[5] | WEEKDAY_BITS[2]
    assert site.postal_code == "227-0062"
    assert site.operator == demo.ctx.data["home_wco"]
    assert site.public
    page = client.get(answer["Location"]).content.decode()
    assert "水・土" in page
    assert "拠点を登録しました" in page


def test_a_site_without_an_operator_is_run_by_the_organization(client, demo):
    client.force_login(demo["staff"])
    answer = client.post(reverse("business:site_create"), site_post(demo, operator=""))
    assert answer.status_code == 302
    site = Site.objects.get(name="こども食堂 ひまわり")
    assert site.operator is None
    assert "当法人" in client.get(answer["Location"]).content.decode()


def test_an_operator_that_is_not_a_wco_is_refused(client, demo):
    from members.models import Organization

    city = Organization.objects.get(name="横浜市")
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:site_create"), site_post(demo, operator=city.pk)
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["operator"]
    assert not Site.objects.filter(name="こども食堂 ひまわり").exists()


def test_changing_a_site_is_audited(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["business"])
    edit = reverse("business:site_edit", args=[site.pk])
    form = client.get(edit).context["form"]
    assert form.initial["opening_days"] == []
    answer = client.post(
        edit,
        site_post(
            demo,
            programme=site.programme_id,
            name="フードパントリー 改称",
            opening_days=[str(WEEKDAY_BITS[4])],
            public=None,
        ),
    )
    assert answer.status_code == 302
    site.refresh_from_db()
    assert site.name == "フードパントリー 改称"
    assert site.opening_days == WEEKDAY_BITS[4]
    assert not site.public
    assert AuditEntry.objects.filter(
        action="business_site.update", target_id=str(site.pk)
    ).exists()


def test_a_funding_condition_with_its_notification_file(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:condition_create", args=[site.pk]),
        {
            "funder_name": "青葉区 子ども食堂助成",
            "sessions_per_month": "2",
            "hours_per_session": "2",
            "meals_per_session": "20",
            "health_notice_required": "on",
            "health_notice_on": "2026-04-10",
            "notice_file": SimpleUploadedFile(
                "届出.pdf", PDF_BYTES, content_type="application/pdf"
            ),
        },
    )
    assert answer.status_code == 302
    made = FundingCondition.objects.get(site=site)
    assert (made.sessions_per_month, made.meals_per_session) == (2, 20)
    files = files_attached_to(made)
    assert [stored.original_name for stored in files] == ["届出.pdf"]
    page = client.get(answer["Location"]).content.decode()
    assert "青葉区 子ども食堂助成" in page
    assert "月2回以上の開催" in page
    assert "届出.pdf" in page
    # Those who see the site read the file; the recorder too.
    client.force_login(demo["member"])
    download = reverse("members:file_download", args=[files[0].pk])
    assert client.get(download).status_code == 200
    client.force_login(demo["network"])
    assert client.get(download).status_code == 404


def test_a_condition_needs_a_funder(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:condition_create", args=[site.pk]),
        {"sessions_per_month": "2"},
    )
    assert answer.status_code == 200
    assert "助成元を名簿から選ぶか" in str(answer.context["form"].errors["funder"])
    assert not FundingCondition.objects.filter(site=site).exists()


def test_changing_and_removing_a_condition(client, demo):
    site = recorded_pantry(demo)
    made = condition(site, sessions_per_month=2)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:condition_edit", args=[site.pk, made.pk]),
        {"funder_name": "横浜市", "sessions_per_month": "4"},
    )
    assert answer.status_code == 302
    made.refresh_from_db()
    assert (made.funder_name, made.sessions_per_month) == ("横浜市", 4)
    answer = client.post(reverse("business:condition_delete", args=[site.pk, made.pk]))
    assert answer.status_code == 302
    assert not FundingCondition.objects.filter(pk=made.pk).exists()


def test_naming_and_ending_a_recorder(client, demo):
    site = recorded_pantry(demo, recorder=None)
    staff = person(demo, "staff")
    client.force_login(demo["business"])
    today = timezone.localdate()
    answer = client.post(
        reverse("business:recorder_add", args=[site.pk]),
        {"person": staff.pk, "start": (today - datetime.timedelta(days=5)).isoformat()},
    )
    assert answer.status_code == 302
    recorder = SiteRecorder.objects.get(site=site, person=staff)
    # The same person twice in one period is refused.
    again = client.post(
        reverse("business:recorder_add", args=[site.pk]),
        {"person": staff.pk, "start": today.isoformat()},
    )
    assert again.status_code == 200
    assert "すでにこの拠点の記録担当者です" in again.content.decode()
    client.force_login(demo["staff"])
    assert (
        client.get(reverse("business:session_create", args=[site.pk])).status_code
        == 200
    )
    client.force_login(demo["business"])
    answer = client.post(reverse("business:recorder_end", args=[site.pk, recorder.pk]))
    assert answer.status_code == 302
    recorder.refresh_from_db()
    assert recorder.end == today - datetime.timedelta(days=1)


def test_a_recorder_who_has_not_started_is_removed_when_ended(demo):
    from business.services.sites import recorder_end

    site = recorded_pantry(demo, recorder=None)
    future = f.recorder(
        site, person(demo, "staff"), start=timezone.localdate() + datetime.timedelta(7)
    )
    recorder_end(actor=demo["business"], recorder=future)
    assert not SiteRecorder.objects.filter(pk=future.pk).exists()


def test_an_ended_recorder_finds_the_site_no_more(client, demo):
    site = recorded_pantry(demo, recorder=None)
    f.recorder(
        site,
        person(demo, "member"),
        start=timezone.localdate() - datetime.timedelta(days=60),
        end=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(demo["member"])
    assert (
        client.get(reverse("business:site_detail", args=[site.pk])).status_code == 404
    )


def test_the_operators_representative_reads_the_site_but_enters_nothing(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["rep"])
    page = client.get(reverse("business:site_detail", args=[site.pk]))
    assert page.status_code == 200
    assert reverse("business:session_create", args=[site.pk]) not in (
        page.content.decode()
    )
    assert (
        client.get(reverse("business:session_create", args=[site.pk])).status_code
        == 404
    )


def test_the_directory_lists_only_public_open_sites_without_counts(client, demo):
    listed = recorded_pantry(
        demo, name="公開パントリー", public=True, opening_days=WEEKDAY_BITS[4]
    )
    session(listed, adults=987)
    recorded_pantry(demo, name="非公開パントリー", public=False)
    recorded_pantry(demo, name="閉所パントリー", public=True, active=False)
    page = client.get(reverse("business:site_directory")).content.decode()
    assert "公開パントリー" in page
    assert "非公開パントリー" not in page
    assert "閉所パントリー" not in page
    assert "金" in page
    assert "987" not in page
    assert "member" not in page and "記録担当" not in page


def test_the_recorders_page_shows_their_sites_with_a_button(client, demo):
    site = recorded_pantry(demo)
    client.force_login(demo["member"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert "担当している拠点" in page
    assert site.name in page
    assert reverse("business:session_create", args=[site.pk]) in page
    made = session(site, days_ago=0)
    page = client.get(reverse("members:mypage")).content.decode()
    assert "本日分は記録済み" in page
    assert reverse("business:session_edit", args=[site.pk, made.pk]) in page


def test_someone_who_records_nothing_has_no_sites_panel(client, demo):
    client.force_login(demo["citizen"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert "担当している拠点" not in page
