"""A record outside the viewer's reach is not there: every URL that takes an id finds
its object through what the viewer may use that page for, before any other check.

Two things follow, for every URL with an id and every demo role, GET and POST:

- no URL with an id answers 403: a viewer who may not use the page for the record
  gets 404, as for a record that does not exist (the permission matrix decides each
  role's answer on an existing record; this checks that none of them is FORBIDDEN);
- the same URL with ids that exist nowhere answers 404 to every signed-in role (405
  where the page does not take the method, for the real record as for the guessed
  one), and sends a visitor to sign in — so guessing ids tells nobody anything.

``tests/hostile/test_object_access.py`` adds the strangers who own nothing and ids
crossed between records.
"""

import re
import uuid

import pytest
from django.urls import reverse

from tests.permission_vocabulary import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    WHO,
)
from tests.test_permission_matrix import CASES, all_urls, ask, sign_in_as

MISSING_PK = 999_999_999
MISSING_UUID = uuid.UUID("00000000-0000-4000-8000-00000000dead")
# Parameters that are not the id of a record.
NOT_IDS = {
    ("members:dues_remind_all", "year"): "a fiscal year, not a record",
    ("members:organization_field", "field"): "the name of a field",
}


ROUTES = {name: route for route, name in all_urls() if name}
OWN = ("members", "secretariat", "support", "network", "business")


def id_parameters(name):
    """{parameter: its converter} for the URL's parameters that are records' ids."""
    return {
        parameter: converter
        for converter, parameter in re.findall(r"<(int|uuid):(\w+)>", ROUTES[name])
        if (name, parameter) not in NOT_IDS
    }


def takes_an_id(name):
    return bool(id_parameters(name))


ID_CASES = [case for case in CASES if case.kwargs and takes_an_id(case.name)]


def test_no_url_with_an_id_answers_forbidden():
    """The matrix gives no role a 403 on a URL with an id: out of reach is 404."""
    forbidden = [
        f"{case.id} {method.upper()} as {who}"
        for case in ID_CASES
        for method in ("get", "post")
        for who in WHO
        if getattr(case, method)[who] == FORBIDDEN
    ]
    assert not forbidden, "403 on a URL with an id:\n  " + "\n  ".join(forbidden)


def test_every_url_with_an_id_has_a_case():
    with_ids = {
        name for name in ROUTES if name.split(":")[0] in OWN and takes_an_id(name)
    }
    assert with_ids
    assert with_ids <= {case.name for case in ID_CASES}


@pytest.mark.parametrize("case", ID_CASES, ids=[case.id for case in ID_CASES])
def test_a_guessed_id_answers_as_a_record_out_of_reach(client, demo, case):
    wrong = []
    for who in WHO:
        sign_in_as(client, demo, who)
        guessed = {
            **case.kwargs(demo, who),
            **{
                parameter: MISSING_UUID if converter == "uuid" else MISSING_PK
                for parameter, converter in id_parameters(case.name).items()
            },
        }
        path = reverse(case.name, kwargs=guessed)
        for method in ("get", "post"):
            real = getattr(case, method)[who]
            response = getattr(client, method)(path, data={})
            if real == LOGIN:
                right = response.status_code == 302 and response["Location"].startswith(
                    reverse("account_login") + "?"
                )
            elif real == NOT_ALLOWED:
                # The method is refused before or after the lookup: 405 either way
                # for the real record, 404 or 405 for a guessed one.
                right = response.status_code in (404, 405)
            else:
                right = response.status_code == 404
            if not right:
                wrong.append(
                    f"{method.upper()} as {who}: {response.status_code} for a guessed "
                    f"id (on the real record: {real})"
                )
    assert not wrong, f"{case.id}:\n  " + "\n  ".join(wrong)


def test_a_record_out_of_reach_is_refused_as_missing(client, demo):
    """The guard's premise, on one URL: the matrix's NOT_FOUND and a guessed id agree."""
    case = next(case for case in ID_CASES if case.name == "support:application_detail")
    roles = [who for who in WHO if case.get[who] == NOT_FOUND]
    assert roles
    for who in roles[:2]:
        sign_in_as(client, demo, who)
        assert ask(client, demo, case, "get", who) is None
