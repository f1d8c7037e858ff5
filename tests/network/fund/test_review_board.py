"""Sending a recommended application to the board (one 審議事項 per application, its
paper attached) and what the board's decision does to it, at a held meeting and by a
決議の省略 (issue 14)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation
from network.fund import ledger
from network.fund import services_review as services
from network.models import Award, FundApplication, LedgerTransaction
from secretariat import services as sec
from secretariat.models import AgendaItem, AgendaPaper, Decision, WrittenResponse
from secretariat.subjects import subject_of
from tests.network.fund import review_helpers as rh
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db
S = FundApplication.Status


def test_sending_drafts_exactly_one_item_with_its_subject_and_paper(demo, client):
    app = rh.recommended(demo)
    client.force_login(demo["network"])
    url = reverse("network:fund_application_send", args=[app.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"minutes_reference": "第3回まちづくり会議 議事録"})
    assert response.status_code == 302
    app.refresh_from_db()
    item = app.agenda_item
    assert app.status == S.AT_BOARD
    assert item.kind == AgendaItem.Kind.DELIBERATION and item.source == "network"
    assert (
        item.title == f"社会的連帯経済基金 助成：{app.org_name}「{app.project_title}」"
    )
    assert "第3回まちづくり会議 議事録" in item.body
    assert subject_of(item) == app
    paper = AgendaPaper.objects.get(item=item)
    assert paper.file.content_type == "application/pdf"
    assert paper.file.file.read(5) == b"%PDF-"
    # A second send is refused; still one item.
    again = client.post(url, {"minutes_reference": "第4回"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    with pytest.raises(ServiceError):
        services.application_send_to_board(
            actor=demo["network"], application=app, minutes_reference="第4回"
        )
    assert AgendaItem.objects.filter(subject_id=app.pk).count() == 1


def test_only_the_network_section_sends_and_only_a_recommended_application(demo):
    app = rh.in_review(demo)
    with pytest.raises(ServiceError):
        services.application_send_to_board(
            actor=demo["network"], application=app, minutes_reference="第3回"
        )
    app = rh.recommended(demo, app=app)
    with pytest.raises(PermissionDenied):
        services.application_send_to_board(
            actor=demo["staff"], application=app, minutes_reference="第3回"
        )
    with pytest.raises(ServiceError) as error:
        services.application_send_to_board(
            actor=demo["network"], application=app, minutes_reference="  "
        )
    assert error.value.field == "minutes_reference"


def test_the_item_page_shows_the_directors_affiliated_with_the_applicant(demo, client):
    app, item = rh.at_board(demo)
    director = h.directors()[0]
    Affiliation.objects.create(
        person=director,
        organization=app.organization,
        confirmed=True,
        start=timezone.localdate().replace(day=1),
    )
    item = sec.agenda_item_transition(actor=demo["network"], item=item, action="submit")
    client.force_login(demo["staff"])
    page = client.get(reverse("secretariat:item_detail", args=[item.pk]))
    assert page.status_code == 200
    panel = page.context["subject_panel"]
    assert [a.person_id for a, _recorded in panel["affiliated"]] == [director.pk]
    text = page.content.decode()
    assert director.full_name in text
    assert reverse("secretariat:item_interest", args=[item.pk]) in text


def test_approved_at_a_held_meeting_awards_the_recommended_amount(demo):
    app, item = rh.at_board(demo, amount=200_000)
    fund_round = app.round
    budget = ledger.round_budget(fund_round)
    item = rh.placed_and_held(demo, item)
    rh.decide(demo, item, "approve")
    app.refresh_from_db()
    award = app.award
    year = (
        award.decided_on.year
        if award.decided_on.month >= 4
        else award.decided_on.year - 1
    )
    assert award.number == f"基金{year}-001"
    assert award.amount == 200_000 and award.status == Award.Status.AWARDED
    assert award.decision == Decision.objects.get(item=item)
    assert app.status == S.AWARDED and app.earmarked == 0
    assert ledger.round_budget(fund_round) == budget - 200_000
    assert ledger.award_unpaid(award) == 200_000
    assert LedgerTransaction.objects.filter(award=award, kind="award").count() == 1
    assert OutboundEmail.objects.filter(template="fund_review_awarded").exists()
    # The next award of the year takes the next number.
    other, other_item = rh.at_board(
        demo, amount=100_000, organization=demo.ctx.data["wcos"][1]
    )
    other_item = rh.placed_and_held(demo, other_item)
    rh.decide(demo, other_item, "approve")
    assert Award.objects.get(application=other).number == f"基金{year}-002"


def test_the_award_email_links_the_representative_to_the_award_page(demo, settings):
    """The email of the board's award is where the representative goes on from: to
    the award's page (its notice, payments and report)."""
    app, item = rh.at_board(demo, amount=200_000)
    item = rh.placed_and_held(demo, item)
    rh.decide(demo, item, "approve")
    app.refresh_from_db()
    url = settings.WCO_SITE_URL + app.award.get_absolute_url()
    emails = OutboundEmail.objects.filter(template="fund_review_awarded")
    assert emails.exists()
    for email in emails:
        assert url in email.body_text
        assert f'href="{url}"' in email.body_html


