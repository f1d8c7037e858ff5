"""An item's papers (別紙): the section drafting it and the secretariat attach,
replace, remove and order them while it can be edited; afterwards the secretariat
alone, each change with a note kept in the item's history; the board packet carries
them in their order."""

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.urls import reverse
from pypdf import PdfReader

from secretariat import documents, selectors, services
from secretariat.models import AgendaItem, AgendaTransition, Meeting
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import StoredFile
from wco_sse.core.pdf import render_pdf

pytestmark = pytest.mark.django_db


def pdf_with(text):
    template = engines["django"].from_string(f"<html><body><p>{text}</p></body></html>")
    with mock.patch(
        "wco_sse.core.pdf.render_to_string", lambda name, ctx: template.render(ctx)
    ):
        return render_pdf("x.html", {})


def upload(name, text=None):
    return SimpleUploadedFile(name, pdf_with(text or name), "application/pdf")


def pdf_text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def names(item):
    return [p.file.original_name for p in selectors.item_papers(item)]


def attach(demo, item, name, *, actor="support", note=""):
    return services.agenda_item_attach(
        actor=demo[actor], item=item, uploaded=upload(name), note=note
    )


def test_the_item_page_offers_papers_to_the_section_drafting_it(demo, client):
    """The flash after saving a draft says to attach papers: the page offers it."""
    item = h.item(demo, status="draft")
    client.force_login(demo["support"])
    html = client.get(reverse("secretariat:item_detail", args=[item.pk])).content
    assert reverse("secretariat:item_attach", args=[item.pk]) in html.decode()


def test_the_section_attaches_orders_replaces_and_removes_papers(demo, client):
    item = h.item(demo, status="draft")
    client.force_login(demo["support"])
    url = reverse("secretariat:item_attach", args=[item.pk])
    for name in ("収支予算書.pdf", "事業計画書.pdf", "名簿.pdf"):
        response = client.post(url, {"file": upload(name), "description": ""})
        assert response.status_code == 302
    assert names(item) == ["収支予算書.pdf", "事業計画書.pdf", "名簿.pdf"]
    budget, plan, roster = selectors.item_papers(item)

    paper_url = reverse("secretariat:item_paper", args=[item.pk, plan.pk])
    assert client.post(paper_url, {"action": "up"}).status_code == 302
    assert names(item) == ["事業計画書.pdf", "収支予算書.pdf", "名簿.pdf"]
    page = client.get(reverse("secretariat:item_detail", args=[item.pk])).content
    html = page.decode()
    assert html.index(f'id="paper-{plan.pk}"') < html.index(f'id="paper-{budget.pk}"')

    client.post(paper_url, {"action": "replace", "file": upload("事業計画書_改.pdf")})
    assert names(item) == ["事業計画書_改.pdf", "収支予算書.pdf", "名簿.pdf"]
    assert not StoredFile.objects.filter(pk=plan.file.pk).exists()

    roster_url = reverse("secretariat:item_paper", args=[item.pk, roster.pk])
    client.post(roster_url, {"action": "remove"})
    assert names(item) == ["事業計画書_改.pdf", "収支予算書.pdf"]
    assert [p.position for p in selectors.item_papers(item)] == [1, 2]
    # While the section drafts, the history shows the item's moves only.
    assert not AgendaTransition.objects.filter(item=item).exclude(event="").exists()


