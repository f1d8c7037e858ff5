"""The support section's personal data (issue 16): what a person's export shows of
their consultations, courses and talent-bank records; what an erasure leaves (the
desk's and the School's counts, never the person's words); what stops it; what each
retention kind touches."""

import datetime

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Person
from members.personal_data import engine
from members.personal_data.registry import declaration_for, retention_kinds
from support.models import (
    Application,
    AppointmentSlot,
    Attendance,
    Consultation,
    ConsultationRecord,
    ConsultationRecordRead,
    Course,
    HeldQualification,
    Project,
    SharedIssue,
    TalentProfile,
    TalentProposal,
    TalentRequest,
    TalentSkill,
)
from tests.factories import PersonFactory, UserFactory
from tests.privacy import kinds_support
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    staff_user,
)
from tests.support.talent_factories import proposal, talent_profile, talent_request
from wco_sse.core.models import StoredFile

pytestmark = pytest.mark.django_db

WORDS = (
    kinds_support.CONSULTATION_TEXT,
    kinds_support.PREFERRED_TIMES,
    kinds_support.CASE_RECORD,
    kinds_support.REFERRED_TO,
    kinds_support.APPLICATION_NOTE,
    kinds_support.INTRODUCTION,
    kinds_support.PROPOSAL_MESSAGE,
)


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    person = PersonFactory(
        account=UserFactory(),
        family_name="消去",
        given_name="花子",
        family_name_kana="ショウキョ",
        given_name_kana="ハナコ",
        phone="045-000-1234",
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = kinds_support.make(person)
    return person, made


def support_tables(person):
    return {
        t.key: t for t in engine.export_tables(person) if t.key.startswith("support_")
    }


def test_export_shows_every_declared_field_of_the_persons_records(world):
    person, made = world
    tables = support_tables(person)
    exported = {}
    for label in made:
        declaration = declaration_for(apps.get_model(label))
        for link in declaration.links:
            if link.exported and link.lookup:
                exported.setdefault(label, []).append(link)
    for label, links in exported.items():
        model = apps.get_model(label)
        declaration = declaration_for(model)
        keys = [
            f"{model._meta.app_label}_{model._meta.model_name}_"
            + link.lookup.replace("__", "_")
            for link in links
        ]
        found = [tables[k] for k in keys if k in tables]
        assert found, f"{label}: not in the export"
        assert found[0].columns == list(declaration.export)
    text = repr([t.rows for t in tables.values()])
    for word in WORDS:
        assert word in text
    # The case and the request nobody took, each once; someone else's case the
    # person advises on is not theirs to receive.
    assert len(tables["support_consultation_requester"].rows) == 1
    assert len(tables["support_consultation"].rows) == 1
    assert len(tables["support_appointmentslot_advisor"].rows) == 1


def test_export_logs_a_disclosure_read_of_each_case_whose_records_it_holds(world):
    person, made = world
    secgen = staff_user()
    case = made["support.Consultation"][0]
    before = ConsultationRecordRead.objects.filter(consultation=case).count()
    declaration_for(ConsultationRecord).on_export(
        person=person, actor=secgen, rows=None
    )
    reads = ConsultationRecordRead.objects.filter(
        consultation=case, purpose=ConsultationRecordRead.Purpose.DISCLOSURE
    )
    assert reads.count() == 1
    read = reads.get()
    assert read.reader == secgen
    assert read.record_count == 1
    assert secgen.email in read.reader_label
    assert (
        ConsultationRecordRead.objects.filter(consultation=case).count() == before + 1
    )
    # The request without records logs nothing.
    assert not ConsultationRecordRead.objects.filter(
        consultation=made["support.Consultation"][1]
    ).exists()


def test_export_hook_counts_the_records_it_is_given(world):
    person, made = world
    secgen = staff_user()
    record = made["support.ConsultationRecord"][0]
    declaration_for(ConsultationRecord).on_export(
        person=person, actor=secgen, rows=[record]
    )
    read = ConsultationRecordRead.objects.get(
        purpose=ConsultationRecordRead.Purpose.DISCLOSURE
    )
    assert read.consultation_id == record.consultation_id
    assert read.record_count == 1


def erase(person):
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        return engine.erase_within(locked, actor=None)


def support_text_values():
    for model in apps.get_app_config("support").get_models():
        names = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField))
            and f.concrete
            and not f.choices
        ]
        if not names:
            continue
        for values in model._default_manager.values_list(*names):
            yield model._meta.label, values


