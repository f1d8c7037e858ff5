"""The secretariat's records of a person: exported with every declared field; after an
erasure no row of the secretariat names them, while the governance records keep
their counts (a board decision's tally, the attendance of the minutes); a current
seat on a statutory body refuses the erasure with its reason; other seats end; the
consent forms' retention anonymizes only those past their ten years."""

import datetime
import json

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from members.models import Person, Role, RoleAssignment
from members.personal_data import engine
from members.personal_data.names import name_forms
from members.personal_data.registry import declaration_for, retention_kinds
from secretariat.models import (
    Attendance,
    BodyMember,
    ConvocationDispatch,
    Decision,
    WrittenResolution,
    WrittenResponse,
)
from tests.factories import PersonFactory, UserFactory
from tests.privacy.kinds_secretariat import make

pytestmark = pytest.mark.django_db

TEXT = (models.CharField, models.TextField, models.JSONField)


@pytest.fixture
def person():
    return PersonFactory(account=UserFactory())


@pytest.fixture
def made(person):
    return make(person)


def _texts(row):
    for f in row._meta.concrete_fields:
        if isinstance(f, TEXT):
            yield f.name, getattr(row, f.name)


def _naming(person, forms):
    """Every (model, pk, field) of the secretariat whose text holds a form."""
    found = []
    for model in apps.get_app_config("secretariat").get_models():
        for row in model._default_manager.all():
            for name, value in _texts(row):
                text = value if isinstance(value, str) else repr(value)
                if isinstance(value, (list, dict)):
                    text = json.dumps(value, ensure_ascii=False)
                if any(form.lower() in (text or "").lower() for form in forms):
                    found.append((model._meta.label, row.pk, name))
    return found


def _erase(person):
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        return engine.erase_within(locked, actor=None)


def test_every_secretariat_model_holding_people_has_a_row_for_the_person(made):
    for model in apps.get_app_config("secretariat").get_models():
        declaration = declaration_for(model)
        if declaration.personal:
            assert made.get(model._meta.label), model._meta.label


def test_the_export_holds_every_declared_field_of_each_record(person, made):
    tables = engine.export_tables(person)
    by_key = {t.key: t for t in tables}
    expected = {
        "secretariat_bodymember_person": "secretariat.BodyMember",
        "secretariat_attendance_person": "secretariat.Attendance",
        "secretariat_actionitem_owner": "secretariat.ActionItem",
        "secretariat_agendaitem_created_by": "secretariat.AgendaItem",
        "secretariat_agendaitem_activity_report_of": "secretariat.AgendaItem",
        "secretariat_agendacomment_author": "secretariat.AgendaComment",
        "secretariat_specialinterest_person": "secretariat.SpecialInterest",
        "secretariat_decision_dissenters": "secretariat.Decision",
        "secretariat_decision_excluded": "secretariat.Decision",
        "secretariat_writtenresolution_proposer": "secretariat.WrittenResolution",
        "secretariat_writtenresponse_person": "secretariat.WrittenResponse",
        "secretariat_minutessignatory_person": "secretariat.MinutesSignatory",
    }
    assert set(expected) <= set(by_key), sorted(set(expected) - set(by_key))
    for key, label in expected.items():
        table = by_key[key]
        declaration = declaration_for(apps.get_model(label))
        assert table.columns == list(declaration.export)
        assert len(table.headers) == len(table.columns)
        assert table.rows
        for row in table.rows:
            assert len(row) == len(table.columns)
    # Readable values: choice labels and related records' names, not codes or ids.
    seat = by_key["secretariat_bodymember_person"].rows[0]
    assert str(seat[0]) == "広報委員会（個人情報）"
    response = by_key["secretariat_writtenresponse_person"]
    answer = response.rows[0][response.columns.index("answer")]
    assert answer == str(WrittenResponse.Answer.CONSENT.label)
    comment = by_key["secretariat_agendacomment_author"]
    assert comment.rows[0][comment.columns.index("text")].startswith("移転先の賃料")
    # The meetings they chaired and the minutes they wrote are not theirs to export.
    assert not any(k.startswith("secretariat_meeting_") for k in by_key)
    assert not any(k.startswith("secretariat_minutes_") for k in by_key)


