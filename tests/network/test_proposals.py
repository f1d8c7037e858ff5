"""Policy proposals and research (政策提言・調査研究), issue 13."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import services
from network.models import Proposal
from secretariat.models import AgendaItem, Source
from tests.hostile.output_helpers import needs_poppler, pdf_text, squeeze
from tests.network.proposal_helpers import proposal
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry

KEEPERS = ("network", "staff", "secgen")
READERS = ("board", "auditor", "council")
OTHERS = ("support", "business", "fund", "school", "rep", "member")
DAY = datetime.date(2026, 11, 20)


def _advance(demo, made, state, day=DAY, by="network"):
    return services.proposal_advance(
        actor=demo[by], proposal=made, to_state=state, day=day
    )


@pytest.mark.django_db
def test_a_proposal_moves_step_by_step_with_the_date_of_each(demo):
    made = proposal(demo)
    assert made.state == Proposal.State.CONSIDERING
    made = _advance(demo, made, "approved", DAY)
    made = _advance(demo, made, "submitted", DAY + datetime.timedelta(days=3))
    made = _advance(demo, made, "answered", DAY + datetime.timedelta(days=30))
    made = _advance(demo, made, "closed", DAY + datetime.timedelta(days=31))
    made.refresh_from_db()
    assert made.state == Proposal.State.CLOSED
    assert made.approved_on == DAY
    assert made.submitted_on == DAY + datetime.timedelta(days=3)
    assert made.answered_on == DAY + datetime.timedelta(days=30)
    assert made.closed_on == DAY + datetime.timedelta(days=31)
    assert AuditEntry.objects.filter(action="proposal.transition").count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "to_state", ["submitted", "answered", "closed", "considering", "bogus"]
)
def test_a_proposal_refuses_to_skip_or_go_back(demo, to_state):
    made = proposal(demo)
    with pytest.raises(ServiceError) as refused:
        _advance(demo, made, to_state)
    assert "cannot move" in refused.value.message or "移行" in refused.value.message
    made.refresh_from_db()
    assert made.state == Proposal.State.CONSIDERING


@pytest.mark.django_db
def test_a_step_cannot_be_dated_before_the_previous_one(demo):
    made = _advance(demo, proposal(demo), "approved", DAY)
    with pytest.raises(ServiceError):
        _advance(demo, made, "submitted", DAY - datetime.timedelta(days=1))
    made.refresh_from_db()
    assert made.state == Proposal.State.APPROVED


@pytest.mark.django_db
def test_an_illegal_transition_is_refused_with_a_message_on_the_page(client, demo):
    made = proposal(demo)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:proposal_transition", args=[made.pk]),
        {"to_state": "closed", "day": "2026-11-20"},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "cannot move" in response.content.decode()
        or "移行" in response.content.decode()
    )
    made.refresh_from_db()
    assert made.state == Proposal.State.CONSIDERING


@pytest.mark.django_db
def test_the_page_moves_a_proposal_on(client, demo):
    made = proposal(demo)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("network:proposal_transition", args=[made.pk]),
        {"to_state": "approved", "day": "2026-11-20"},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.state == Proposal.State.APPROVED
    assert made.approved_on == DAY


@pytest.mark.django_db
@pytest.mark.parametrize("role", KEEPERS + READERS + OTHERS)
def test_who_sees_the_proposals(client, demo, role):
    made = proposal(demo)
    client.force_login(demo[role])
    listing = client.get(reverse("network:proposal_list"))
    detail = client.get(reverse("network:proposal_detail", args=[made.pk]))
    if role in KEEPERS + READERS:
        assert listing.status_code == 200
        assert detail.status_code == 200
        assert made.title in listing.content.decode()
    else:
        assert listing.status_code == 403
        assert detail.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS + OTHERS)
def test_only_the_section_and_the_secretariat_change_proposals(client, demo, role):
    made = proposal(demo)
    client.force_login(demo[role])
    for name in ("proposal_edit", "proposal_transition", "proposal_agenda_item"):
        response = client.post(
            reverse(f"network:{name}", args=[made.pk]),
            {
                "to_state": "approved",
                "day": "2026-11-20",
                "title": "x",
                "kind": "policy",
            },
        )
        assert response.status_code == 404
    assert client.get(reverse("network:proposal_create")).status_code == 403
    made.refresh_from_db()
    assert made.state == Proposal.State.CONSIDERING
    assert made.agenda_items.count() == 0


@pytest.mark.django_db
def test_a_proposal_is_recorded_and_changed_through_the_pages(client, demo):
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:proposal_create"),
        {
            "kind": "research",
            "title": "地域の協同労働の実態調査",
            "purpose": "実態を把握する",
        },
    )
    made = Proposal.objects.get(title="地域の協同労働の実態調査")
    assert response.status_code == 302
    assert made.kind == Proposal.Kind.RESEARCH
    response = client.post(
        reverse("network:proposal_edit", args=[made.pk]),
        {"kind": "request", "title": "要望書", "answer_summary": "検討するとの回答"},
    )
    made.refresh_from_db()
    assert response.status_code == 302
    assert (made.kind, made.title, made.answer_summary) == (
        "request",
        "要望書",
        "検討するとの回答",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "source"), [("network", Source.NETWORK), ("staff", Source.SECRETARIAT)]
)
def test_drafting_an_agenda_item_creates_and_links_it(client, demo, role, source):
    made = proposal(demo)
    client.force_login(demo[role])
    response = client.post(reverse("network:proposal_agenda_item", args=[made.pk]))
    item = made.agenda_items.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("secretariat:item_detail", args=[item.pk])
    assert item.status == AgendaItem.Status.DRAFT
    assert item.source == source
    assert item.kind == AgendaItem.Kind.DELIBERATION
    assert made.title in item.title
    assert made.purpose in item.body
    detail = client.get(reverse("network:proposal_detail", args=[made.pk]))
    assert reverse("secretariat:item_detail", args=[item.pk]) in detail.content.decode()


@pytest.mark.django_db
def test_after_approval_the_item_drafted_is_a_report(demo):
    made = _advance(demo, proposal(demo), "approved")
    item = services.proposal_draft_agenda_item(actor=demo["network"], proposal=made)
    assert item.kind == AgendaItem.Kind.REPORT


@needs_poppler
@pytest.mark.django_db
def test_the_proposal_prints_with_dates_in_the_japanese_era_on_request(
    client, demo, tmp_path
):
    made = _advance(demo, proposal(demo), "approved", DAY)
    made = _advance(demo, made, "submitted", DAY)
    client.force_login(demo["board"])
    url = reverse("network:proposal_pdf", args=[made.pk])
    plain = client.get(url)
    assert plain.status_code == 200
    assert plain["Content-Type"] == "application/pdf"
    text = squeeze(pdf_text(plain.content, tmp_path, "plain.pdf"))
    assert squeeze(made.title) in text
    assert "2026年11月20日" in text
    assert "令和" not in text
    wareki = client.get(url, {"wareki": "1"})
    text = squeeze(pdf_text(wareki.content, tmp_path, "wareki.pdf"))
    assert squeeze(made.title) in text
    assert "令和8年11月20日" in text


def _count_queries(client, url):
    client.get(url)  # warm caches (content types, session, roles)
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_one_row_or_ten(client, demo):
    client.force_login(demo["network"])
    url = reverse("network:proposal_list")
    proposal(demo)
    one = _count_queries(client, url)
    for _index in range(9):
        proposal(demo, title=f"提言 {_index}")
    assert _count_queries(client, url) == one
    filtered = f"{url}?state=considering&kind=policy"
    assert _count_queries(client, filtered) == one


@pytest.mark.django_db
def test_documents_are_kept_on_the_proposal_and_read_by_its_readers(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.permission_vocabulary import PDF_BYTES

    made = proposal(demo)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:proposal_file_upload", args=[made.pk]),
        {
            "file": SimpleUploadedFile("teigen.pdf", PDF_BYTES, "application/pdf"),
            "description": "提出した提言書",
        },
    )
    assert response.status_code == 302
    client.force_login(demo["board"])
    detail = client.get(reverse("network:proposal_detail", args=[made.pk])).content
    assert "teigen.pdf" in detail.decode()
    from wco_sse.core.files import files_attached_to

    stored = files_attached_to(made)[0]
    download = reverse("members:file_download", args=[stored.pk])
    assert client.get(download).status_code == 200
    client.force_login(demo["support"])
    assert client.get(download).status_code == 404
    client.force_login(demo["board"])
    upload = client.get(reverse("network:proposal_file_upload", args=[made.pk]))
    assert upload.status_code == 404
