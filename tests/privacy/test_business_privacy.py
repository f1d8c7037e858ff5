"""The business section's personal data (issue 16 for issue 17's models): what a
person's export shows (the programmes they lead, their part under a contract, the
sites they record), what an erasure leaves (the programme and the contract's
record of who was answerable, under the pseudonym; the recorder naming gone; the
sessions untouched), what stops it, and the contract documents' retention."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from business.models import ContractPersonnel, Programme, Session, SiteRecorder
from members.models import Person
from members.personal_data import engine
from members.personal_data.registry import retention_kinds
from tests.business import factories
from tests.factories import PersonFactory, UserFactory
from tests.privacy import kinds_business

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    person = PersonFactory(
        account=UserFactory(),
        family_name="消去",
        given_name="事業子",
        family_name_kana="ショウキョ",
        given_name_kana="ジギョウコ",
    )
    return person, kinds_business.make(person)


def business_tables(person):
    return {
        t.key: t for t in engine.export_tables(person) if t.key.startswith("business_")
    }


def erase(person):
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        return engine.erase_within(locked, actor=None)


def test_export_shows_the_programmes_contract_roles_and_sites_of_the_person(world):
    person, made = world
    tables = business_tables(person)
    assert set(tables) == {
        "business_programme_lead",
        "business_contractpersonnel_person",
        "business_siterecorder_person",
    }
    text = repr([t.rows for t in tables.values()])
    assert "個人情報テストの事業" in text
    assert "個人情報テストの委託契約" in text
    assert made["business.SiteRecorder"][0].site.name in text


def test_erasure_keeps_the_programme_and_contract_under_the_pseudonym_and_drops_the_recorder(
    world,
):
    person, made = world
    programme = made["business.Programme"][0]
    role = made["business.ContractPersonnel"][0]
    recorder = made["business.SiteRecorder"][0]
    session = factories.session(recorder.site, adults=12, meals=30)
    assert not engine.erasure_blockers(person)

    erase(person)

    programme.refresh_from_db()
    role.refresh_from_db()
    assert Programme.objects.filter(pk=programme.pk).exists()
    lead = Person.objects.get(pk=programme.lead_id)
    assert "消去" not in lead.family_name and "事業子" not in lead.given_name
    assert ContractPersonnel.objects.filter(pk=role.pk).exists()
    assert not SiteRecorder.objects.filter(pk=recorder.pk).exists()
    session.refresh_from_db()
    assert (session.adults, session.meals) == (12, 30)


def test_the_responsible_person_of_a_running_contract_blocks_an_erasure():
    person = PersonFactory()
    contract = factories.contract(title="走っている委託契約")
    factories.personnel(contract, person, role=ContractPersonnel.Role.RESPONSIBLE)
    blockers = engine.erasure_blockers(person)
    assert [b.record for b in blockers] == ["走っている委託契約"]
    assert f"/business/contracts/{contract.pk}/" in blockers[0].url

    # A successor named (the row ended yesterday): nothing blocks any more.
    ContractPersonnel.objects.filter(person=person).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not engine.erasure_blockers(person)


def test_contract_documents_retention_touches_ended_contracts_only_after_the_fiscal_year():
    _declaration, retention = retention_kinds()["business.contract_documents"]
    old = factories.contract(year=2015, title="2015年度の契約")
    recent = factories.contract(year=2024, title="2024年度の契約")
    old_row = factories.personnel(old, PersonFactory())
    recent_row = factories.personnel(recent, PersonFactory())
    # Five years kept from the fiscal year after the end: the cutoff 2021-06-01
    # (a run on 2026-06-01) reaches a contract that ended in March 2016, not one
    # ending in March 2025.
    due = set(retention.due(datetime.date(2021, 6, 1)).values_list("pk", flat=True))
    assert old_row.pk in due
    assert recent_row.pk not in due
    # A contract ending on 31 March 2021 is due only from the fiscal year 2021's
    # first day on: not on 2021-03-31.
    edge = factories.contract(year=2020, title="2020年度の契約")
    edge_row = factories.personnel(edge, PersonFactory())
    assert edge_row.pk not in set(
        retention.due(datetime.date(2021, 3, 31)).values_list("pk", flat=True)
    )
    assert edge_row.pk in set(
        retention.due(datetime.date(2021, 4, 1)).values_list("pk", flat=True)
    )


def test_sessions_hold_no_field_for_a_person():
    people = {"members.Person", "members.User"}
    for field in Session._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            assert (
                field.related_model._meta.label not in people
                or field.name == "recorded_by"
            ), field.name
