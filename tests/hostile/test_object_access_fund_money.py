"""Object access of the fund's money pages (issue 14).

Sources, contributions and ledger transactions are the organization's own books, not
anyone's record: each page is decided by role in the permission matrix
(``tests/network/fund_cases_money.py``), and whoever may not use it gets 404 for a
real id exactly as for a missing one. ``NOT_OWNED`` below is this part's addition to
``tests/hostile/test_object_access.NOT_OWNED`` (to be merged there)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from network.fund import urls_money
from tests.network import fund_helpers

NOT_OWNED = {
    "network:fund_source_edit": "a source of the fund: the secretariat's (404 to others)",
    "network:fund_contribution": "a contribution: read with the books (404 to others)",
    "network:fund_contribution_receipt": "a contribution: read with the books (404 to others)",
    "network:fund_ledger_entry": "a ledger transaction: read with the books (404 to others)",
    "network:fund_ledger_reverse": "a ledger transaction: the secretary-general's (404 to others)",
}
MISSING_PK = 999_999


def test_every_money_url_with_an_id_is_classified():
    with_ids = {
        f"network:{pattern.name}"
        for pattern in urls_money.urlpatterns
        if "<" in str(pattern.pattern)
    }
    assert with_ids == set(NOT_OWNED)


def _ids(demo):
    from network.fund import services_money

    made = services_money.contribution_record(
        actor=demo["staff"],
        data={
            "source": fund_helpers.source(),
            "anonymous": True,
            "amount": 1000,
            "received_on": timezone.localdate(),
            "method": "cash",
        },
    )
    entry = made.transactions.get()
    return {
        "network:fund_source_edit": made.source_id,
        "network:fund_contribution": made.pk,
        "network:fund_contribution_receipt": made.pk,
        "network:fund_ledger_entry": entry.pk,
        "network:fund_ledger_reverse": entry.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["rep", "member", "fund", "network", "council"])
def test_a_stranger_finds_no_record_of_the_books_by_its_id(client, demo, who):
    ids = _ids(demo)
    client.force_login(demo[who])
    for name, pk in ids.items():
        for method in ("get", "post"):
            real = getattr(client, method)(reverse(name, kwargs={"pk": pk}))
            missing = getattr(client, method)(reverse(name, kwargs={"pk": MISSING_PK}))
            assert real.status_code == missing.status_code == 404, (name, method)
