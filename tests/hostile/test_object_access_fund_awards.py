"""ID guessing on the fund's awards: an award, its payments and change requests
answer a stranger as an id that does not exist (404), for GET and POST, and nothing
changes. Built on ``test_object_access``'s machinery; ``AWARD_URLS`` lists the URLs
this file decides (``test_object_access`` counts them as classified once its lists
include them)."""

import pytest

from tests.hostile.test_object_access import (
    STRANGER,
    Owned,
    _answer,
    _footprint,
    _stranger,
    expected_answers,
    pk,
    urls_with_ids,
)
from tests.network import fund_cases_awards as cases

AWARD_PAGES = (
    "network:fund_award",
    "network:fund_award_amount",
    "network:fund_award_edit",
    "network:fund_award_notice",
    "network:fund_payment_prepare",
    "network:fund_change_create",
    "network:fund_report",
    "network:fund_report_accept",
    "network:fund_refund",
    "network:fund_award_settle",
)


def other_wcos_award(demo):
    return {"id": cases.other_award(demo, STRANGER)["pk"]}


def home_payment(demo):
    return {"id": cases.prepared_payment(demo, STRANGER)["pk"]}


def home_change(demo):
    return {"id": cases.small_change(demo, STRANGER)["pk"]}


OWNED = (
    # Another W.Co's award: its representative's business, not ours.
    Owned(
        "award of another W.Co",
        other_wcos_award,
        dict.fromkeys(AWARD_PAGES, pk),
        ("rep", "member", "fund", "support", STRANGER),
    ),
    Owned(
        "payment of an award",
        home_payment,
        {"network:fund_payment_confirm": pk, "network:fund_payment_cancel": pk},
        ("rep", "board", "network", "fund", STRANGER),
    ),
    Owned(
        "change request (secretariat's)",
        home_change,
        {"network:fund_change_decide": pk},
        ("rep", "board", "fund", STRANGER),
    ),
)
OWNER_SIDE = {
    "award of another W.Co": "staff",
    "payment of an award": "secgen",
    "change request (secretariat's)": "staff",
}
AWARD_URLS = frozenset(name for owned in OWNED for name in owned.urls)


def test_the_award_urls_are_all_here():
    fund_award_urls = {
        name
        for name in urls_with_ids()
        if name.startswith(("network:fund_award", "network:fund_payment"))
        or name
        in (
            "network:fund_change_create",
            "network:fund_change_decide",
            "network:fund_report",
            "network:fund_report_accept",
            "network:fund_refund",
        )
    }
    assert fund_award_urls == AWARD_URLS


@pytest.mark.parametrize("owned", OWNED, ids=str)
def test_a_stranger_finds_no_award_by_its_id(client, demo, owned):
    made = owned.make(demo)
    for name, kwargs_of in owned.urls.items():
        client.force_login(demo[OWNER_SIDE[owned.record]])
        answer = _answer(client, "get", name, kwargs_of(made, made["id"]))
        assert answer != 404, f"{name}: the record is not there"
    users = {**demo, STRANGER: _stranger()}
    wrong = []
    for who in owned.strangers:
        client.cookies.clear()
        client.force_login(users[who])
        for name, kwargs_of in owned.urls.items():
            real = kwargs_of(made, made["id"])
            missing = kwargs_of(made, owned.missing)
            for method in ("get", "post"):
                before = _footprint()
                answer = _answer(client, method, name, real)
                changed = _footprint() != before
                expected = expected_answers(name, real, method, who)
                guessed = _answer(client, method, name, missing)
                if answer not in expected or guessed != answer or changed:
                    wrong.append(f"{method.upper()} {name} as {who}: {answer}")
    assert not wrong, f"{owned}:\n  " + "\n  ".join(wrong)
