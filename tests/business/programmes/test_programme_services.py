"""Programmes' services: kinds, recording a programme, its states, partners (JV
shares, subcontractors), documents, and the agenda item about it that the board's
adoption moves into preparation."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from business.models import Partner, Programme, ProgrammeKind
from business.services import programmes as services
from secretariat.models import AgendaItem, Source
from tests.factories import OrganizationFactory, PersonFactory
from tests.permission_vocabulary import PDF_BYTES
from tests.secretariat.helpers import directors
from wco_sse.core.errors import ServiceError
from wco_sse.core.files import files_attached_to
from wco_sse.core.models import AuditEntry

from .helpers import decide, kind, partner, person, programme

pytestmark = pytest.mark.django_db


# --- Kinds ---------------------------------------------------------------------------------


def kind_data(**extra):
    return {
        "name": "フードバンク事業",
        "group": "",
        "description": "食品の寄贈を受けて配ります。",
        "contracted": False,
        "position": 120,
        "active": True,
        **extra,
    }


def test_a_new_kind_is_data_and_offered_for_programmes(demo):
    made = services.kind_create(actor=demo["business"], data=kind_data())
    assert made.pk and made.active
    used = programme(demo, kind_name="フードバンク事業")
    assert used.kind == made
    assert AuditEntry.objects.filter(action="programme_kind.create").exists()


def test_a_kind_name_is_unique_within_its_group(demo):
    services.kind_create(actor=demo["business"], data=kind_data())
    with pytest.raises(ServiceError) as refused:
        services.kind_create(actor=demo["business"], data=kind_data())
    assert refused.value.field == "name"
    # The same name in another group is another kind.
    services.kind_create(actor=demo["business"], data=kind_data(group="食支援"))


def test_only_the_section_keeps_the_kinds(demo):
    for who in ("board", "council", "rep"):
        with pytest.raises(ServiceError):
            services.kind_create(actor=demo[who], data=kind_data())
    assert not ProgrammeKind.objects.filter(name="フードバンク事業").exists()


def test_a_retired_kind_is_not_offered_for_a_new_programme(demo):
    retired = kind("高齢者福祉")
    services.kind_update(
        actor=demo["business"],
        kind=retired,
        data=kind_data(name=retired.name, group=retired.group, active=False),
    )
    with pytest.raises(ServiceError) as refused:
        programme(demo, kind_name="高齢者福祉")
    assert refused.value.field == "kind"


# --- Programmes ----------------------------------------------------------------------------


def test_a_programme_is_recorded_under_study(demo):
    made = programme(demo)
    assert made.state == Programme.State.CONSIDERING
    assert made.lead == person(demo, "business")
    assert AuditEntry.objects.filter(action="programme.create").exists()


def test_the_lead_is_a_member_of_the_business_section(demo):
    with pytest.raises(ServiceError) as refused:
        programme(demo, lead=person(demo, "member"))
    assert refused.value.field == "lead"
    with pytest.raises(ServiceError):
        programme(demo, lead=PersonFactory())
    assert not Programme.objects.filter(title="相模原市 家計改善支援事業").exists()


def test_an_end_before_the_start_is_refused_at_the_field(demo):
    today = datetime.date(2027, 4, 1)
    with pytest.raises(ServiceError) as refused:
        programme(demo, start=today, end=today - datetime.timedelta(days=1))
    assert refused.value.field == "end"


def test_only_runners_record_programmes(demo):
    for who in ("board", "auditor", "council", "rep", "member", "support"):
        with pytest.raises(ServiceError):
            programme(demo, by=who)
    assert programme(demo, by="staff").pk


def test_the_state_moves_forward_only(demo):
    made = programme(demo)
    business = demo["business"]
    with pytest.raises(ServiceError) as refused:
        services.programme_move(actor=business, programme=made, to_state="active")
    assert refused.value.field == "state"
    for state in ("preparing", "active", "ended"):
        made = services.programme_move(actor=business, programme=made, to_state=state)
    assert made.state == Programme.State.ENDED
    assert services.next_states(made) == []
    with pytest.raises(ServiceError):
        services.programme_move(actor=business, programme=made, to_state="active")
    moves = AuditEntry.objects.filter(action="programme.move")
    assert [m.data["to"] for m in moves.order_by("pk")] == [
        "preparing",
        "active",
        "ended",
    ]


def test_a_change_keeps_a_former_member_as_lead(demo):
    """A lead who left the section stays on the programme until someone else is
    named; the form and the service accept them unchanged."""
    made = programme(demo)
    former = PersonFactory()
    Programme.objects.filter(pk=made.pk).update(lead=former)
    made.refresh_from_db()
    changed = services.programme_update(
        actor=demo["business"],
        programme=made,
        data={
            "kind": made.kind,
            "title": "新しい名前",
            "purpose": "",
            "start": None,
            "end": None,
            "lead": former,
        },
    )
    assert changed.title == "新しい名前" and changed.lead == former


# --- Partners ------------------------------------------------------------------------------


def test_joint_venture_shares_add_up_to_100_at_most(demo):
    made = programme(demo)
    coop = OrganizationFactory(name="生活クラブ（テスト）")
    other = OrganizationFactory(name="市民団体（テスト）")
    partner(demo, made, coop, Partner.Part.JV_MEMBER, share=Decimal("60"))
    with pytest.raises(ServiceError) as refused:
        partner(demo, made, other, Partner.Part.JV_MEMBER, share=Decimal("40.01"))
    assert refused.value.field == "share"
    assert "100.01" in refused.value.message
    assert not Partner.objects.filter(organization=other).exists()
    partner(demo, made, other, Partner.Part.JV_MEMBER, share=Decimal("40"))


def test_a_share_belongs_to_joint_venture_members_only(demo):
    made = programme(demo)
    with pytest.raises(ServiceError) as refused:
        partner(demo, made, part=Partner.Part.JV_MEMBER)
    assert refused.value.field == "share"
    with pytest.raises(ServiceError) as refused:
        partner(demo, made, part=Partner.Part.CLIENT, share=Decimal("10"))
    assert refused.value.field == "share"
    for share in (Decimal("0"), Decimal("-5"), Decimal("100.5"), Decimal("1.234")):
        with pytest.raises(ServiceError) as refused:
            partner(demo, made, part=Partner.Part.JV_MEMBER, share=share)
        assert refused.value.field == "share"
    assert not made.partners.exists()


def test_a_subcontractor_needs_the_clients_approval_date(demo):
    made = programme(demo)
    with pytest.raises(ServiceError) as refused:
        partner(demo, made, part=Partner.Part.SUBCONTRACTOR)
    assert refused.value.field == "client_approved_on"
    with pytest.raises(ServiceError) as refused:
        partner(
            demo,
            made,
            part=Partner.Part.COOPERATING,
            client_approved_on=datetime.date(2027, 4, 1),
        )
    assert refused.value.field == "client_approved_on"
    sub = partner(
        demo,
        made,
        part=Partner.Part.SUBCONTRACTOR,
        client_approved_on=datetime.date(2027, 4, 1),
    )
    assert sub.client_approved_on == datetime.date(2027, 4, 1)


def test_the_same_part_twice_is_refused_and_removal_is_recorded(demo):
    made = programme(demo)
    first = partner(demo, made)
    with pytest.raises(ServiceError) as refused:
        partner(demo, made)
    assert refused.value.field == "organization"
    services.partner_remove(actor=demo["business"], partner=first)
    assert not made.partners.exists()
    assert AuditEntry.objects.filter(action="programme.partner_remove").exists()
    with pytest.raises(ServiceError):
        services.partner_remove(actor=demo["board"], partner=partner(demo, made))


# --- Documents -----------------------------------------------------------------------------


def test_a_document_is_attached_for_those_who_read_the_programme(demo):
    made = programme(demo)
    services.programme_file_attach(
        actor=demo["business"],
        programme=made,
        uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
        description="事業計画書",
    )
    [stored] = files_attached_to(made)
    assert stored.description == "事業計画書"
    with pytest.raises(ServiceError):
        services.programme_file_attach(
            actor=demo["council"],
            programme=made,
            uploaded=SimpleUploadedFile("x.pdf", PDF_BYTES, "application/pdf"),
        )


# --- Agenda items --------------------------------------------------------------------------


def test_drafting_prefills_a_business_item_about_the_programme(demo):
    made = programme(demo)
    partner(demo, made)
    item = services.programme_draft_item(actor=demo["business"], programme=made)
    assert item.source == Source.BUSINESS
    assert item.kind == AgendaItem.Kind.DELIBERATION
    assert item.status == AgendaItem.Status.DRAFT
    assert made.title in item.title
    assert person(demo, "business").full_name in item.body
    assert demo.ctx.data["home_wco"].name in item.body
    assert made.purpose in item.body
    from secretariat.subjects import subject_of

    assert subject_of(item) == made
    # One draft at a time.
    with pytest.raises(ServiceError):
        services.programme_draft_item(actor=demo["business"], programme=made)


def test_an_ended_programme_is_not_put_to_the_board(demo):
    made = programme(demo, state=Programme.State.ENDED)
    with pytest.raises(ServiceError):
        services.programme_draft_item(actor=demo["business"], programme=made)
    assert not AgendaItem.objects.filter(title__contains=made.title).exists()


def test_the_boards_adoption_moves_a_programme_under_study_into_preparation(demo):
    made = programme(demo)
    item = services.programme_draft_item(actor=demo["business"], programme=made)
    decide(demo, item)
    made.refresh_from_db()
    assert made.state == Programme.State.PREPARING
    move = AuditEntry.objects.get(action="programme.move")
    assert move.message == item.title


def test_a_rejection_leaves_the_programme_under_study(demo):
    made = programme(demo)
    item = services.programme_draft_item(actor=demo["business"], programme=made)
    decide(demo, item, against=len(directors()))
    made.refresh_from_db()
    assert made.state == Programme.State.CONSIDERING


def test_an_adoption_leaves_a_running_programme_as_it_is(demo):
    made = programme(demo, state=Programme.State.ACTIVE)
    item = services.programme_draft_item(actor=demo["business"], programme=made)
    decide(demo, item)
    made.refresh_from_db()
    assert made.state == Programme.State.ACTIVE