def test_after_the_erasure_no_secretariat_row_names_the_person(person, made):
    forms = name_forms(person)
    assert {person.full_name, person.full_name_kana, person.email} <= set(forms)
    assert _naming(person, forms)  # the world names them in many places
    decision = made["secretariat.Decision"][0]
    tally = Decision.objects.filter(pk=decision.pk).values().get()
    dissenters = set(decision.dissenters.values_list("pk", flat=True))
    excluded = made["secretariat.Decision"][1]
    excluded_ids = set(excluded.excluded.values_list("pk", flat=True))
    meeting = made["secretariat.Meeting"][0]
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("pk", "person_id", "kind", "capacity")
    )
    signatures = made["secretariat.MinutesSignatory"][0]

    records = _erase(person)

    assert _naming(person, forms) == []
    # The tally and the attendance are exactly as they were.
    after = Decision.objects.filter(pk=decision.pk).values().get()
    assert {k: v for k, v in after.items() if k != "discussion"} == {
        k: v for k, v in tally.items() if k != "discussion"
    }
    assert after["discussion"].startswith(engine.pseudonym(person))
    assert set(decision.dissenters.values_list("pk", flat=True)) == dissenters
    assert set(excluded.excluded.values_list("pk", flat=True)) == excluded_ids
    assert (
        list(
            Attendance.objects.filter(meeting=meeting)
            .order_by("pk")
            .values_list("pk", "person_id", "kind", "capacity")
        )
        == attendance
    )
    signatures.refresh_from_db()
    assert signatures.person_id == person.pk and signatures.is_signed
    # The convocation keeps the person's place among its recipients, without contact.
    entry = next(
        r
        for r in ConvocationDispatch.objects.get(meeting=meeting).recipients
        if r["key"] == f"p:{person.pk}"
    )
    assert entry["name"] == engine.pseudonym(person)
    assert entry["email"] == entry["address"] == ""
    # The consent form's emailed link no longer opens it.
    response = made["secretariat.WrittenResponse"][0]
    old_hash = response.token_hash
    response.refresh_from_db()
    assert response.token_hash != old_hash and response.answer == "consent"
    assert ["secretariat.Decision", str(decision.pk), "anonymize"] in records
    # A second run finds nothing left to rewrite.
    _erase(person)
    assert _naming(person, forms) == []


def test_the_other_seats_end_on_the_day_of_the_erasure(person, made):
    seat = made["secretariat.BodyMember"][0]
    assert seat.end is None
    later = BodyMember.objects.create(
        body=seat.body,
        person=PersonFactory(),
        start=timezone.localdate() + datetime.timedelta(days=10),
    )
    _erase(person)
    seat.refresh_from_db()
    assert seat.end == timezone.localdate()
    assert seat.note == ""
    later.refresh_from_db()
    assert later.end is None  # someone else's seat


def _seats(blockers):
    return [b for b in blockers if b.url.startswith("/secretariat/")]


def test_a_current_board_seat_blocks_the_erasure_with_its_reason(person, made):
    assert not engine.erasure_blockers(person)
    RoleAssignment.objects.create(
        person=person,
        role=Role.AUDITOR,
        start=timezone.localdate() - datetime.timedelta(days=3),
    )
    # The office itself is the registry's blocker; the seat is the secretariat's.
    (blocker,) = _seats(engine.erasure_blockers(person))
    assert "理事会" in blocker.record
    assert "監事" in blocker.reason and person.full_name in blocker.reason
    assert blocker.url.startswith("/secretariat/bodies/")
    assert _seats(engine.erasure_plan(person).blockers) == [blocker]


def test_a_representative_at_the_general_assembly_is_blocked(person):
    from tests.factories import AffiliationFactory, OrganizationFactory

    AffiliationFactory(
        person=person, organization=OrganizationFactory(), representative=True
    )
    (blocker,) = _seats(engine.erasure_blockers(person))
    assert "社員総会" in blocker.record


def test_retention_anonymizes_only_the_consent_forms_past_the_cutoff(person, made):
    _declaration, retention = retention_kinds()["secretariat.written_responses"]
    assert retention.default_years == 10
    old = made["secretariat.WrittenResolution"][0]
    assert old.closed_at is None  # still circulating
    WrittenResolution.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=365 * 11),
        status=WrittenResolution.Status.LAPSED,
    )
    cutoff = timezone.now() - datetime.timedelta(days=365 * 10)
    # Closed eleven years ago: not yet due at a twelve years' cutoff.
    assert not retention.due(
        timezone.now() - datetime.timedelta(days=365 * 12)
    ).exists()
    old_answers = sorted(
        WrittenResponse.objects.filter(resolution=old).values_list("answer", flat=True)
    )
    due = retention.due(cutoff)
    assert set(due.values_list("resolution_id", flat=True)) == {old.pk}
    records = engine.apply_fate(
        WrittenResponse,
        due,
        retention.fate,
        retention.scrub,
        engine.pseudonym(person),
    )
    assert len(records) == len(old_answers) > 1
    responses = WrittenResponse.objects.filter(resolution=old)
    placeholder = engine.anonymous_person()
    assert set(responses.values_list("person_id", flat=True)) == {placeholder.pk}
    assert all(responses.values_list("anonymized", flat=True))
    # The count and the answers stay.
    assert sorted(responses.values_list("answer", flat=True)) == old_answers
    # Nothing is due twice.
    assert not retention.due(cutoff).exists()
