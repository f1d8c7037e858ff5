"""Hostile input to the sites part's forms (see ``forms_helpers``): a site with its
address and opening days, a funder's condition, a recorder, a session type, and the
session a recorder enters (dates in the future, an end before the start, negative and huge
counts, long text). Saved or refused with a message, never a server error; a refusal
changes nothing."""

import pytest

from business.models import FundingCondition, Session, SessionType, Site, SiteRecorder
from tests.hostile.forms_helpers import FormCase, day, row_of, run_case
from wco_sse.core.models import AuditEntry


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def a_site(demo):
    from tests.business.sites.helpers import recorded_pantry

    return {"kwargs": {"pk": recorded_pantry(demo).pk}}


def a_condition(demo):
    from tests.business.sites.helpers import condition, recorded_pantry

    site = recorded_pantry(demo)
    return {"kwargs": {"pk": site.pk, "condition_pk": condition(site).pk}}


def a_session(demo):
    from tests.business.sites.helpers import recorded_pantry, session

    site = recorded_pantry(demo)
    return {"kwargs": {"pk": site.pk, "session_pk": session(site, days_ago=3).pk}}


def a_session_type(demo):
    made = SessionType.objects.create(name="試験用の開催種別", position=200)
    return {"kwargs": {"pk": made.pk}}


def session_type_values(demo, made):
    return {"name": "子ども宅食", "position": "70", "active": "on"}


def site_values(demo, made):
    from tests.business.factories import programme

    return {
        "programme": programme(kind_name="食支援").pk,
        "name": "こども食堂 ひまわり",
        "kind": "children_diner",
        "operator": demo.ctx.data["home_wco"].pk,
        "prefecture": "神奈川県",
        "opening_pattern": "毎月第2土曜",
        "opening_days": ["32"],
        "active": "on",
    }


def condition_values(demo, made):
    return {
        "funder_name": "横浜市 子ども食堂助成",
        "sessions_per_month": "2",
        "hours_per_session": "2.0",
        "meals_per_session": "20",
        "health_notice_required": "on",
        "health_notice_on": day(-30),
        "start": day(-100),
        "end": day(200),
    }


def recorder_values(demo, made):
    return {"person": _person(demo, "staff").pk, "start": day(), "end": day(365)}


def session_values(demo, made):
    from tests.business.sites.helpers import session_values as values

    return values()


def edit_values(demo, made):
    from tests.business.sites.helpers import session_values as values

    return values(date=day(-3), version="1")


def site_row(made):
    return row_of(Site, made["kwargs"]["pk"])


def condition_row(made):
    return row_of(FundingCondition, made["kwargs"]["condition_pk"])


def session_row(made):
    return row_of(Session, made["kwargs"]["session_pk"])


def session_type_row(made):
    return row_of(SessionType, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "site_create",
        "business:site_create",
        "business",
        values=site_values,
        tables=(Site,),
    ),
    FormCase(
        "site_edit",
        "business:site_edit",
        "business",
        setup=a_site,
        values=site_values,
        tables=(Site,),
        snapshot=site_row,
    ),
    FormCase(
        "condition_create",
        "business:condition_create",
        "business",
        setup=a_site,
        values=condition_values,
        tables=(FundingCondition,),
    ),
    FormCase(
        "condition_edit",
        "business:condition_edit",
        "staff",
        setup=a_condition,
        values=condition_values,
        tables=(FundingCondition,),
        snapshot=condition_row,
    ),
    FormCase(
        "recorder_add",
        "business:recorder_add",
        "business",
        setup=a_site,
        values=recorder_values,
        tables=(SiteRecorder, AuditEntry),
    ),
    FormCase(
        "session_create",
        "business:session_create",
        "member",
        setup=a_site,
        values=session_values,
        tables=(Session, AuditEntry),
    ),
    FormCase(
        "session_edit",
        "business:session_edit",
        "member",
        setup=a_session,
        values=edit_values,
        tables=(Session,),
        snapshot=session_row,
    ),
    FormCase(
        "session_type_create",
        "business:session_type_create",
        "business",
        values=session_type_values,
        tables=(SessionType, AuditEntry),
    ),
    FormCase(
        "session_type_edit",
        "business:session_type_edit",
        "secgen",
        setup=a_session_type,
        values=session_type_values,
        tables=(SessionType,),
        snapshot=session_type_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_site_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile dates, times, counts and text are saved
    or refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)
