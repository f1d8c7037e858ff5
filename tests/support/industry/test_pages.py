"""Industry meetings' pages: the coordinators' list, a meeting's page for its seated
W.Cos' people, inviting, seating by hand, the issues' pages, the panels and the
rosters' export."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.models import BodyMember
from support.models import IndustryMeeting, SharedIssue
from wco_sse.core.models import ExportLog

from . import helpers as h

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    client.get(url)  # warm caches (content types, session, roles)
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_shows_seats_next_meeting_and_open_issues(client, demo):
    im = h.home_meeting(demo)
    h.issue(demo, im)
    client.force_login(demo["support"])
    page = client.get(reverse("support:industry_list")).content.decode()
    assert im.body.name in page
    assert reverse("support:industry_detail", args=[im.pk]) in page
    meeting = im.body.meetings.first()
    assert reverse("secretariat:meeting_detail", args=[meeting.pk]) in page


def test_the_list_costs_the_same_queries_for_one_meeting_or_five(client, demo):
    client.force_login(demo["support"])
    url = reverse("support:industry_list")
    h.home_meeting(demo)
    one = _count_queries(client, url)
    for index in range(4):
        im = h.industry_meeting(demo, h.industry(f"業種{index}"))
        h.meeting(demo, im)
        organization, _ = h.wco(im.industry)
        from support.services.industry import industry_invite

        industry_invite(
            actor=demo["support"], industry_meeting=im, organizations=[organization]
        )
    assert _count_queries(client, url) == one


def test_creating_from_the_page(client, demo):
    the_industry = h.industry("ペット介護")
    client.force_login(demo["support"])
    response = client.post(
        reverse("support:industry_create"), {"industry": the_industry.pk}
    )
    im = IndustryMeeting.objects.get(industry=the_industry)
    assert response.status_code == 302
    assert response["Location"] == reverse("support:industry_detail", args=[im.pk])


def test_a_representative_reads_their_industrys_meeting_and_not_another(client, demo):
    im = h.home_meeting(demo)
    other = h.other_meeting(demo)
    client.force_login(demo["rep"])
    response = client.get(reverse("support:industry_detail", args=[im.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert demo.ctx.data["home_wco"].name in page
    assert reverse("support:industry_invite", args=[im.pk]) not in page
    assert reverse("secretariat:body_detail", args=[im.body.pk]) in page
    assert (
        client.get(reverse("support:industry_detail", args=[other.pk])).status_code
        == 404
    )
    # The body's page is the secretariat's, and opens to the seated W.Co's rep.
    assert (
        client.get(reverse("secretariat:body_detail", args=[im.body.pk])).status_code
        == 200
    )


def test_the_delegate_reads_the_meeting(client, demo):
    im = h.industry_meeting(demo, h.industry("介護・福祉"))
    organization, person = h.wco(im.industry)
    from tests.factories import UserFactory

    user = UserFactory()
    person.account = user
    person.save(update_fields=["account"])
    from support.services.industry import industry_invite

    industry_invite(
        actor=demo["support"], industry_meeting=im, organizations=[organization]
    )
    client.force_login(user)
    assert (
        client.get(reverse("support:industry_detail", args=[im.pk])).status_code == 200
    )


def test_a_member_who_does_not_sit_gets_404(client, demo):
    im = h.home_meeting(demo)
    client.force_login(demo["member"])
    assert (
        client.get(reverse("support:industry_detail", args=[im.pk])).status_code == 404
    )


def test_invite_page_seats_all_or_names_the_wco_without_a_representative(client, demo):
    im = h.industry_meeting(demo)
    good, _ = h.wco(im.industry)
    bad, _ = h.wco(im.industry, representative=False, name="代表者未登録の会")
    client.force_login(demo["support"])
    url = reverse("support:industry_invite", args=[im.pk])
    page = client.get(url).content.decode()
    assert good.name in page and bad.name in page
    response = client.post(url, {"organizations": [good.pk, bad.pk]})
    assert response.status_code == 200
    assert "代表者未登録の会" in response.content.decode()
    assert not BodyMember.objects.filter(body=im.body).exists()
    response = client.post(url, {"organizations": [good.pk]})
    assert response.status_code == 302
    assert BodyMember.objects.filter(body=im.body, organization=good).exists()


def test_seat_page_lists_the_chosen_wcos_people(client, demo):
    im = h.industry_meeting(demo)
    elsewhere, person = h.wco(h.industry("介護・福祉"))
    client.force_login(demo["support"])
    url = reverse("support:industry_seat", args=[im.pk])
    page = client.get(url, {"organization": elsewhere.pk}).content.decode()
    assert person.full_name in page
    response = client.post(url, {"organization": elsewhere.pk, "person": person.pk})
    assert response.status_code == 302
    assert BodyMember.objects.get(body=im.body, organization=elsewhere).person == person


def test_seat_page_refuses_a_person_of_another_wco_at_the_field(client, demo):
    im = h.industry_meeting(demo)
    elsewhere, _person = h.wco(h.industry("介護・福祉"))
    client.force_login(demo["support"])
    url = reverse("support:industry_seat", args=[im.pk])
    response = client.post(
        url, {"organization": elsewhere.pk, "person": demo["member"].person.pk}
    )
    assert response.status_code == 200
    assert not BodyMember.objects.filter(body=im.body).exists()


def test_a_rep_raises_an_issue_and_reads_it(client, demo):
    im = h.home_meeting(demo)
    client.force_login(demo["rep"])
    url = reverse("support:issue_create", args=[im.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "meeting": im.body.meetings.first().pk,
            "raised_by": demo.ctx.data["home_wco"].pk,
            "title": "配送ルートの共有",
            "text": "近隣の団体と配送をまとめたい。",
        },
    )
    issue = SharedIssue.objects.get(title="配送ルートの共有")
    assert response["Location"] == reverse("support:issue_detail", args=[issue.pk])
    page = client.get(response["Location"]).content.decode()
    assert "近隣の団体と配送をまとめたい。" in page
    assert reverse("support:issue_move", args=[issue.pk]) not in page
    assert reverse("support:issue_edit", args=[issue.pk]) in page


def test_the_issue_page_offers_moves_and_drafting_to_coordinators(client, demo):
    issue = h.issue(demo)
    client.force_login(demo["support"])
    page = client.get(reverse("support:issue_detail", args=[issue.pk])).content.decode()
    assert reverse("support:issue_move", args=[issue.pk]) in page
    assert reverse("support:issue_draft_item", args=[issue.pk]) in page
    response = client.post(
        reverse("support:issue_move", args=[issue.pk]),
        {"state": "closed", "outcome": ""},
    )
    assert response.status_code == 200  # the outcome is needed
    issue.refresh_from_db()
    assert issue.state == "shared"
    response = client.post(reverse("support:issue_draft_item", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.state == "agenda"
    assert response["Location"] == reverse(
        "secretariat:item_detail", args=[issue.agenda_item_id]
    )
    item_page = client.get(response["Location"]).content.decode()
    assert reverse("support:issue_detail", args=[issue.pk]) in item_page


def test_the_organization_panel_shows_seats_and_open_issues(client, demo):
    im = h.home_meeting(demo)
    issue = h.issue(demo, im, title="パネルの課題")
    home = demo.ctx.data["home_wco"]
    url = reverse("members:organization_detail", args=[home.pk])
    client.force_login(demo["rep"])
    page = client.get(url).content.decode()
    assert reverse("support:industry_detail", args=[im.pk]) in page
    assert reverse("support:issue_detail", args=[issue.pk]) in page
    client.force_login(demo["member"])
    page = client.get(url).content.decode()
    assert reverse("support:industry_detail", args=[im.pk]) not in page


def test_the_organization_panel_costs_the_same_queries_for_one_seat_or_five(
    client, demo
):
    home = demo.ctx.data["home_wco"]
    h.home_meeting(demo)
    client.force_login(demo["support"])
    url = reverse("members:organization_detail", args=[home.pk])
    one = _count_queries(client, url)
    from support.services.industry import industry_seat_add

    for index in range(4):
        im = h.industry_meeting(demo, h.industry(f"兼業{index}"))
        industry_seat_add(
            actor=demo["support"],
            industry_meeting=im,
            organization=home,
            person=demo["rep"].person,
        )
        h.issue(demo, h.home_meeting(demo), title=f"課題{index}")
    assert _count_queries(client, url) == one


def test_my_page_lists_the_delegates_meetings(client, demo):
    im = h.home_meeting(demo)
    client.force_login(demo["rep"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert reverse("support:industry_detail", args=[im.pk]) in page


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_rosters_export_is_logged(client, demo, file_format):
    h.home_meeting(demo)
    client.force_login(demo["support"])
    response = client.get(
        reverse("support:industry_rosters_export"), {"format": file_format}
    )
    assert response.status_code == 200
    if file_format == "csv":
        text = response.content.decode("utf-8-sig")
        assert demo.ctx.data["home_wco"].name in text
        assert demo["rep"].person.full_name in text
    assert ExportLog.objects.filter(actor=demo["support"]).exists()


def test_the_school_committee_page(client, demo):
    client.force_login(demo["school"])
    response = client.get(reverse("support:school_committee"))
    assert response.status_code == 200
    assert "W.Coスクール運営委員会" in response.content.decode()
    manage = client.get(reverse("support:course_manage_list")).content.decode()
    assert reverse("support:school_committee") in manage


def test_a_coordinator_makes_a_project_from_the_issue_page(client, demo):
    """ "Make it a project" opens the project form from the issue; saving it makes
    the issue a project, linked both ways. The representative sees no such button."""
    issue = h.issue(demo)
    make = reverse("support:project_create") + f"?issue={issue.pk}"
    client.force_login(demo["rep"])
    page = client.get(reverse("support:issue_detail", args=[issue.pk])).content.decode()
    assert make not in page
    client.force_login(demo["support"])
    page = client.get(reverse("support:issue_detail", args=[issue.pk])).content.decode()
    assert make in page
    form = client.get(make)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert str(initial.get("origin_issue")) == str(issue.pk)
    response = client.post(
        make,
        {
            "title": issue.title,
            "question": issue.text,
            "origin": "issue",
            "origin_issue": issue.pk,
            "lead": demo["support"].person.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    issue.refresh_from_db()
    assert issue.state == SharedIssue.State.PROJECT
    page = client.get(reverse("support:issue_detail", args=[issue.pk])).content.decode()
    assert issue.project.get_absolute_url() in page


def test_the_kept_organization_panel_shows_a_new_issue_at_once(client, demo):
    """The panel is kept between visits and renewed by a new issue (its versions
    name the issues, not the whole support app)."""
    im = h.home_meeting(demo)
    home = demo.ctx.data["home_wco"]
    url = reverse("members:organization_detail", args=[home.pk])
    client.force_login(demo["rep"])
    assert (
        reverse("support:industry_detail", args=[im.pk])
        in client.get(url).content.decode()
    )
    issue = h.issue(demo, im, title="あとから共有した課題")
    assert (
        reverse("support:issue_detail", args=[issue.pk])
        in client.get(url).content.decode()
    )
