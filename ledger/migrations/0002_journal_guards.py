"""PostgreSQL guards of the journal (SQLite, the embedded first-run default, relies on the Python ones).

- Append-only: UPDATE and DELETE of journal transactions, entries and splits raise.
- Balanced: after every INSERT into the entries, each journal transaction it touched must sum to zero.
  The check is per statement, with the inserted rows as a transition table: one query per batch,
  where a deferred row trigger would run once for each of millions of entries at commit. It is
  stricter than a check at commit: journal_write inserts all the entries of a batch in one statement,
  so no transaction is ever seen unbalanced, even inside the database transaction that wrote it.
"""

from django.db import migrations

TABLES = ("ledger_journaltransaction", "ledger_journalentry", "ledger_salesplit", "ledger_refundsplit")

FORWARD = """
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % rows are append-only (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE FUNCTION ledger_entries_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced bigint;
  total numeric;
BEGIN
  SELECT e.transaction_id, SUM(e.amount_fen) INTO unbalanced, total
    FROM ledger_journalentry e
   WHERE e.transaction_id IN (SELECT DISTINCT transaction_id FROM inserted)
   GROUP BY e.transaction_id
  HAVING SUM(e.amount_fen) <> 0
   LIMIT 1;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'ledger: journal transaction % does not balance (%)', unbalanced, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_entries_balance AFTER INSERT ON ledger_journalentry
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_balance();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ledger_entries_balance ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_entries_balance();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD, None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute(BACKWARD + "DROP FUNCTION IF EXISTS ledger_refuse_change();", None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