def test_a_replacement_of_the_wrong_type_keeps_the_paper(demo, client):
    item = h.item(demo, status="draft")
    paper = attach(demo, item, "予算書.pdf")
    client.force_login(demo["support"])
    response = client.post(
        reverse("secretariat:item_paper", args=[item.pk, paper.pk]),
        {
            "action": "replace",
            "file": SimpleUploadedFile("予算書.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert names(item) == ["予算書.pdf"]
    # Replacing needs a file: said at the field.
    response = client.post(
        reverse("secretariat:item_paper", args=[item.pk, paper.pk]),
        {"action": "replace"},
    )
    assert response.context["form"].errors["file"]


def test_the_section_can_no_longer_change_papers_once_submitted(demo, client):
    item = h.item(demo, status="draft")
    paper = attach(demo, item, "予算書.pdf")
    services.agenda_item_transition(actor=demo["support"], item=item, action="submit")
    client.force_login(demo["support"])
    html = client.get(reverse("secretariat:item_detail", args=[item.pk])).content
    assert reverse("secretariat:item_attach", args=[item.pk]) not in html.decode()
    assert "予算書.pdf" in html.decode()
    response = client.post(
        reverse("secretariat:item_paper", args=[item.pk, paper.pk]),
        {"action": "remove"},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        attach(demo, AgendaItem.objects.get(pk=item.pk), "追加.pdf")
    assert names(item) == ["予算書.pdf"]


def test_the_secretariat_changes_papers_of_a_returned_item_without_a_note(demo):
    item = h.item(demo, status="returned")
    attach(demo, item, "差し替え資料.pdf", actor="staff")
    assert names(item) == ["差し替え資料.pdf"]


def test_after_submission_the_secretariat_needs_a_note(demo, client):
    """Once the item left its author's hands, a paper changes only with a note that
    goes into the item's history; without it nothing is saved."""
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    client.force_login(demo["staff"])
    url = reverse("secretariat:item_attach", args=[item.pk])
    page = client.get(reverse("secretariat:item_detail", args=[item.pk])).content
    assert url in page.decode() and 'name="note"' in page.decode()

    files_before = StoredFile.objects.count()
    response = client.post(url, {"file": upload("訂正版.pdf"), "note": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert names(item) == [] and StoredFile.objects.count() == files_before

    response = client.post(
        url, {"file": upload("訂正版.pdf"), "note": "金額の誤りを訂正しました"}
    )
    assert response.status_code == 302
    assert names(item) == ["訂正版.pdf"]
    step = AgendaTransition.objects.filter(item=item).exclude(event="").get()
    assert step.event == AgendaTransition.Event.PAPER_ADDED
    assert step.reason == "金額の誤りを訂正しました"
    assert step.actor == demo["staff"]
    assert AgendaItem.objects.get(pk=item.pk).status == "placed"
    html = client.get(reverse("secretariat:item_detail", args=[item.pk])).content
    assert "金額の誤りを訂正しました" in html.decode()

    paper = selectors.item_papers(item)[0]
    with pytest.raises(ServiceError) as refused:
        services.agenda_paper_remove(actor=demo["staff"], item=item, paper_id=paper.pk)
    assert refused.value.field == "note"
    services.agenda_paper_replace(
        actor=demo["staff"],
        item=item,
        paper_id=paper.pk,
        uploaded=upload("訂正版2.pdf"),
        note="再訂正",
    )
    assert names(item) == ["訂正版2.pdf"]
    assert AgendaTransition.objects.filter(
        item=item, event=AgendaTransition.Event.PAPER_REPLACED, reason="再訂正"
    ).exists()


def test_no_paper_changes_after_the_outcome(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    attach(demo, item, "資料.pdf", actor="staff", note="追加")
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:4])
    services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=4,
        votes_against=0,
        abstentions=0,
    )
    with pytest.raises(PermissionDenied):
        attach(demo, AgendaItem.objects.get(pk=item.pk), "後出し.pdf", actor="staff")


def test_the_board_packet_carries_the_papers_in_their_order(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="draft", title="講座の新設について")
    services.agenda_item_attach(
        actor=demo["support"], item=item, uploaded=upload("a.pdf", "PAPER-ALPHA")
    )
    second = services.agenda_item_attach(
        actor=demo["support"], item=item, uploaded=upload("b.pdf", "PAPER-BRAVO")
    )
    services.agenda_paper_move(
        actor=demo["support"], item=item, paper_id=second.pk, direction="up"
    )
    services.agenda_item_transition(actor=demo["support"], item=item, action="submit")
    services.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    services.agenda_item_place(actor=demo["staff"], item=item, meeting=meeting)
    text = pdf_text(documents.packet_pdf(Meeting.objects.get(pk=meeting.pk)))
    assert "別紙1" in text and "別紙2" in text
    assert text.index("PAPER-BRAVO") < text.index("PAPER-ALPHA")


def test_removing_a_paper_asks_first(demo, client):
    """Remove opens a page that names the paper; only its button removes it."""
    item = h.item(demo, status="draft")
    paper = attach(demo, item, "予算書.pdf")
    client.force_login(demo["support"])
    url = reverse("secretariat:item_paper", args=[item.pk, paper.pk])
    page = client.get(reverse("secretariat:item_detail", args=[item.pk])).content
    assert f"{url}?action=remove" in page.decode()
    response = client.get(f"{url}?action=remove")
    assert response.status_code == 200
    assert "予算書.pdf" in response.content.decode()
    assert response.context["form"].initial == {"action": "remove"}
    assert names(item) == ["予算書.pdf"]
    client.post(url, {"action": "remove"})
    assert names(item) == []