def test_erasure_leaves_the_persons_words_in_no_support_row(
    world, django_capture_on_commit_callbacks
):
    person, made = world
    case, withdrawn, advised = made["support.Consultation"]
    application = made["support.Application"][0]
    course = application.course
    counts = (
        course.applications.count(),
        Attendance.objects.filter(application__course=course, present=True).count(),
    )
    held = made["support.HeldQualification"][0]
    evidence = list(
        StoredFile.objects.filter(
            attached_id=str(held.pk), attached_type__model="heldqualification"
        )
    )
    assert evidence
    assert not engine.erasure_blockers(person)

    with django_capture_on_commit_callbacks(execute=True):
        records = erase(person)

    touched = {label for label, _pk, _fate in records}
    assert "support.Consultation" in touched
    forbidden = (
        "消去",
        "花子",
        "ショウキョ",
        "ハナコ",
        "045-000-1234",
        person.account.email,
        *WORDS,
    )
    for label, values in support_text_values():
        for value in values:
            for word in forbidden:
                assert word not in (value or ""), f"{label} still holds {word!r}"

    # The desk's counts keep the case; the request nobody took is gone.
    case.refresh_from_db()
    assert case.closed_at and case.outcome == Consultation.Outcome.ADVICE
    assert case.description == "" and case.referred_to == ""
    assert not Consultation.objects.filter(pk=withdrawn.pk).exists()
    assert ConsultationRecord.objects.get(consultation=case).body == ""
    # Someone else's case the person advised on is untouched.
    advised.refresh_from_db()
    assert advised.description == ConsultationFactory.description
    # The School's counts are unchanged.
    assert counts == (
        course.applications.count(),
        Attendance.objects.filter(application__course=course, present=True).count(),
    )
    # The talent profile is gone with its skills, qualifications, evidence and the
    # proposal of it; the request it answered stays.
    assert not TalentProfile.objects.filter(person=person).exists()
    assert not TalentSkill.objects.filter(pk=made["support.TalentSkill"][0].pk).exists()
    assert not HeldQualification.objects.filter(pk=held.pk).exists()
    assert not StoredFile.objects.filter(pk__in=[s.pk for s in evidence]).exists()
    proposed = made["support.TalentProposal"][0]
    assert not TalentProposal.objects.filter(pk=proposed.pk).exists()
    assert TalentRequest.objects.filter(pk=proposed.request_id).exists()
    # What they led, asked for or recorded stays, naming the (pseudonymized) entry.
    assert Project.objects.get(pk=made["support.Project"][0].pk).lead_id == person.pk
    assert (
        TalentRequest.objects.get(
            pk=made["support.TalentRequest"][0].pk
        ).requested_by_id
        == person.pk
    )
    assert SharedIssue.objects.filter(pk=made["support.SharedIssue"][0].pk).exists()
    # Idempotent: a second run finds nothing left to delete.
    again = erase(person)
    assert not [r for r in again if r[2] == "delete"]


def test_dry_run_lists_each_fate_with_its_reason(world):
    person, _made = world
    plan = engine.erasure_plan(person)
    fates = {}
    for item in plan.items:
        assert item.reason
        fates[(item.label, item.role)] = (item.fate, item.count)

    def key(model, index):
        declaration = declaration_for(model)
        return (str(declaration.label), str(declaration.links[index].role))

    assert fates[key(Consultation, 0)] == ("delete", 1)
    assert fates[key(Consultation, 1)] == ("anonymize", 1)
    assert fates[key(Consultation, 2)] == ("keep", 1)
    assert fates[key(TalentProfile, 0)] == ("delete", 1)
    assert fates[key(AppointmentSlot, 0)] == ("keep", 1)
    assert fates[key(Application, 0)] == ("anonymize", 1)


def test_an_open_consultation_blocks_the_erasure():
    person = PersonFactory(account=UserFactory())
    staff = staff_user()
    case, _record, _appointment = kinds_support.consultation(
        person, staff=staff, close=False
    )
    with translation.override("en"):
        blockers = engine.erasure_blockers(person)
    assert [b.url for b in blockers] == [
        reverse("support:consultation_detail", args=[case.pk])
    ]
    assert "open" in blockers[0].reason
    assert "Close" in blockers[0].action


def test_a_proposal_under_way_blocks_the_erasure():
    person = PersonFactory(account=UserFactory())
    profile = talent_profile(person)
    agreed = proposal(talent_request(), profile, state=TalentProposal.State.AGREED)
    proposal(
        talent_request(title="別の依頼"), profile, state=TalentProposal.State.DECLINED
    )
    blockers = engine.erasure_blockers(person)
    assert [b.url for b in blockers] == [
        reverse("support:talent_proposal_detail", args=[agreed.pk])
    ]


