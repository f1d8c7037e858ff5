"""Hostile input to the registry's forms: organizations, people, affiliations, the
in-place contact edits, roles, dues and "my page" (see ``forms_helpers``)."""

import pytest
from django.utils import timezone

from members.demo.dues import DEMO_RATES
from members.dues import dues_rate_set
from members.models import (
    Affiliation,
    Dues,
    DuesPayment,
    DuesRate,
    LegalFormChange,
    Organization,
    Person,
    RoleAssignment,
)
from tests.hostile.forms_helpers import FormCase, day, row_of, run_case
from tests.members.permission_cases import home_dues, home_payment
from wco_sse.core.japan import fiscal_year


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def home_wco(demo):
    return {"kwargs": {"pk": demo.ctx.data["home_wco"].pk}}


def member_record(demo):
    return {"kwargs": {"pk": _person(demo, "member").pk}}


def own_record(demo):
    return {"pk": _person(demo, "member").pk}


def fund_role(demo):
    role = RoleAssignment.objects.filter(person=_person(demo, "fund")).first()
    return {"kwargs": {"pk": role.pk}, "pk": role.pk}


def inline_field(name):
    def setup(demo):
        organization = demo.ctx.data["home_wco"]
        return {
            "kwargs": {"pk": organization.pk, "field": name},
            "version": organization.version,
        }

    return setup


def rates_set(demo):
    """This year's rates, so that dues can be issued."""
    actor = demo["secgen"]
    year = fiscal_year(timezone.localdate())
    for dues_class, amount in DEMO_RATES.items():
        if not DuesRate.objects.filter(
            fiscal_year=year, dues_class=dues_class
        ).exists():
            dues_rate_set(
                actor=actor, fiscal_year=year, dues_class=dues_class, amount=amount
            )
    return {}


def dues_setup(demo):
    return {"kwargs": home_dues(demo, "staff")}


def payment_setup(demo):
    return {"kwargs": home_payment(demo, "staff")}


def organization_row(made):
    return row_of(Organization, made["kwargs"]["pk"])


def person_row(made):
    return row_of(Person, made["kwargs"]["pk"])


def inline_saved(response):
    """The in-place edit answers with the value shown: no form, no warning."""
    return b"<form" not in response.content and b'role="alert"' not in response.content


def inline_refused(response):
    """... or with the form again and what is wrong, or with the conflict."""
    return b'role="alert"' in response.content


NEW_ORGANIZATION = {
    "name": "ワーカーズ・コレクティブ 試験",
    "name_kana": "ワーカーズコレクティブシケン",
    "kind": "wco",
    "membership_class": "regular",
    "status": "active",
    "legal_form": "voluntary",
    "email": "shiken@example.org",
    "preferred_contact": "email",
}
NEW_PERSON = {
    "family_name": "試験",
    "given_name": "花子",
    "family_name_kana": "シケン",
    "given_name_kana": "ハナコ",
    "email": "hanako@example.org",
    "preferred_contact": "email",
}

CASES = (
    FormCase(
        "organization_create",
        "members:organization_create",
        "staff",
        values=NEW_ORGANIZATION,
        tables=(Organization, LegalFormChange),
    ),
    FormCase(
        "organization_edit[staff]",
        "members:organization_edit",
        "staff",
        setup=home_wco,
        tables=(Organization, LegalFormChange),
        snapshot=organization_row,
    ),
    FormCase(
        "organization_edit[rep]",
        "members:organization_edit",
        "rep",
        setup=home_wco,
        tables=(Organization,),
        snapshot=organization_row,
    ),
    *(
        FormCase(
            f"organization_field[{name}]",
            "members:organization_field",
            "rep",
            setup=inline_field(name),
            shown=False,
            values=lambda demo, made, name=name, value=value: {
                name: value,
                "version": str(made["version"]),
            },
            fields={name: kind, "version": "number"},
            tables=(Organization,),
            snapshot=organization_row,
            accepted=inline_saved,
            refusal_shown=inline_refused,
            htmx=True,
        )
        for name, kind, value in (
            ("phone", "text", "045-111-2222"),
            ("website", "url", "https://example.org/"),
            ("email", "email", "office@example.org"),
        )
    ),
    FormCase(
        "legal_form_change",
        "members:legal_form_change",
        "staff",
        setup=home_wco,
        values={"legal_form": "workers_cooperative", "since": day(-10)},
        tables=(LegalFormChange,),
        snapshot=organization_row,
    ),
    FormCase(
        "affiliation_add[rep]",
        "members:affiliation_add",
        "rep",
        setup=home_wco,
        values={**NEW_PERSON, "position": "member", "start": day()},
        tables=(Person, Affiliation),
    ),
    FormCase(
        "affiliation_add[staff]",
        "members:affiliation_add",
        "staff",
        setup=home_wco,
        values={**NEW_PERSON, "position": "staff", "start": day()},
        tables=(Person, Affiliation),
    ),
    FormCase(
        "affiliation_request",
        "members:affiliation_request",
        "citizen",
        values=lambda demo, made: {"organization": demo.ctx.data["home_wco"].pk},
        tables=(Affiliation,),
    ),
    FormCase(
        "person_create",
        "members:person_create",
        "staff",
        values=NEW_PERSON,
        tables=(Person,),
    ),
    FormCase(
        "person_edit",
        "members:person_edit",
        "staff",
        setup=member_record,
        tables=(Person,),
        snapshot=person_row,
    ),
    FormCase(
        "mypage_edit",
        "members:mypage_edit",
        "member",
        setup=lambda demo: {"person": _person(demo, "member").pk},
        tables=(Person,),
        snapshot=lambda made: row_of(Person, made["person"]),
    ),
    FormCase(
        "role_assign",
        "members:role_assign",
        "secgen",
        values=lambda demo, made: {
            "person": _person(demo, "citizen").pk,
            "role": "school_committee",
            "start": day(),
        },
        tables=(RoleAssignment,),
    ),
    FormCase(
        "role_end",
        "members:role_end",
        "secgen",
        setup=fund_role,
        values={"end": day(30)},
        tables=(RoleAssignment,),
        snapshot=lambda made: row_of(RoleAssignment, made["pk"]),
    ),
    FormCase(
        "dues_rates",
        "members:dues_rates",
        "staff",
        values={"dues_class": "regular", "amount": "12000"},
        tables=(DuesRate,),
    ),
    FormCase(
        "dues_issue",
        "members:dues_issue",
        "staff",
        setup=rates_set,
        values={"invoiced_on": day()},
        tables=(Dues,),
    ),
    FormCase(
        "dues_payment_record",
        "members:dues_payment_record",
        "staff",
        setup=dues_setup,
        values={"paid_on": day(), "amount": "1000"},
        tables=(DuesPayment,),
        snapshot=lambda made: row_of(Dues, made["kwargs"]["pk"]),
    ),
    FormCase(
        "dues_override",
        "members:dues_override",
        "staff",
        setup=dues_setup,
        values={"amount": "6000", "reason": "10月入会のため半額（理事会決定）"},
        tables=(DuesPayment,),
        snapshot=lambda made: row_of(Dues, made["kwargs"]["pk"]),
    ),
    FormCase(
        "dues_payment_cancel",
        "members:dues_payment_cancel",
        "staff",
        setup=payment_setup,
        values={"reason": "二重入力"},
        tables=(DuesPayment,),
        snapshot=lambda made: row_of(DuesPayment, made["kwargs"]["pk"]),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_registry_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile text, dates or numbers in it the
    form is saved or refused with a message shown, never a server error, and a
    refusal changes nothing."""
    run_case(client, demo, case)
