"""The network section's records of a person: exported, erased (the fund's books
untouched and balanced, the review's scores unchanged), the live-award blocker, and
the not-awarded applications' retention (issue 16)."""

import datetime

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from members.models import Person
from members.personal_data.engine import (
    apply_fate,
    erase_within,
    erasure_blockers,
    erasure_plan,
    export_tables,
    pseudonym,
)
from members.personal_data.registry import Fate, declaration_for, retention_kinds
from network.fund import ledger
from network.models import (
    Award,
    Contact,
    Contribution,
    FundApplication,
    FundRound,
    InitiativeFounder,
    LedgerLine,
    LedgerTransaction,
    Review,
    ReviewScore,
)
from tests.factories import OrganizationFactory, PersonFactory, UserFactory
from tests.network import fund_helpers
from tests.network.fund.awards_helpers import make_award
from tests.privacy import kinds_network

pytestmark = pytest.mark.django_db

A = FundApplication.Status
NAME = ("渡辺", "精一郎", "ワタナベ", "セイイチロウ")
PHONE = "03-5555-0123"


def _person():
    account = UserFactory(email="seiichiro.watanabe@example.jp")
    family, given, family_kana, given_kana = NAME
    return PersonFactory(
        account=account,
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
        phone=PHONE,
    )


def _traces(person):
    """What must not be left of the person in any network row."""
    return [
        person.full_name,
        f"{person.family_name}{person.given_name}",
        person.full_name_kana,
        f"{person.family_name_kana}{person.given_name_kana}",
        person.account.email,
        PHONE,
    ]


def _network_texts():
    """(label, pk, field, value) of every text in the network app's tables."""
    for model in apps.get_app_config("network").get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._default_manager.values("pk", *names):
            for name in names:
                yield model._meta.label, row["pk"], name, str(row[name] or "")


