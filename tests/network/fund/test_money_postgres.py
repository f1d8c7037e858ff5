"""The books on PostgreSQL: the database itself keeps them balanced and append-only,
receipt numbers never collide, and a backup restores them to the yen."""

import io
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from network.fund import ledger
from network.fund import services_money as services
from network.fund.models import Contribution, LedgerLine, LedgerTransaction, Rubric
from tests.network import fund_helpers
from tests.secretariat.test_concurrency import race
from wco_sse.core import backup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _entry_with_one_line(amount=100):
    entry = LedgerTransaction.objects.create(
        kind=LedgerTransaction.Kind.CONTRIBUTION,
        occurred_on=timezone.localdate(),
        memo="不均衡",
    )
    LedgerLine.objects.create(
        transaction=entry, account=ledger.cash_account(), amount=amount
    )
    return entry


def test_an_unbalanced_transaction_fails_at_commit_not_before(demo):
    reached_commit = False
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        _entry_with_one_line()
        # The check is deferred: the lone line was inserted without complaint.
        reached_commit = True
    assert reached_commit
    assert not LedgerTransaction.objects.filter(memo="不均衡").exists()
    assert not LedgerLine.objects.exists()


def test_a_line_is_never_updated_nor_deleted(demo):
    entry = fund_helpers.book_contribution(fund_helpers.source(), 1000)
    line = entry.lines.first()
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic():
        LedgerLine.objects.filter(pk=line.pk).update(amount=999)
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM network_ledgerline WHERE id = %s", [line.pk])
    with refused, transaction.atomic():
        LedgerTransaction.objects.filter(pk=entry.pk).update(memo="書換")
    line.refresh_from_db()
    assert line.amount in (1000, -1000)
    assert ledger.trial_balance()["total"] == 0


@pytest.mark.parametrize("repeat", range(3))
def test_two_contributions_at_once_get_distinct_receipt_numbers(demo, repeat):
    money = fund_helpers.source()
    ledger.cash_account()
    day = timezone.localdate()
    outcomes = race(
        [
            lambda who=who, amount=amount: services.contribution_record(
                actor=demo[who],
                data={
                    "source": money,
                    "donor_name": f"寄付者{amount}",
                    "amount": amount,
                    "received_on": day,
                    "method": "transfer",
                },
            )
            for who, amount in (("staff", 1000), ("secgen", 2000))
        ]
    )
    assert outcomes == ["ok", "ok"]
    numbers = set(Contribution.objects.values_list("receipt_number", flat=True))
    assert len(numbers) == Contribution.objects.count() == 2
    assert ledger.cash_balance() == 3000
    assert ledger.trial_balance()["total"] == 0


def _database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db.get('USER') or ''}{password}@{host}{port}/{name}"


BALANCES_SQL = (
    "SELECT a.code, COALESCE(SUM(l.amount), 0) FROM network_ledgeraccount a "
    "LEFT JOIN network_ledgerline l ON l.account_id = a.id GROUP BY a.code ORDER BY a.code"
)
TRIAL_SQL = (
    "SELECT COALESCE(SUM(amount), 0), COUNT(*), "
    "(SELECT COUNT(*) FROM (SELECT transaction_id FROM network_ledgerline "
    "GROUP BY transaction_id HAVING SUM(amount) <> 0) AS off) FROM network_ledgerline"
)


def _books(cursor):
    cursor.execute(BALANCES_SQL)
    balances = [tuple(row) for row in cursor.fetchall()]
    cursor.execute(TRIAL_SQL)
    return balances, tuple(cursor.fetchone())


@pytest.fixture
def fresh_database():
    name = f"wco_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_after_backup_and_restore_the_books_are_unchanged(
    demo, tmp_path, fresh_database
):
    # A transactional test empties the tables the seed migration filled.
    rubric = Rubric.objects.get_or_create(name="標準審査基準", version=1)[0]
    fund_round = fund_helpers.funded_round(budget=500_000, rubric=rubric)
    made = services.contribution_record(
        actor=demo["staff"],
        data={
            "source": fund_helpers.source(),
            "anonymous": True,
            "amount": "１２，３４５",
            "received_on": timezone.localdate(),
            "method": "cash",
        },
    )
    services.entry_reverse(
        actor=demo["secgen"],
        entry=LedgerTransaction.objects.get(contribution=made),
        reason="誤記",
    )
    assert ledger.round_budget(fund_round) == 500_000
    with connection.cursor() as cursor:
        before = _books(cursor)
    assert before[1][0] == 0 and before[1][2] == 0
    assert dict(before[0])[ledger.CASH_CODE] == 500_000

    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (made_backup,) = (tmp_path / "backups").iterdir()
    call_command(
        "restore",
        made_backup,
        database_url=_database_url(fresh_database),
        files_dir=tmp_path / "restored-files",
        stdout=io.StringIO(),
    )
    target = backup.Database.from_url(_database_url(fresh_database))
    with target.connect() as conn, conn.cursor() as cursor:
        after = _books(cursor)
        # The restored books are still append-only: their triggers came along.
        with pytest.raises(Exception, match="append-only"):
            cursor.execute("UPDATE network_ledgerline SET amount = amount + 1")
    assert after == before
