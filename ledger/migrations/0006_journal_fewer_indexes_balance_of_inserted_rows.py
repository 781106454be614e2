"""Posting a sale line fills fewer indexes and checks its balance over the new rows only.

- The journal's idempotency key and a split's reference are unique by constraints: unique=True also
  made a varchar_pattern_ops (LIKE) index on each, which no query uses.
- A split's artisan is not indexed: nothing reads splits by artisan (statements read her payable).
- The balance trigger (migration 0002) sums the statement's inserted rows, not every entry of the
  transactions they touch: every earlier statement left each transaction balanced (the trigger has
  been there since the first entry), so the inserted rows must balance on their own. The same
  refusals, without an index lookup of each transaction's entries.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BALANCE = """
CREATE OR REPLACE FUNCTION ledger_entries_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced bigint;
  total numeric;
BEGIN
  SELECT i.transaction_id, SUM(i.amount_fen) INTO unbalanced, total
    FROM {rows}
   GROUP BY i.transaction_id
  HAVING SUM(i.amount_fen) <> 0
   LIMIT 1;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: journal transaction % does not balance (%)', unbalanced, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
"""
INSERTED_ROWS = "inserted i"
WHOLE_TRANSACTIONS = (
    "ledger_journalentry i WHERE i.transaction_id IN (SELECT DISTINCT transaction_id FROM inserted)"
)


def balance_of_inserted_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALANCE.format(rows=INSERTED_ROWS), None)


def balance_of_whole_transactions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALANCE.format(rows=WHOLE_TRANSACTIONS), None)


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0003_portal_login"),
        ("catalog", "0004_variant_price_initial"),
        ("inventory", "0006_movement_foreign_keys"),
        ("ledger", "0005_held_sale_splits_and_releases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(balance_of_inserted_rows, balance_of_whole_transactions),
        migrations.AlterField(
            model_name="journaltransaction",
            name="idempotency_key",
            field=models.CharField(max_length=160, verbose_name="幂等键"),
        ),
        migrations.AlterField(
            model_name="salesplit",
            name="artisan",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sale_splits",
                to="artisans.artisan",
                verbose_name="手工艺人",
            ),
        ),
        migrations.AlterField(
            model_name="salesplit",
            name="reference",
            field=models.CharField(max_length=120, verbose_name="销售明细编号"),
        ),
        migrations.AddConstraint(
            model_name="journaltransaction",
            constraint=models.UniqueConstraint(
                fields=("idempotency_key",), name="journaltransaction_key_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="salesplit",
            constraint=models.UniqueConstraint(fields=("reference",), name="salesplit_reference_unique"),
        ),
    ]