# --------------------------------------------------------------- retention


def run_kind(code, cutoff):
    declaration, retention = retention_kinds()[code]
    due = retention.due(cutoff)
    return engine.apply_fate(
        declaration.model, due, retention.fate, retention.scrub, ""
    )


def years_ago(years, **extra):
    return timezone.now() - datetime.timedelta(days=365 * years, **extra)


def test_consultation_records_kind_touches_only_cases_closed_before_the_cutoff():
    staff = staff_user()
    old_person, new_person = (
        PersonFactory(account=UserFactory()),
        PersonFactory(account=UserFactory()),
    )
    old, old_record, _a = kinds_support.consultation(old_person, staff=staff)
    new, new_record, _b = kinds_support.consultation(new_person, staff=staff)
    open_case, open_record, _c = kinds_support.consultation(
        PersonFactory(account=UserFactory()), staff=staff, close=False
    )
    Consultation.objects.filter(pk=old.pk).update(closed_at=years_ago(6))
    Consultation.objects.filter(pk=new.pk).update(closed_at=years_ago(4))

    touched = run_kind("support.consultation_records", years_ago(5))

    assert [pk for _label, pk, _fate in touched] == [str(old.pk)]
    old.refresh_from_db()
    assert old.description == "" and old.preferred_times == ""
    assert old.requester.is_placeholder
    assert old.topic and old.closed_at
    assert ConsultationRecord.objects.get(pk=old_record.pk).body == ""
    for case, record in ((new, new_record), (open_case, open_record)):
        case.refresh_from_db()
        assert case.description == kinds_support.CONSULTATION_TEXT
        assert ConsultationRecord.objects.get(pk=record.pk).body
    # Handled once: the next run finds nothing.
    assert run_kind("support.consultation_records", years_ago(5)) == []


def finished_course(years):
    course = CourseFactory(sessions=2, capacity=5)
    people = [PersonFactory(account=UserFactory()) for _ in range(2)]
    from support.services import applications
    from support.services.attendance import attendance_toggle

    staff = staff_user()
    made = [
        applications.application_create(actor=p.account, course=course, person=p)
        for p in people
    ]
    for application in made:
        attendance_toggle(
            actor=staff, session=course.sessions.first(), application=application
        )
    Application.objects.filter(course=course).update(note="メモ")
    shift = datetime.timedelta(days=365 * years)
    for session in course.sessions.all():
        type(session).objects.filter(pk=session.pk).update(
            starts_at=session.starts_at - shift, ends_at=session.ends_at - shift
        )
    Course.objects.filter(pk=course.pk).update(
        status=Course.Status.FINISHED,
        application_opens=course.application_opens - shift,
        application_closes=course.application_closes - shift,
    )
    return course, people


def course_counts(course):
    return (
        Application.objects.filter(course=course, status="confirmed").count(),
        Attendance.objects.filter(application__course=course, present=True).count(),
    )


def test_course_records_kind_anonymizes_finished_courses_only_and_keeps_counts():
    old, old_people = finished_course(6)
    recent, recent_people = finished_course(2)
    running = CourseFactory()
    before = course_counts(old), course_counts(recent)

    touched = run_kind("support.course_records", years_ago(5))

    assert sorted(int(pk) for _l, pk, _f in touched) == sorted(
        old.applications.values_list("pk", flat=True)
    )
    assert (course_counts(old), course_counts(recent)) == before
    anonymous = engine.anonymous_person()
    assert set(old.applications.values_list("person", flat=True)) == {anonymous.pk}
    assert set(old.applications.values_list("note", flat=True)) == {""}
    assert not Application.objects.filter(person__in=old_people).exists()
    assert set(recent.applications.values_list("person", flat=True)) == {
        p.pk for p in recent_people
    }
    assert not running.applications.filter(person=anonymous).exists()
    assert run_kind("support.course_records", years_ago(5)) == []


def test_talent_dormant_kind_deletes_profiles_resting_since_before_the_cutoff():
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=365 * 3)
    resting = talent_profile(
        state=TalentProfile.State.DORMANT, state_changed_on=long_ago
    )
    withdrawn = talent_profile(
        state=TalentProfile.State.WITHDRAWN,
        state_changed_on=today - datetime.timedelta(days=200),
    )
    active = talent_profile(state_changed_on=long_ago)

    touched = run_kind("support.talent_dormant", years_ago(2))

    assert [pk for _l, pk, _f in touched] == [str(resting.pk)]
    assert not TalentProfile.objects.filter(pk=resting.pk).exists()
    assert TalentProfile.objects.filter(pk__in=[withdrawn.pk, active.pk]).count() == 2
