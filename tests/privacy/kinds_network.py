"""The network section's records of one person (``tests.privacy.world``): a row of
every network model that links to a person, for ``person`` (who has an account).

Nothing here is a live fund award on the person's application, so nothing blocks
their erasure (the blocker has its own test)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from members.models import LegalForm
from network.fund import ledger
from network.models import (
    ApplicationFile,
    ConflictDeclaration,
    Contact,
    Contribution,
    FundApplication,
    FundRound,
    Initiative,
    InitiativeFounder,
    Review,
    ReviewScore,
    SupportEntry,
)
from tests.factories import OrganizationFactory
from tests.network import fund_helpers
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core import files as core_files

PHONE = "090-4321-8765"


def person_phone(person):
    return person.phone or person.mobile or PHONE


def _contact(person, partner):
    contact = Contact.objects.create(
        organization=partner,
        date=timezone.localdate() - datetime.timedelta(days=20),
        category="consumer_coop",
        topic="まちづくり会議の進め方",
        their_people="生活クラブ 理事 佐藤",
        summary=f"{person.full_name}さんから次回の日程と議題を説明した。",
        follow_up="議事録案を送る",
        follow_up_owner=person,
        follow_up_due=timezone.localdate() + datetime.timedelta(days=7),
    )
    contact.our_people.add(person)
    return contact


def _initiative(person):
    initiative = Initiative.objects.create(
        name="子育てひろば準備会", lead=person, next_step="設立総会の日程を決める"
    )
    initiative.founders.add(person)
    founder = InitiativeFounder.objects.create(
        initiative=initiative, name=person.full_name, contact=person_phone(person)
    )
    entry = SupportEntry.objects.create(
        initiative=initiative,
        date=timezone.localdate(),
        kind=SupportEntry.Kind.INTERVIEW,
        note="設立の手順を説明した。",
        by=person,
    )
    return initiative, founder, entry


def _application(person, organization, fund_round):
    account = person.account
    app = fund_helpers.application(
        fund_round,
        organization,
        status=FundApplication.Status.IN_REVIEW,
        created_by=account,
        submitted_by=account,
        org_representative="代表理事 鈴木 一郎",
    )
    email = person.email or account.email
    FundApplication.objects.filter(pk=app.pk).update(
        contact_name=person.full_name,
        contact_phone=person_phone(person),
        contact_email=email,
        accounting_name=person.full_name,
        accounting_phone=person_phone(person),
        accounting_email=email,
    )
    app.refresh_from_db()
    stored = core_files.file_attach(
        actor=account,
        target=app,
        uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
    )
    upload = ApplicationFile.objects.create(application=app, file=stored)
    return app, upload


def _review(person, app):
    conflict = ConflictDeclaration.objects.create(
        application=app, reviewer=person, conflicted=False
    )
    review = Review.objects.create(
        application=app,
        reviewer=person,
        stage=Review.Stage.DOCUMENTS,
        comment="地域のニーズが高い。",
    )
    total = 0
    for value, criterion in enumerate(app.round.rubric.criteria.all(), start=2):
        value = min(value, criterion.max_score)
        ReviewScore.objects.create(review=review, criterion=criterion, value=value)
        total += value
    Review.objects.filter(pk=review.pk).update(total=total)
    return conflict, review


def _contribution(person):
    with transaction.atomic():
        contribution = Contribution.objects.create(
            source=fund_helpers.source(),
            person=person,
            donor_name=person.full_name,
            amount=10_000,
            received_on=timezone.localdate(),
            receipt_number=f"R-PRIV-{person.pk}",
            note=f"振込 {person.full_name_kana}",
        )
        posting = ledger.book_contribution(contribution, actor=None)
    return contribution, posting


def make(person) -> dict:
    partner = OrganizationFactory(
        partner=True, legal_form=LegalForm.CONSUMER_COOPERATIVE
    )
    contact = _contact(person, partner)
    initiative, founder, entry = _initiative(person)
    fund_round = fund_helpers.funded_round(
        budget=1_000_000, status=FundRound.Status.REVIEW, title="個人情報テストの回"
    )
    app, upload = _application(person, OrganizationFactory(), fund_round)
    conflict, review = _review(person, app)
    contribution, posting = _contribution(person)
    return {
        "network.Contact": [contact],
        "network.Initiative": [initiative],
        "network.InitiativeFounder": [founder],
        "network.SupportEntry": [entry],
        "network.FundApplication": [app],
        "network.ApplicationFile": [upload],
        "network.ConflictDeclaration": [conflict],
        "network.Review": [review],
        "network.Contribution": [contribution],
        "network.LedgerTransaction": [posting],
    }
