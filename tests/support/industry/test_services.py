"""Industry meetings' services: making one, inviting the industry (all or nothing),
seating by hand, and the shared issues' states."""

import pytest
from django.utils.translation import gettext

from secretariat.models import AgendaItem, Body, BodyMember
from secretariat.subjects import subject_of, subject_panel
from support.models import IndustryMeeting, SharedIssue
from support.selectors.industry import industry_invite_candidates
from support.services import industry as services
from tests.factories import OrganizationFactory
from wco_sse.core.errors import ServiceError

from . import helpers as h

pytestmark = pytest.mark.django_db


def test_creating_makes_the_support_body_and_its_link(demo):
    """One service makes the support section's 業種別会議 body and links it."""
    im = services.industry_meeting_create(
        actor=demo["support"], industry=h.industry("配食")
    )
    assert im.body.section == "support"
    assert im.body.category == Body.Category.INDUSTRY
    assert im.body.name == "配食 industry meeting"


def test_an_industry_has_one_meeting(demo):
    the_industry = h.industry("子育て支援")
    services.industry_meeting_create(actor=demo["support"], industry=the_industry)
    bodies = Body.objects.count()
    with pytest.raises(ServiceError) as refused:
        services.industry_meeting_create(actor=demo["staff"], industry=the_industry)
    assert refused.value.field == "industry"
    assert Body.objects.count() == bodies
    assert IndustryMeeting.objects.filter(industry=the_industry).count() == 1


def test_a_rep_may_not_create_a_meeting(demo):
    with pytest.raises(ServiceError):
        services.industry_meeting_create(actor=demo["rep"], industry=h.industry())


def test_invite_seats_each_wco_with_its_representative(demo):
    im = h.industry_meeting(demo)
    first, first_rep = h.wco(im.industry)
    supporting, supporting_rep = h.wco(im.industry, supporting=True)
    seats = services.industry_invite(
        actor=demo["support"],
        industry_meeting=im,
        organizations=[first, supporting],
    )
    assert {(s.organization_id, s.person_id) for s in seats} == {
        (first.pk, first_rep.pk),
        (supporting.pk, supporting_rep.pk),
    }


def test_invite_lists_only_the_industrys_member_wcos_without_a_seat(demo):
    im = h.industry_meeting(demo)
    waiting, _ = h.wco(im.industry)
    seated, _ = h.wco(im.industry)
    other_industry, _ = h.wco(h.industry("介護・福祉"))
    non_member, _ = h.wco(im.industry, non_member=True)
    services.industry_invite(
        actor=demo["support"], industry_meeting=im, organizations=[seated]
    )
    listed = set(
        industry_invite_candidates(industry_meeting=im).values_list("pk", flat=True)
    )
    assert waiting.pk in listed
    assert not listed & {seated.pk, other_industry.pk, non_member.pk}


def test_invite_is_all_or_nothing_and_names_the_wco_without_a_representative(demo):
    im = h.industry_meeting(demo)
    with_rep, _ = h.wco(im.industry)
    without, _ = h.wco(im.industry, representative=False, name="代表者なしの会")
    with pytest.raises(ServiceError) as refused:
        services.industry_invite(
            actor=demo["support"],
            industry_meeting=im,
            organizations=[with_rep, without],
        )
    assert "代表者なしの会" in refused.value.message
    assert not BodyMember.objects.filter(body=im.body).exists()


def test_a_wco_holds_one_open_seat(demo):
    im = h.industry_meeting(demo)
    organization, person = h.wco(im.industry)
    services.industry_invite(
        actor=demo["support"], industry_meeting=im, organizations=[organization]
    )
    with pytest.raises(ServiceError) as refused:
        services.industry_invite(
            actor=demo["support"], industry_meeting=im, organizations=[organization]
        )
    assert refused.value.message == gettext(
        "The chosen W.Cos already have seats; nothing was added."
    )
    with pytest.raises(ServiceError):
        services.industry_seat_add(
            actor=demo["support"],
            industry_meeting=im,
            organization=organization,
            person=person,
        )
    assert (
        BodyMember.objects.filter(body=im.body, organization=organization).count() == 1
    )


def test_a_wco_of_another_industry_is_seated_by_hand(demo):
    im = h.industry_meeting(demo)
    elsewhere, person = h.wco(h.industry("介護・福祉"))
    seat = services.industry_seat_add(
        actor=demo["staff"], industry_meeting=im, organization=elsewhere, person=person
    )
    assert seat.organization == elsewhere and seat.body == im.body


def test_seating_by_hand_needs_a_confirmed_person_of_the_wco(demo):
    im = h.industry_meeting(demo)
    elsewhere, _ = h.wco(h.industry("介護・福祉"))
    with pytest.raises(ServiceError) as refused:
        services.industry_seat_add(
            actor=demo["support"],
            industry_meeting=im,
            organization=elsewhere,
            person=demo["member"].person,
        )
    assert refused.value.field == "person"


