"""The fund's permission matrix rows: money (issue 14).

Sources are the secretariat's (the books' dimensions). Contributions are recorded by
the secretariat and read, with the rest of the books, by the secretariat, the
directors and the 監事; everyone else gets 403 on a list and 404 on a record. Only the
secretary-general reverses a transaction.
"""

from django.utils import timezone

from tests.network import fund_helpers
from tests.permission_vocabulary import (
    BOARD,
    FORM_ERRORS,
    NOT_ALLOWED,
    SECGEN,
    SECRETARIAT,
    Case,
    allow,
    reach,
)

READERS = SECRETARIAT | BOARD


def a_source(demo, who):
    return {"pk": fund_helpers.source().pk}


def a_contribution(demo, who):
    from network.fund import services_money

    made = services_money.contribution_record(
        actor=demo["staff"],
        data={
            "source": fund_helpers.source(),
            "donor_name": "山田 太郎",
            "amount": 10_000,
            "received_on": timezone.localdate(),
            "method": "transfer",
        },
    )
    return {"pk": made.pk}


def an_entry(demo, who):
    """A fresh transaction each request, so a reversal acts on one not reversed yet."""
    return {"pk": fund_helpers.book_contribution(fund_helpers.source(), 5_000).pk}


CASES = (
    Case(
        "network:fund_sources",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "network:fund_source_create",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "network:fund_source_edit",
        kwargs=a_source,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "network:fund_contributions",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_contribution_create",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "network:fund_contribution_import",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "network:fund_contribution",
        kwargs=a_contribution,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_contribution_receipt",
        kwargs=a_contribution,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_ledger",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_journal",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_journal_export",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_ledger_entry",
        kwargs=an_entry,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_ledger_reverse",
        kwargs=an_entry,
        get=reach(SECGEN),
        post=reach(SECGEN, FORM_ERRORS),
    ),
    Case(
        "network:fund_statement",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
)
