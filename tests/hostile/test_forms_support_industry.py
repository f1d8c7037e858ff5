"""Hostile input to the industry meetings' forms (see ``forms_helpers``): long text,
direction controls, ids of other records. Saved or refused with a message, never a
server error; a refusal changes nothing."""

import pytest

from secretariat.models import BodyMember
from support.models import IndustryMeeting, SharedIssue
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.support.industry import helpers as h
from wco_sse.core.models import AuditEntry


def a_new_industry(demo):
    return {"kwargs": {}, "industry": h.industry("ハウスクリーニング")}


def a_meeting_with_candidates(demo):
    im = h.industry_meeting(demo)
    organization, _ = h.wco(im.industry)
    return {"kwargs": {"pk": im.pk}, "organization": organization}


def a_meeting_and_another_wco(demo):
    im = h.industry_meeting(demo)
    organization, person = h.wco(h.industry("介護・福祉"))
    return {"kwargs": {"pk": im.pk}, "organization": organization, "person": person}


def the_home_meeting(demo):
    im = h.home_meeting(demo)
    return {"kwargs": {"pk": im.pk}, "meeting": im.body.meetings.first()}


def an_issue(demo):
    return {"kwargs": {"pk": h.issue(demo).pk}}


def issue_row(made):
    return row_of(SharedIssue, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "industry_create",
        "support:industry_create",
        "support",
        setup=a_new_industry,
        values=lambda demo, made: {"industry": made["industry"].pk},
        tables=(IndustryMeeting,),
    ),
    FormCase(
        "industry_invite",
        "support:industry_invite",
        "support",
        setup=a_meeting_with_candidates,
        values=lambda demo, made: {"organizations": [made["organization"].pk]},
        tables=(BodyMember,),
    ),
    FormCase(
        "industry_seat",
        "support:industry_seat",
        "staff",
        setup=a_meeting_and_another_wco,
        query={},
        values=lambda demo, made: {
            "organization": made["organization"].pk,
            "person": made["person"].pk,
        },
        fields={"organization": "choice", "person": "choice"},
        shown=False,
        tables=(BodyMember,),
    ),
    FormCase(
        "issue_create",
        "support:issue_create",
        "rep",
        setup=the_home_meeting,
        values=lambda demo, made: {
            "meeting": made["meeting"].pk,
            "raised_by": demo.ctx.data["home_wco"].pk,
            "title": "配送の共同化",
            "text": "近隣の団体と配送をまとめたいです。",
        },
        tables=(SharedIssue,),
    ),
    FormCase(
        "issue_edit",
        "support:issue_edit",
        "rep",
        setup=an_issue,
        values={"title": "人手不足（続き）", "text": "調理スタッフが集まりません。"},
        tables=(SharedIssue, AuditEntry),
        snapshot=issue_row,
    ),
    FormCase(
        "issue_move",
        "support:issue_move",
        "support",
        setup=an_issue,
        values={"state": "resolved", "outcome": "共同求人で解決しました。"},
        tables=(SharedIssue, AuditEntry),
        snapshot=issue_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_industry_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile text and ids are saved or refused with a
    message shown, never a server error, and a refusal changes nothing."""
    run_case(client, demo, case)
