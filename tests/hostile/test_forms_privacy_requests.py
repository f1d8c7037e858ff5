"""Hostile input to the personal-data requests' forms (see ``forms_helpers``):
direction controls, huge text, unknown kinds, channels and people. Saved or refused
with a message, never a server error; a refusal changes nothing."""

import pytest

from members.models import PrivacyRequest
from tests.factories import PersonFactory
from tests.hostile.forms_helpers import FormCase, row_of, run_case

CORRECTION = {
    "record_kind": "other",
    "wrong": "名前の漢字が違います。",
    "where": "2026年6月の総会議事録",
    "should_be": "山田花子",
    "details": "",
}


def correction_kind(demo):
    return {"kwargs": {"kind": "correction"}}


def export_kind(demo):
    return {"kwargs": {"kind": "export"}}


def a_person(demo):
    return {"kwargs": {}, "person": PersonFactory()}


def recorded_values(demo, made):
    return {
        **CORRECTION,
        "person": made["person"].pk,
        "kind": "correction",
        "channel": "phone",
    }


def member_correction(demo):
    request = PrivacyRequest.objects.create(
        person=demo.ctx.accounts["member@example.org"],
        kind=PrivacyRequest.Kind.CORRECTION,
        channel=PrivacyRequest.Channel.MY_PAGE,
        details="訂正のお願い",
    )
    return {"kwargs": {"pk": request.pk}}


def request_row(made):
    return row_of(PrivacyRequest, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "privacy_request_new_correction",
        "members:privacy_request_new",
        "member",
        setup=correction_kind,
        values=CORRECTION,
        tables=(PrivacyRequest,),
    ),
    FormCase(
        "privacy_request_new_export",
        "members:privacy_request_new",
        "member",
        setup=export_kind,
        values={"details": "書面で受け取りたいです。"},
        tables=(PrivacyRequest,),
    ),
    FormCase(
        "privacy_request_record",
        "members:privacy_request_record",
        "staff",
        setup=a_person,
        values=recorded_values,
        tables=(PrivacyRequest,),
    ),
    FormCase(
        "privacy_request_answer",
        "members:privacy_request_answer",
        "staff",
        setup=member_correction,
        values={"state": "done", "answer": "訂正しました。"},
        forms=("answer_form",),
        tables=(PrivacyRequest,),
        snapshot=request_row,
    ),
    FormCase(
        "privacy_request_refuse",
        "members:privacy_request_refuse",
        "staff",
        setup=member_correction,
        values={"answer": "確認できませんでした。"},
        forms=("refuse_form",),
        tables=(PrivacyRequest,),
        snapshot=request_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_privacy_request_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile input is saved or refused with a
    message shown, never a server error, and a refusal changes nothing."""
    run_case(client, demo, case)
