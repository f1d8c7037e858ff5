"""The nightly trial balance: an email to the secretary-general on any difference,
once a day; nothing while the books balance."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from network import tasks
from network.fund import services_money as services
from network.fund.models import LedgerLine, LedgerTransaction
from tests.network import fund_helpers
from wco_sse.core.models import OutboundEmail


def _unbalance():
    """A line added straight to a booked transaction, as a difference that got past
    the books' rules would be (a hand-edited restore, say). SQLite has no trigger to
    stop it; on PostgreSQL the triggers are set aside for this one insert (the
    session's replication role, which the test database's superuser may set)."""
    entry = fund_helpers.book_contribution(fund_helpers.source(), 1000)
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            # The booking's own checks run now (they pass), before the line goes in.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SET session_replication_role = replica")
    try:
        LedgerLine.objects.create(
            transaction=entry, account=entry.lines.first().account, amount=7
        )
    finally:
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    return entry


@pytest.mark.django_db
def test_nothing_is_sent_while_the_books_balance(demo):
    fund_helpers.book_contribution(fund_helpers.source(), 1000)
    assert tasks.fund_trial_balance() == {"balanced": True, "sent": 0}
    assert not OutboundEmail.objects.filter(
        template="fund_money_trial_balance"
    ).exists()


@pytest.mark.django_db
def test_a_difference_emails_the_secretary_general_once_a_day(demo):
    entry = _unbalance()
    assert tasks.fund_trial_balance() == {"balanced": False, "sent": 1}
    sent = OutboundEmail.objects.get(template="fund_money_trial_balance")
    assert sent.to == demo["secgen"].person.contact_email
    assert f"#{entry.pk}" in sent.body_text
    assert "7" in sent.body_text
    # Run again the same day: no second email.
    assert tasks.fund_trial_balance()["sent"] == 0
    # The next day, another.
    result = services.trial_balance_check(
        day=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert result["sent"] == 1
    assert LedgerTransaction.objects.count() == 1


@pytest.mark.django_db
def test_the_ledger_page_shows_the_difference(client, demo):
    entry = _unbalance()
    client.force_login(demo["board"])
    from django.urls import reverse

    page = client.get(reverse("network:fund_ledger")).content.decode()
    assert "alert-danger" in page
    assert reverse("network:fund_ledger_entry", args=[entry.pk]) in page


def test_the_task_is_scheduled_nightly():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["network-fund-trial-balance"]
    assert entry["task"] == "network.tasks.fund_trial_balance"
    assert entry["schedule"].hour == {2}
    assert entry["schedule"].minute == {0}