def test_amended_awaits_the_amount_and_keeps_the_earmark(demo):
    app, item = rh.at_board(demo, amount=200_000)
    remaining = ledger.round_remaining(app.round)
    item = rh.placed_and_held(demo, item)
    rh.decide(demo, item, "approve", amendment="助成額は事務局が精査のうえ確定する。")
    app.refresh_from_db()
    assert app.award.status == Award.Status.AWAITING_AMOUNT
    assert app.award.amount is None
    assert app.earmarked == 200_000
    assert ledger.round_remaining(app.round) == remaining
    assert not LedgerTransaction.objects.filter(award=app.award).exists()


def test_rejected_releases_the_earmark_and_deferred_changes_nothing(demo):
    app, item = rh.at_board(demo, amount=200_000, organization=demo.ctx.data["wcos"][1])
    remaining = ledger.round_remaining(app.round)
    item = rh.placed_and_held(demo, item)
    rh.decide(demo, item, "defer")
    app.refresh_from_db()
    assert app.status == S.AT_BOARD and app.earmarked == 200_000
    assert not Award.objects.filter(application=app).exists()

    other, other_item = rh.at_board(demo, amount=100_000)
    before = ledger.round_remaining(other.round)
    other_item = rh.placed_and_held(demo, other_item)
    rh.decide(demo, other_item, "reject")
    other.refresh_from_db()
    assert other.status == S.REJECTED and other.earmarked == 0
    assert ledger.round_remaining(other.round) == before + 100_000
    assert not Award.objects.filter(application=other).exists()
    assert OutboundEmail.objects.filter(template="fund_review_rejected").exists()
    assert remaining  # the first round's earmark stood through the deferral


def test_adopted_without_a_meeting_awards_too(demo):
    app, item = rh.at_board(demo, amount=150_000)
    item = sec.agenda_item_transition(actor=demo["network"], item=item, action="submit")
    item = sec.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    resolution = sec.written_resolution_propose(
        actor=demo["staff"], proposer=h.directors()[0], item=item
    )
    sec.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + timezone.timedelta(days=7),
    )
    for response in resolution.responses.filter(capacity="director"):
        sec.written_response_answer(
            actor=demo["staff"],
            response=response,
            answer="consent",
            via=WrittenResponse.Via.PAPER,
        )
    app.refresh_from_db()
    assert app.status == S.AWARDED
    assert app.award.amount == 150_000 and app.award.decision.written_resolution_id
    assert app.earmarked == 0


def test_a_failing_handler_rolls_the_decision_back(demo, monkeypatch):
    app, item = rh.at_board(demo, amount=200_000)
    item = rh.placed_and_held(demo, item)

    def broken(*args, **kwargs):
        raise ServiceError("帳簿に記帳できません。")

    monkeypatch.setattr(ledger, "book_award", broken)
    with pytest.raises(ServiceError):
        rh.decide(demo, item, "approve")
    item.refresh_from_db()
    app.refresh_from_db()
    assert item.status == AgendaItem.Status.PLACED
    assert not Decision.objects.filter(item=item).exists()
    assert not Award.objects.filter(application=app).exists()
    assert app.status == S.AT_BOARD and app.earmarked == 200_000


def test_a_decision_on_an_application_no_longer_before_the_board_is_refused(demo):
    app, item = rh.at_board(demo)
    item = rh.placed_and_held(demo, item)
    FundApplication.objects.filter(pk=app.pk).update(status=S.WITHDRAWN)
    with pytest.raises(ServiceError):
        rh.decide(demo, item, "approve")
    assert not Decision.objects.filter(item=item).exists()


def test_the_application_links_the_board_item_only_for_those_who_may_open_it(
    demo, client
):
    """The link to the board's item shows only to those the secretariat lets open
    it: the network section on its draft, the secretariat once it is submitted, never
    the committee member who scored it (no link to a page that answers 404)."""
    app, item = rh.at_board(demo)
    item_url = reverse("secretariat:item_detail", args=[item.pk])
    page_url = reverse("network:fund_application", args=[app.pk])

    def links(who):
        client.force_login(demo[who])
        page = client.get(page_url)
        assert page.status_code == 200
        shown = item_url in page.content.decode()
        assert client.get(item_url).status_code == (200 if shown else 404), who
        return shown

    assert links("network")
    assert not links("fund")
    assert not links("staff")  # the section's draft is the section's
    sec.agenda_item_transition(actor=demo["network"], item=item, action="submit")
    assert links("staff")
    assert not links("fund")