def _books():
    """The ledger as the accountant reads it: every line, and every account's total."""
    lines = list(
        LedgerLine.objects.order_by("pk").values_list(
            "pk", "transaction_id", "account_id", "amount"
        )
    )
    entries = list(
        LedgerTransaction.objects.order_by("pk").values_list(
            "pk", "kind", "occurred_on", "memo", "contribution_id"
        )
    )
    per_account = dict(
        LedgerLine.objects.values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    return lines, entries, per_account


def _scores():
    return (
        list(ReviewScore.objects.order_by("pk").values_list("review_id", "value")),
        list(Review.objects.order_by("pk").values_list("pk", "total", "comment")),
    )


def _erase(person):
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        return erase_within(locked, actor=None)


# ---------------------------------------------------------------- export


def test_every_declared_field_of_the_persons_network_records_is_exported():
    person = _person()
    made = kinds_network.make(person)
    tables = export_tables(person)
    for label in made:
        model = apps.get_model(label)
        declaration = declaration_for(model)
        key = f"{model._meta.app_label}_{model._meta.model_name}"
        mine = [t for t in tables if t.key == key or t.key.startswith(key + "_")]
        assert mine, f"{label}: nothing exported"
        for table in mine:
            assert table.columns == list(declaration.export)
            assert len(table.headers) == len(declaration.export)
            assert all(len(row) == len(declaration.export) for row in table.rows)
    cells = [str(c) for t in tables for row in t.rows for c in row]
    assert any(person.full_name in c for c in cells)  # the contribution's donor
    assert person.account.email in cells  # the application's contact
    # The application's uploaded plan is in the export's files (listed by the
    # application's files and by the files the account uploaded: the ZIP holds it once).
    files = [f for t in tables for f in t.files]
    assert {f.original_name for f in files} == {"plan.pdf"}


def test_the_partners_people_are_not_in_another_persons_export():
    person = _person()
    kinds_network.make(person)
    cells = [str(c) for t in export_tables(person) for row in t.rows for c in row]
    assert not any("佐藤" in c for c in cells)


# ---------------------------------------------------------------- erasure


def _check_erased(person, made, books, scores):
    alias = pseudonym(person)
    left = [
        (label, pk, name)
        for label, pk, name, value in _network_texts()
        for trace in _traces(person)
        if trace and trace in value
    ]
    assert not left, f"the person is still in {left}"
    # The books: not a line, a memo or a total changed, and balanced.
    assert _books() == books
    balance = ledger.trial_balance()
    assert balance["total"] == 0 and balance["unbalanced"] == []
    # The review's scores and totals unchanged; the reviews are the pseudonym's.
    assert _scores() == scores
    review = made["network.Review"][0]
    review.refresh_from_db()
    assert review.reviewer_id == person.pk and review.total > 0
    # The contribution keeps its amount and receipt, under the pseudonym.
    contribution = Contribution.objects.get(pk=made["network.Contribution"][0].pk)
    assert (contribution.amount, contribution.donor_name, contribution.note) == (
        10_000,
        alias,
        "",
    )
    assert contribution.receipt_number == f"R-PRIV-{person.pk}"
    # The application keeps the organization's block; its contacts are scrubbed.
    app = FundApplication.objects.get(pk=made["network.FundApplication"][0].pk)
    assert app.org_representative == "代表理事 鈴木 一郎"
    assert app.org_name == app.organization.name
    assert (app.contact_name, app.contact_phone, app.contact_email) == (alias, "", "")
    assert (app.accounting_name, app.accounting_email) == (alias, "")
    assert app.project_title == "地域の居場所づくり"
    # The contact log stays: the partner's people as written, the name replaced.
    contact = Contact.objects.get(pk=made["network.Contact"][0].pk)
    assert contact.their_people == "生活クラブ 理事 佐藤"
    assert contact.summary.startswith(f"{alias}さんから")
    assert list(contact.our_people.values_list("pk", flat=True)) == [person.pk]
    founder = InitiativeFounder.objects.get(pk=made["network.InitiativeFounder"][0].pk)
    assert (founder.name, founder.contact) == (alias, "")


def test_erasure_leaves_no_trace_of_the_person_and_the_books_untouched():
    person = _person()
    made = kinds_network.make(person)
    books, scores = _books(), _scores()
    assert erasure_blockers(person) == []
    records = _erase(person)
    _check_erased(person, made, books, scores)
    labels = {r[0] for r in records}
    assert {"network.FundApplication", "network.Contribution"} <= labels
    assert not labels & {"network.LedgerTransaction", "network.LedgerLine"}
    # A second run finds nothing more to change.
    _erase(person)
    _check_erased(person, made, books, scores)


def test_the_dry_run_keeps_the_ledger_with_its_reason():
    person = _person()
    kinds_network.make(person)
    plan = erasure_plan(person)
    kept = [i for i in plan.items if i.fate == Fate.KEEP]
    assert {i.label for i in kept} >= {str(LedgerTransaction._meta.verbose_name_plural)}
    assert all(i.reason for i in plan.items)
    assert plan.blockers == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_erasure_on_postgresql_never_touches_the_append_only_ledger():
    """The ledger's triggers refuse any UPDATE or DELETE: the erasure commits."""
    person = _person()
    made = kinds_network.make(person)
    books, scores = _books(), _scores()
    _erase(person)
    _check_erased(person, made, books, scores)


# ---------------------------------------------------------------- the blocker


def _award_on_application_of(person, status):
    award = make_award(OrganizationFactory(), budget=1_000_000)
    FundApplication.objects.filter(pk=award.application_id).update(
        created_by=person.account, contact_name=person.full_name
    )
    Award.objects.filter(pk=award.pk).update(status=status)
    return award


def test_a_live_award_on_the_persons_application_blocks_the_erasure():
    person = _person()
    award = _award_on_application_of(person, Award.Status.AWARDED)
    blockers = erasure_blockers(person)
    assert len(blockers) == 1
    blocker = blockers[0]
    assert award.number in blocker.record
    assert str(Award.Status.AWARDED.label) in blocker.reason
    assert blocker.url == award.get_absolute_url()
    assert blocker.action
    assert erasure_plan(person).blockers == blockers


def test_a_settled_award_does_not_block():
    person = _person()
    _award_on_application_of(person, Award.Status.SETTLED)
    assert erasure_blockers(person) == []
    # Someone else's live award does not block this person either.
    make_award(OrganizationFactory(), budget=1_000_000)
    assert erasure_blockers(person) == []


# ---------------------------------------------------------------- retention


def _old_round(status=FundRound.Status.CLOSED):
    return fund_helpers.funded_round(
        budget=0,
        status=status,
        opens_in_days=-7 * 365,
        closes_in_days=-7 * 365 + 30,
        title=f"古い回 {status}",
    )


def _app(fund_round, status, *, decided_years_ago):
    app = fund_helpers.application(fund_round, OrganizationFactory(), status=status)
    moment = timezone.now() - datetime.timedelta(days=365 * decided_years_ago)
    FundApplication.objects.filter(pk=app.pk).update(
        updated_at=moment,
        submitted_at=moment,
        screened_at=moment if status == A.INELIGIBLE else None,
        contact_phone="03-1111-2222",
        accounting_name="会計 太郎",
    )
    return app


def test_retention_anonymizes_only_not_awarded_applications_past_the_cutoff():
    declaration, kind = retention_kinds()["network.fund_not_awarded"]
    assert declaration.model is FundApplication and kind.default_years == 5
    old, open_round = _old_round(), _old_round(FundRound.Status.REVIEW)
    due = [
        _app(old, A.REJECTED, decided_years_ago=6),
        _app(old, A.INELIGIBLE, decided_years_ago=6),
        _app(old, A.WITHDRAWN, decided_years_ago=6),
        _app(old, A.NOT_RECOMMENDED, decided_years_ago=6),
    ]
    kept = [
        _app(old, A.REJECTED, decided_years_ago=2),  # decided too recently
        _app(old, A.AWARDED, decided_years_ago=6),  # awarded
        _app(open_round, A.NOT_RECOMMENDED, decided_years_ago=6),  # not final yet
        make_award(OrganizationFactory(), fund_round=old).application,
    ]
    cutoff = timezone.now() - datetime.timedelta(days=365 * 5)
    found = kind.due(cutoff)
    assert sorted(found.values_list("pk", flat=True)) == sorted(a.pk for a in due)
    # A date works as a cutoff as well as a moment.
    assert kind.due(cutoff.date()).count() == len(due)
    before = {
        a.pk: (a.org_name, a.project_title, a.amount_requested, a.status)
        for a in due + kept
    }
    kept_texts = {
        a.pk: FundApplication.objects.filter(pk=a.pk).values().get() for a in kept
    }
    records = apply_fate(FundApplication, found, kind.fate, kind.scrub, "")
    assert sorted(int(r[1]) for r in records) == sorted(a.pk for a in due)
    for app in due:
        app.refresh_from_db()
        assert (app.contact_name, app.contact_email, app.contact_phone) == ("", "", "")
        assert (app.accounting_name, app.purpose, app.content) == ("", "", "")
        assert before[app.pk] == (
            app.org_name,
            app.project_title,
            app.amount_requested,
            app.status,
        )
    for app in kept:
        assert (
            FundApplication.objects.filter(pk=app.pk).values().get()
            == (kept_texts[app.pk])
        )
    # Handled rows are not due again.
    assert not kind.due(cutoff).exists()