def test_a_representative_raises_an_issue_only_for_their_seated_wco(demo):
    im = h.home_meeting(demo)
    other, _ = h.wco(im.industry)
    services.industry_invite(
        actor=demo["support"], industry_meeting=im, organizations=[other]
    )
    meeting = im.body.meetings.first()
    issue = services.issue_raise(
        actor=demo["rep"],
        industry_meeting=im,
        meeting=meeting,
        raised_by=demo.ctx.data["home_wco"],
        title="配送車の確保",
        text="車両が足りません。",
    )
    assert issue.state == SharedIssue.State.SHARED
    with pytest.raises(ServiceError) as refused:
        services.issue_raise(
            actor=demo["rep"],
            industry_meeting=im,
            meeting=meeting,
            raised_by=other,
            title="他団体の課題",
            text="…",
        )
    assert refused.value.field == "raised_by"


def test_an_issue_is_raised_at_one_of_the_bodys_meetings(demo):
    im = h.home_meeting(demo)
    elsewhere = h.other_meeting(demo)
    with pytest.raises(ServiceError) as refused:
        services.issue_raise(
            actor=demo["support"],
            industry_meeting=im,
            meeting=elsewhere.body.meetings.first(),
            raised_by=demo.ctx.data["home_wco"],
            title="課題",
            text="本文",
        )
    assert refused.value.field == "meeting"


def test_transitions_follow_the_table_and_ending_needs_an_outcome(demo):
    issue = h.issue(demo)
    with pytest.raises(ServiceError) as refused:
        services.issue_move(actor=demo["support"], issue=issue, state="resolved")
    assert refused.value.field == "outcome"
    issue = services.issue_move(actor=demo["support"], issue=issue, state="considering")
    assert issue.state == "considering"
    with pytest.raises(ServiceError) as refused:
        services.issue_move(actor=demo["support"], issue=issue, state="shared")
    assert refused.value.field == "state"
    with pytest.raises(ServiceError):
        services.issue_move(
            actor=demo["support"], issue=issue, state="project", outcome="x"
        )
    issue = services.issue_move(
        actor=demo["support"], issue=issue, state="resolved", outcome="共同購入で解決"
    )
    assert issue.state == "resolved" and issue.outcome == "共同購入で解決"
    with pytest.raises(ServiceError):
        services.issue_move(
            actor=demo["support"], issue=issue, state="closed", outcome="x"
        )


def test_a_representative_does_not_move_an_issue(demo):
    issue = h.issue(demo)
    with pytest.raises(ServiceError):
        services.issue_move(actor=demo["rep"], issue=issue, state="considering")


def test_the_raisers_representative_edits_the_open_issue(demo):
    issue = h.issue(demo)
    issue = services.issue_update(
        actor=demo["rep"], issue=issue, title="新しい題", text="新しい本文"
    )
    assert issue.title == "新しい題"
    services.issue_move(
        actor=demo["support"], issue=issue, state="closed", outcome="終了"
    )
    with pytest.raises(ServiceError):
        services.issue_update(actor=demo["rep"], issue=issue, title="x", text="y")


def test_drafting_an_item_links_it_and_marks_the_issue(demo):
    issue = h.issue(demo)
    item = services.issue_draft_agenda_item(actor=demo["support"], issue=issue)
    issue.refresh_from_db()
    assert issue.state == SharedIssue.State.AGENDA
    assert issue.agenda_item == item
    assert item.source == "support"
    assert item.title == issue.title
    assert issue.text in item.body
    assert item.status == AgendaItem.Status.DRAFT
    assert subject_of(item) == issue
    panel = subject_panel(item, demo["support"])
    assert panel["template"] == "support/industry/_subject_panel.html"
    assert panel["issue"] == issue
    with pytest.raises(ServiceError):
        services.issue_draft_agenda_item(actor=demo["support"], issue=issue)
    assert AgendaItem.objects.filter(subject_id=issue.pk).count() == 1


def test_the_secretariat_drafts_as_the_secretariat(demo):
    issue = h.issue(demo)
    item = services.issue_draft_agenda_item(actor=demo["staff"], issue=issue)
    assert item.source in ("support", "secretariat")


def test_the_school_committee_body_is_made_again_when_gone(demo):
    from support.models import SchoolCommittee
    from support.selectors.industry import school_committee_body

    SchoolCommittee.objects.all().delete()
    body = school_committee_body()
    assert body.category == Body.Category.COMMITTEE and body.section == "support"
    assert school_committee_body() == body


def test_an_inactive_wco_is_not_seated_by_hand(demo):
    im = h.industry_meeting(demo)
    dissolved = OrganizationFactory(status="dissolved")
    with pytest.raises(ServiceError) as refused:
        services.industry_seat_add(
            actor=demo["support"],
            industry_meeting=im,
            organization=dissolved,
            person=demo["member"].person,
        )
    assert refused.value.field == "organization"
