"""Hostile input to the forms of bodies a section runs (issue 13): a body's section
and category, a member seated for a W.Co by the network section, and a W.Co's
representative naming its delegate (see ``forms_helpers``)."""

import pytest

from secretariat.models import Body, BodyMember
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.secretariat import permission_cases as secretariat_cases


def seat_of_home_wco(demo):
    return {"kwargs": secretariat_cases.home_wco_seat(demo, "rep")}


CASES = (
    FormCase(
        "body_create[section]",
        "secretariat:body_create",
        "staff",
        values={
            "name": "まちづくり会議",
            "section": "network",
            "category": "community",
        },
        tables=(Body,),
    ),
    FormCase(
        "body_member_add[network]",
        "secretariat:body_member_add",
        "network",
        setup=lambda demo: {"kwargs": secretariat_cases.network_body(demo, "network")},
        values=lambda demo, made: {
            "person": demo["rep"].person.pk,
            "organization": demo.ctx.data["home_wco"].pk,
        },
        tables=(Body, BodyMember),
    ),
    FormCase(
        "body_seat_regular_members",
        "secretariat:body_seat_regular_members",
        "network",
        setup=lambda demo: {"kwargs": secretariat_cases.network_body(demo, "network")},
        values=lambda demo, made: {"organizations": [demo.ctx.data["home_wco"].pk]},
        tables=(Body, BodyMember),
    ),
    FormCase(
        "body_member_add[community]",
        "secretariat:body_member_add",
        "network",
        setup=lambda demo: {
            "kwargs": {
                "pk": secretariat_cases.h.network_body(
                    demo, name="まちづくり会議", category="community"
                ).pk
            }
        },
        values=lambda demo, made: {"person": demo["member"].person.pk},
        tables=(Body, BodyMember),
    ),
    FormCase(
        "seat_delegate",
        "secretariat:seat_delegate",
        "rep",
        setup=seat_of_home_wco,
        values=lambda demo, made: {"person": demo["member"].person.pk},
        tables=(Body, BodyMember),
        snapshot=lambda made: row_of(BodyMember, made["kwargs"]["pk"]),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_body_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile values the form is saved or refused
    with a message shown, never a server error, and a refusal changes nothing."""
    run_case(client, demo, case)
