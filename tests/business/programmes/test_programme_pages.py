"""Programmes' pages: the landing's links, the kinds, the list (filtered, searched,
fifty a page, at a constant number of queries), recording one, its page with
partners, documents, contracts, places and agenda items, the agenda item's panel,
and the W.Co page's panel for its representative."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from business.models import Partner, Programme, ProgrammeKind
from business.selectors.programmes import items_about
from business.services import programmes as services
from members.models import Affiliation
from tests.business import factories as f
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.permission_vocabulary import PDF_BYTES

from .helpers import decide, kind, partner, person, programme, with_home_wco

pytestmark = pytest.mark.django_db


# --- The landing ------------------------------------------------------------------------------


def test_the_landing_links_the_parts_the_viewer_may_open(client, demo):
    client.force_login(demo["business"])
    page = client.get(reverse("business:index")).content.decode()
    assert reverse("business:programme_list") in page
    assert reverse("business:kind_list") in page
    client.force_login(demo["council"])
    page = client.get(reverse("business:index")).content.decode()
    assert reverse("business:programme_list") in page
    assert reverse("business:kind_list") not in page
    assert "関係者向け" in page


# --- Kinds ------------------------------------------------------------------------------------


def test_the_section_adds_a_kind_and_it_is_offered_at_once(client, demo):
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:kind_create"),
        {"name": "フードバンク事業", "group": "", "position": "5", "active": "on"},
    )
    assert answer.status_code == 302
    made = ProgrammeKind.objects.get(name="フードバンク事業")
    listing = client.get(reverse("business:kind_list")).content.decode()
    assert "フードバンク事業" in listing
    assert reverse("business:kind_edit", args=[made.pk]) in listing
    form = client.get(reverse("business:programme_create"))
    assert made in form.context["form"].fields["kind"].queryset


def test_a_kind_of_the_same_name_is_refused_at_the_field(client, demo):
    existing = kind("就労準備支援")
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:kind_create"),
        {"name": existing.name, "group": existing.group, "position": "1"},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["name"]


# --- The list ---------------------------------------------------------------------------------


def test_the_list_filters_by_kind_and_state_and_searches_titles(client, demo):
    preparing = programme(demo, title="検索される事業", state="preparing")
    partner(demo, preparing)
    other = programme(demo, title="別の事業", kind_name="居場所事業")
    client.force_login(demo["council"])
    url = reverse("business:programme_list")
    page = client.get(url).content.decode()
    assert preparing.title in page and other.title in page
    assert person(demo, "business").full_name in page
    page = client.get(url, {"state": "preparing"}).content.decode()
    assert preparing.title in page and other.title not in page
    page = client.get(url, {"kind": other.kind_id}).content.decode()
    assert other.title in page and preparing.title not in page
    page = client.get(url, {"q": "検索"}).content.decode()
    assert preparing.title in page and other.title not in page
    page = client.get(url, {"q": "ない名前"}).content.decode()
    assert "該当する事業はありません" in page
    row = client.get(url, {"q": "検索"}).context["programmes"][0]
    assert row.partner_count == 1


def test_the_list_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo["business"])
    programme(demo)
    url = reverse("business:programme_list")
    client.get(url)  # warm the role snapshot
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    for number in range(8):
        partner(demo, programme(demo, title=f"事業{number}"))
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["programmes"]) >= 9


def test_the_list_pages_fifty_at_a_time_keeping_the_filter(client, demo):
    lead = person(demo, "business")
    made = programme(demo, title="先頭")
    Programme.objects.bulk_create(
        [
            Programme(
                kind=made.kind, title=f"準備中{n:02d}", lead=lead, state="preparing"
            )
            for n in range(51)
        ]
    )
    client.force_login(demo["business"])
    url = reverse("business:programme_list")
    html = client.get(url, {"state": "preparing"}).content.decode()
    assert "先頭" not in html
    assert "state=preparing&amp;page=2" in html
    second = client.get(url, {"state": "preparing", "page": 2})
    assert len(second.context["programmes"]) == 1


# --- Recording one ----------------------------------------------------------------------------


def programme_post(demo, **extra):
    return {
        "kind": kind().pk,
        "title": "相模原市 就労準備支援事業",
        "purpose": "就労体験の場をつくります。",
        "start": "2027-04-01",
        "end": "2028-03-31",
        "lead": person(demo, "business").pk,
        **extra,
    }


def test_a_programme_is_recorded_from_the_form(client, demo):
    client.force_login(demo["staff"])
    answer = client.post(reverse("business:programme_create"), programme_post(demo))
    made = Programme.objects.get(title="相模原市 就労準備支援事業")
    assert answer["Location"] == made.get_absolute_url()
    assert made.state == Programme.State.CONSIDERING
    assert made.end == datetime.date(2028, 3, 31)


def test_an_end_before_the_start_and_a_lead_outside_the_section_show_at_the_fields(
    client, demo
):
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:programme_create"),
        programme_post(demo, end="2027-03-01", lead=person(demo, "member").pk),
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert errors["end"] and errors["lead"]
    assert "事業セクション" in errors["lead"][0]
    assert not Programme.objects.filter(title="相模原市 就労準備支援事業").exists()


def test_the_state_moves_from_the_page(client, demo):
    made = programme(demo)
    client.force_login(demo["business"])
    page = client.get(made.get_absolute_url())
    assert [s.value for s in page.context["next_states"]] == ["preparing", "ended"]
    client.post(
        reverse("business:programme_move", args=[made.pk]), {"state": "preparing"}
    )
    made.refresh_from_db()
    assert made.state == Programme.State.PREPARING
    answer = client.post(
        reverse("business:programme_move", args=[made.pk]),
        {"state": "considering"},
        follow=True,
    )
    assert "できません" in answer.content.decode()


# --- Partners ---------------------------------------------------------------------------------


def test_a_jv_share_above_100_is_refused_at_the_field(client, demo):
    made = programme(demo)
    coop = OrganizationFactory(name="生活クラブ（テスト）", partner=True)
    partner(demo, made, coop, Partner.Part.JV_MEMBER, share="70")
    other = OrganizationFactory(name="共同企業体の相手")
    client.force_login(demo["business"])
    url = reverse("business:partner_add", args=[made.pk])
    answer = client.post(
        url, {"organization": other.pk, "part": "jv_member", "share": "40"}
    )
    assert answer.status_code == 200
    assert "110" in answer.context["form"].errors["share"][0]
    answer = client.post(
        url, {"organization": other.pk, "part": "subcontractor", "share": ""}
    )
    assert answer.context["form"].errors["client_approved_on"]
    answer = client.post(
        url, {"organization": other.pk, "part": "jv_member", "share": "30"}
    )
    assert answer.status_code == 302
    page = client.get(made.get_absolute_url()).content.decode()
    assert "共同企業体の相手" in page and "100%" in page


def test_a_partner_is_removed_from_the_page(client, demo):
    made = programme(demo)
    gone = partner(demo, made)
    client.force_login(demo["business"])
    client.post(reverse("business:partner_remove", args=[made.pk, gone.pk]))
    assert not made.partners.exists()


# --- The page ---------------------------------------------------------------------------------


def test_the_page_shows_partners_documents_places_and_contracts_to_readers(
    client, demo
):
    made = with_home_wco(demo)
    services.programme_file_attach(
        actor=demo["business"],
        programme=made,
        uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
        description="事業計画書",
    )
    contract = f.contract(made, title="相模原市との委託契約", amount=3_456_789)
    f.site(made, name="ひだまり食堂")
    client.force_login(demo["board"])
    page = client.get(made.get_absolute_url()).content.decode()
    assert demo.ctx.data["home_wco"].name in page
    assert "plan.pdf" in page and "事業計画書" in page
    assert "ひだまり食堂" in page
    assert contract.title in page and "3,456,789" in page
    # The council reads programmes, not contracts.
    client.force_login(demo["council"])
    page = client.get(made.get_absolute_url()).content.decode()
    assert "ひだまり食堂" in page
    assert contract.title not in page


def test_a_place_is_a_link_only_for_those_who_may_open_it(client, demo):
    """The council reads the programme, not its places: their names are plain text
    (a link would answer 404). The section opens every place; a W.Co's
    representative opens the one their W.Co runs."""
    made = with_home_wco(demo)
    run_here = f.site(made, name="ひだまり食堂", operator=demo.ctx.data["home_wco"])
    elsewhere = f.site(made, name="よそのパントリー", operator=demo.ctx.data["wcos"][4])
    links = {
        site.name: reverse("business:site_detail", args=[site.pk])
        for site in (run_here, elsewhere)
    }

    client.force_login(demo["council"])
    page = client.get(made.get_absolute_url()).content.decode()
    assert "ひだまり食堂" in page and "よそのパントリー" in page
    assert not any(link in page for link in links.values())

    client.force_login(demo["business"])
    page = client.get(made.get_absolute_url()).content.decode()
    assert all(link in page for link in links.values())

    client.force_login(demo["rep"])
    page = client.get(made.get_absolute_url()).content.decode()
    assert links["ひだまり食堂"] in page
    assert links["よそのパントリー"] not in page and "よそのパントリー" in page
    assert client.get(links["ひだまり食堂"]).status_code == 200
    assert client.get(links["よそのパントリー"]).status_code == 404


def test_the_councils_page_does_not_grow_with_its_places(
    client, demo, django_assert_max_num_queries
):
    made = programme(demo)
    f.site(made, name="拠点0")
    client.force_login(demo["council"])
    url = made.get_absolute_url()
    client.get(url)  # warm the role snapshot
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"reading": "1"})
    baseline = len(few.captured_queries)
    for number in range(1, 6):
        f.site(made, name=f"拠点{number}", operator=demo.ctx.data["wcos"][number])
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url, {"reading": "2"})
    assert len(response.context["sites"]) == 6
    assert not any(site.viewable for site in response.context["sites"])


def test_drafting_an_item_opens_it_and_it_names_the_programme(client, demo):
    made = programme(demo)
    client.force_login(demo["business"])
    answer = client.post(reverse("business:programme_draft_item", args=[made.pk]))
    [item] = items_about(made)
    assert answer["Location"] == reverse("secretariat:item_detail", args=[item.pk])
    item_page = client.get(answer["Location"]).content.decode()
    assert made.get_absolute_url() in item_page
    assert "準備中" in item_page  # adopting it moves the programme into preparation
    page = client.get(made.get_absolute_url()).content.decode()
    assert reverse("secretariat:item_detail", args=[item.pk]) in page
    assert "下書き" in page
    # One draft at a time: the page says where to finish it instead of a button.
    assert "議案のページで仕上げてください" in page
    assert reverse("business:programme_draft_item", args=[made.pk]) not in page


def test_the_adopted_item_shows_its_outcome_on_the_programme(client, demo):
    made = programme(demo)
    item = services.programme_draft_item(actor=demo["business"], programme=made)
    decide(demo, item)
    client.force_login(demo["business"])
    page = client.get(made.get_absolute_url())
    [shown] = page.context["items"]
    assert shown.decision is not None
    assert shown.get_status_display() in page.content.decode()
    assert page.context["programme"].state == Programme.State.PREPARING


# --- The W.Co page ----------------------------------------------------------------------------


def test_the_rep_sees_their_wcos_programmes_contracts_and_places_without_amounts(
    client, demo
):
    home = demo.ctx.data["home_wco"]
    made = with_home_wco(demo, title="地域のネットワーク事業（テスト）")
    f.contract(made, title="ネットワーク事業の委託", amount=9_876_543)
    run = f.site(
        f.programme(title="別の居場所事業", kind_name="居場所事業"),
        name="みんなのカフェ",
        operator=home,
    )
    client.force_login(demo["rep"])
    page = client.get(
        reverse("members:organization_detail", args=[home.pk])
    ).content.decode()
    assert made.title in page
    assert made.get_absolute_url() in page
    assert "ネットワーク事業の委託" in page
    assert "9876543" not in page and "9,876,543" not in page
    assert run.name in page and run.programme.title in page
    # The rep opens the programme their W.Co takes part in.
    assert client.get(made.get_absolute_url()).status_code == 200


def test_another_wcos_rep_sees_no_panel_and_no_programme(client, demo):
    home = demo.ctx.data["home_wco"]
    made = with_home_wco(demo, title="見えないはずの事業")
    other_rep = PersonFactory(with_account=True)
    other = OrganizationFactory()
    AffiliationFactory(
        person=other_rep,
        organization=other,
        position=Affiliation.Position.REPRESENTATIVE,
    )
    client.force_login(other_rep.account)
    page = client.get(reverse("members:organization_detail", args=[other.pk]))
    assert made.title not in page.content.decode()
    assert client.get(made.get_absolute_url()).status_code == 404
    home_page = client.get(reverse("members:organization_detail", args=[home.pk]))
    assert made.title not in home_page.content.decode()


def test_the_business_readers_see_the_panel_too(client, demo):
    home = demo.ctx.data["home_wco"]
    made = with_home_wco(demo, title="読む人の事業")
    client.force_login(demo["board"])
    page = client.get(reverse("members:organization_detail", args=[home.pk]))
    assert made.title in page.content.decode()


def test_the_wco_panel_loads_in_four_queries_however_many_programmes(
    demo, django_assert_num_queries
):
    from business.selectors.programmes import organization_programmes

    home = demo.ctx.data["home_wco"]
    for number in range(4):
        made = with_home_wco(demo, title=f"参加事業{number}")
        f.contract(made, title=f"委託{number}")
        f.site(made, name=f"拠点{number}", operator=home)
    with django_assert_num_queries(4):
        programmes, contracts, sites = organization_programmes(home)
        assert all(p.parts == ["協力団体"] for p in programmes)
        assert all(c.client.name and c.programme.title for c in contracts)
        assert all(s.programme.title for s in sites)
    assert len(programmes) == 4 and len(contracts) == 4 and len(sites) == 4


def test_the_page_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    made = programme(demo)
    client.force_login(demo["business"])
    url = made.get_absolute_url()

    def add_one_of_each(number):
        partner(demo, made, OrganizationFactory())
        f.contract(made, title=f"委託{number}")
        f.site(made, name=f"拠点{number}")
        item = services.programme_draft_item(actor=demo["business"], programme=made)
        item.status = "withdrawn"
        item.save(update_fields=["status"])

    add_one_of_each(0)
    client.get(url)  # warm the role snapshot
    # The page as rendered, not as kept for the viewer (core.views.CachedPageMixin):
    # each measured reading asks with a query string of its own.
    with django_assert_max_num_queries(20) as few:
        first = client.get(url, {"reading": "1"})
    assert first.status_code == 200
    baseline = len(few.captured_queries)
    for number in range(1, 4):
        add_one_of_each(number)
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url, {"reading": "2"})
    assert len(response.context["items"]) == 4
    assert len(response.context["contracts"]) == 4
    assert len(response.context["sites"]) == 4


# --- A programme of many places ----------------------------------------------------------------


def test_a_programme_of_many_places_shows_the_first_and_leads_to_the_rest(client, demo):
    from business.models import Site

    made = programme(demo)
    other = programme(demo)
    for number in range(25):
        f.site(made, name=f"拠点{number:02d}")
    f.site(other, name="ほかの事業の拠点")
    client.force_login(demo["business"])
    page = client.get(reverse("business:programme_detail", args=[made.pk])).content
    page = page.decode()
    assert "拠点00" in page and "拠点19" in page and "拠点20" not in page
    assert "25" in page
    listing = f"{reverse('business:site_list')}?programme={made.pk}"
    assert listing in page

    page = client.get(listing).content.decode()
    assert "拠点24" in page and "ほかの事業の拠点" not in page
    assert Site.objects.filter(programme=made).count() == 25
