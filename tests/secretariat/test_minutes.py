"""Minutes: signatories per the body's rule, each signature tracked, 議事録確定 when
all are in; the signed scan under the upload policy."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from secretariat import services
from secretariat.models import Body, Meeting, Minutes
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError
from wco_sse.core.files import files_attached_to

pytestmark = pytest.mark.django_db


def officers():
    by_name = {p.family_name: p for p in h.directors() + h.auditors()}
    return by_name


def held_board(demo, rule, present):
    board = h.board()
    board.minutes_signers = rule
    board.save()
    meeting = h.meeting(demo, chair=officers()["高橋"])
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    people = officers()
    h.attend(demo, meeting, [people[n] for n in present])
    services.decision_record(actor=demo["staff"], item=item, result="defer")
    return meeting


@pytest.mark.parametrize(
    ("rule", "present", "expected"),
    [
        # 出席した理事及び監事
        (
            Body.MinutesSigners.OFFICERS,
            ["高橋", "林", "清水", "田中"],
            ["高橋", "林", "清水", "田中"],
        ),
        # 出席した代表理事及び監事 (where the articles say so)
        (
            Body.MinutesSigners.REPRESENTATIVE,
            ["高橋", "林", "清水", "田中", "池田"],
            ["高橋", "田中", "池田"],
        ),
        # No representative director attended: the attending directors sign.
        (
            Body.MinutesSigners.REPRESENTATIVE,
            ["林", "清水", "山口", "田中"],
            ["林", "清水", "山口", "田中"],
        ),
        (Body.MinutesSigners.CHAIR, ["高橋", "林", "清水"], ["高橋"]),
    ],
)
def test_signatories_follow_the_body_rule(demo, rule, present, expected):
    meeting = held_board(demo, rule, present)
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    names = [s.person.family_name for s in minutes.signatories.order_by("order")]
    assert sorted(names) == sorted(expected)
    # Absent officers never sign.
    assert "森" not in names


def test_chair_and_chosen_signatories(demo):
    meeting = held_board(
        demo, Body.MinutesSigners.CHAIR_AND_SIGNATORIES, ["高橋", "林", "山口"]
    )
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    with pytest.raises(ServiceError) as error:
        services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    assert (error.value.field, error.value.message) == (
        "signatories",
        "会議で選任された議事録署名人を選んでください。",
    )
    services.minutes_finalize(
        actor=demo["staff"], minutes=minutes, extra_signatories=[officers()["山口"]]
    )
    assert [s.person.family_name for s in minutes.signatories.order_by("order")] == [
        "高橋",
        "山口",
    ]


def test_the_last_signature_confirms_the_minutes_and_closes_the_meeting(demo):
    meeting = held_board(demo, Body.MinutesSigners.OFFICERS, ["高橋", "林", "田中"])
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    signatories = list(minutes.signatories.order_by("order"))
    today = timezone.localdate()
    with pytest.raises(ServiceError) as error:
        services.minutes_sign(
            actor=demo["staff"],
            signatory=signatories[0],
            method="seal",
            signed_on=meeting.day - datetime.timedelta(days=1),
        )
    assert (error.value.field, error.value.message) == (
        "signed_on",
        "会議より前の日付では署名できません。",
    )
    with pytest.raises(ServiceError) as error:
        services.minutes_sign(
            actor=demo["staff"],
            signatory=signatories[0],
            method="seal",
            signed_on=today + datetime.timedelta(days=1),
        )
    assert (error.value.field, error.value.message) == (
        "signed_on",
        "署名日が未来の日付になっています。",
    )
    for index, signatory in enumerate(signatories):
        services.minutes_sign(
            actor=demo["staff"],
            signatory=signatory,
            method="seal" if index else "signature",
            signed_on=today,
        )
        minutes.refresh_from_db()
        meeting.refresh_from_db()
        last = index == len(signatories) - 1
        assert (minutes.status == Minutes.Status.CONFIRMED) is last
        assert (meeting.status == Meeting.Status.CLOSED) is last
    assert [s.get_method_display() for s in minutes.signatories.order_by("order")] == [
        "署名済",
        *["記名押印"] * (len(signatories) - 1),
    ]


def test_minutes_wait_for_every_outcome_and_fix_the_attendance(demo):
    meeting = h.meeting(demo)
    h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:3])
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    with pytest.raises(
        ServiceError, match=r"^先にすべての議案の結果を記録してください（残り1件）。$"
    ):
        services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    assert not minutes.signatories.exists()


def test_minutes_only_for_a_held_meeting(demo):
    meeting = h.meeting(demo)
    with pytest.raises(
        ServiceError, match=r"^議事録は開催済の会議について作成します。$"
    ):
        services.minutes_start(actor=demo["staff"], meeting=meeting)
    assert not Minutes.objects.exists()


def test_the_signed_scan_is_uploaded_under_the_policy(demo):
    meeting = held_board(demo, Body.MinutesSigners.CHAIR, ["高橋", "林", "清水"])
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    with pytest.raises(ServiceError) as error:  # not before it is sent for signature
        services.minutes_scan_attach(actor=demo["staff"], minutes=minutes, uploaded=pdf)
    assert (error.value.field, error.value.message) == (
        "file",
        "先に議事録の署名手続に進めてください。",
    )
    services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    minutes.refresh_from_db()
    fake = SimpleUploadedFile("signed.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ServiceError) as error:
        services.minutes_scan_attach(
            actor=demo["staff"], minutes=minutes, uploaded=fake
        )
    assert error.value.field == "file"
    pdf.seek(0)
    services.minutes_scan_attach(actor=demo["staff"], minutes=minutes, uploaded=pdf)
    assert [f.original_name for f in files_attached_to(minutes)] == ["signed.pdf"]
