"""Hostile input to the programmes' forms (see ``forms_helpers``): dates out of range,
an end before the start, unknown kinds, people and organizations, shares out of
range, long text, direction controls. Saved or refused with a message, never a
server error; a refusal changes nothing."""

import pytest

from business.models import Partner, Programme, ProgrammeKind
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from wco_sse.core.models import AuditEntry


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def a_programme(demo):
    from tests.business.programmes.helpers import programme

    return {"kwargs": {"pk": programme(demo).pk}}


def a_kind(demo):
    made = ProgrammeKind.objects.create(name="試験用の種別", position=200)
    return {"kwargs": {"pk": made.pk}}


def programme_values(demo, made):
    return {
        "kind": ProgrammeKind.objects.filter(active=True).order_by("pk").first().pk,
        "title": "相模原市 家計改善支援事業",
        "purpose": "家計の見直しを一緒に考えます。",
        "start": "2027-04-01",
        "end": "2028-03-31",
        "lead": _person(demo, "business").pk,
    }


def kind_values(demo, made):
    return {
        "name": "フードバンク事業",
        "group": "食支援",
        "description": "食品の寄贈を受けて配ります。",
        "contracted": "",
        "position": "120",
        "active": "on",
    }


def partner_values(demo, made):
    return {
        "organization": demo.ctx.data["wcos"][1].pk,
        "part": "jv_member",
        "share": "35.5",
        "client_approved_on": "",
        "note": "構成員",
    }


def programme_row(made):
    return row_of(Programme, made["kwargs"]["pk"])


def kind_row(made):
    return row_of(ProgrammeKind, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "kind_create",
        "business:kind_create",
        "business",
        values=kind_values,
        tables=(ProgrammeKind,),
    ),
    FormCase(
        "kind_edit",
        "business:kind_edit",
        "business",
        setup=a_kind,
        values=kind_values,
        tables=(ProgrammeKind,),
        snapshot=kind_row,
    ),
    FormCase(
        "programme_create",
        "business:programme_create",
        "business",
        values=programme_values,
        tables=(Programme,),
    ),
    FormCase(
        "programme_edit",
        "business:programme_edit",
        "secgen",
        setup=a_programme,
        values=programme_values,
        tables=(Programme,),
        snapshot=programme_row,
    ),
    FormCase(
        "partner_add",
        "business:partner_add",
        "business",
        setup=a_programme,
        values=partner_values,
        tables=(Partner, AuditEntry),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_programme_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile dates, choices, shares and text are saved
    or refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)
