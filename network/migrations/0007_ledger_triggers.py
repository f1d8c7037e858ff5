"""The fund's books kept by PostgreSQL itself: a transaction's lines sum to zero at
commit (a deferred constraint trigger), a transaction has lines, and nothing of the
books is updated or deleted. SQLite (development) relies on ``network.fund.ledger``."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION network_ledger_balanced() RETURNS trigger AS $$
DECLARE
    total bigint;
    counted integer;
BEGIN
    SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, counted
      FROM network_ledgerline WHERE transaction_id = NEW.{column};
    IF counted < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance (% lines, sum %)',
            NEW.{column}, counted, total USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

SQL = (
    FORWARD.format(column="transaction_id"),
    FORWARD.replace("network_ledger_balanced", "network_ledger_has_lines").format(
        column="id"
    ),
    """
CREATE CONSTRAINT TRIGGER network_ledgerline_balanced
    AFTER INSERT ON network_ledgerline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION network_ledger_balanced();
""",
    """
CREATE CONSTRAINT TRIGGER network_ledgertransaction_has_lines
    AFTER INSERT ON network_ledgertransaction
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION network_ledger_has_lines();
""",
    """
CREATE FUNCTION network_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the fund ledger is append-only: % of % refused',
        TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END
$$ LANGUAGE plpgsql;
""",
    """
CREATE TRIGGER network_ledgerline_append_only
    BEFORE UPDATE OR DELETE ON network_ledgerline
    FOR EACH ROW EXECUTE FUNCTION network_ledger_append_only();
""",
    """
CREATE TRIGGER network_ledgertransaction_append_only
    BEFORE UPDATE OR DELETE ON network_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION network_ledger_append_only();
""",
)

REVERSE = (
    "DROP TRIGGER IF EXISTS network_ledgertransaction_append_only ON network_ledgertransaction;",
    "DROP TRIGGER IF EXISTS network_ledgerline_append_only ON network_ledgerline;",
    "DROP FUNCTION IF EXISTS network_ledger_append_only();",
    "DROP TRIGGER IF EXISTS network_ledgertransaction_has_lines ON network_ledgertransaction;",
    "DROP TRIGGER IF EXISTS network_ledgerline_balanced ON network_ledgerline;",
    "DROP FUNCTION IF EXISTS network_ledger_has_lines();",
    "DROP FUNCTION IF EXISTS network_ledger_balanced();",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # Straight to the cursor: the functions' RAISE messages use % placeholders.
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


RUBRIC = (
    ("先駆性", "これまでにない取り組みや、地域に新しい働き方・仕組みを生み出す工夫があるか。"),
    ("必要度", "地域や当事者の課題に照らして、取り組みの必要性が高いか。"),
    ("緊急性", "いま取り組むべき理由があり、助成の時期が適切か。"),
    ("実現性", "計画・体制・予算が具体的で、期間内に実施できる見通しがあるか。"),
    ("発展性", "助成期間の後も継続・発展し、他の地域やW.Coに広がる可能性があるか。"),
)  # fmt: skip


def seed_rubric(apps, schema_editor):
    Rubric = apps.get_model("network", "Rubric")
    Criterion = apps.get_model("network", "RubricCriterion")
    rubric, created = Rubric.objects.get_or_create(name="標準審査基準", version=1)
    if created:
        for order, (name, description) in enumerate(RUBRIC, start=1):
            Criterion.objects.create(
                rubric=rubric,
                order=order,
                name=name,
                description=description,
                max_score=5,
            )


class Migration(migrations.Migration):
    dependencies = [("network", "0006_fund")]

    operations = [
        migrations.RunPython(_run(SQL), _run(REVERSE)),
        migrations.RunPython(seed_rubric, migrations.RunPython.noop),
    ]
