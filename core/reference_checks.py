"""References checked once per statement instead of once per row (PostgreSQL), for the tables a cart's
batch of sales writes hundreds of rows into.

A foreign key checks each new row on its own at the commit: a query per row and per key that also
takes a KEY SHARE lock on the row it names. A batch of 200 sales names the same cart location, the
same operator, the same shift and a few dozen variants ~2,350 times, and two tablets of one cart lock
those same rows, so PostgreSQL turns the locks into multixacts: together about a third of the
database's work for a batch. Those keys (declared with db_constraint=False) are checked here instead:

- after each INSERT statement, one query per key over the statement's new rows (a transition table),
  refusing the statement when any of them names a row that does not exist;
- before an UPDATE that changes such a key, the new value, row by row (the app never does it).

As with a foreign key, the error is a foreign_key_violation, which Django raises as IntegrityError.
What the check does not do is lock the row named: deleting it is refused by Django (on_delete=PROTECT)
instead of the database, and nothing in the programme deletes a location, variant, artisan, user or
shift once sales name them. SQLite (the embedded demo) keeps no check of its own; it runs one writer.
"""

FUNCTIONS = """
CREATE FUNCTION reference_check_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i integer := 0;
  missing text;
BEGIN
  -- TG_ARGV: pairs of (column, referenced table); the referenced key is its "id".
  WHILE i < TG_NARGS LOOP
    EXECUTE format(
      'SELECT n.%1$I::text FROM inserted n WHERE n.%1$I IS NOT NULL '
      'AND NOT EXISTS (SELECT 1 FROM %2$I r WHERE r.id = n.%1$I) LIMIT 1',
      TG_ARGV[i], TG_ARGV[i + 1]) INTO missing;
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION 'insert on table "%" violates the reference of "%": % is not in "%"',
        TG_TABLE_NAME, TG_ARGV[i], missing, TG_ARGV[i + 1]
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    i := i + 2;
  END LOOP;
  RETURN NULL;
END $$;

CREATE FUNCTION reference_check_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i integer := 0;
  value text;
  found boolean;
BEGIN
  WHILE i < TG_NARGS LOOP
    value := to_jsonb(NEW) ->> TG_ARGV[i];
    IF value IS NOT NULL AND value IS DISTINCT FROM to_jsonb(OLD) ->> TG_ARGV[i] THEN
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1::bigint)', TG_ARGV[i + 1])
        INTO found USING value;
      IF NOT found THEN
        RAISE EXCEPTION 'update on table "%" violates the reference of "%": % is not in "%"',
          TG_TABLE_NAME, TG_ARGV[i], value, TG_ARGV[i + 1]
          USING ERRCODE = 'foreign_key_violation';
      END IF;
    END IF;
    i := i + 2;
  END LOOP;
  RETURN NEW;
END $$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS reference_check_inserted();
DROP FUNCTION IF EXISTS reference_check_updated();
"""


def _arguments(references: dict[str, str]) -> str:
    return ", ".join(f"'{part}'" for pair in references.items() for part in pair)


def create_reference_checks(schema_editor, table: str, references: dict[str, str]) -> None:
    """The two triggers on `table` for {column: referenced table} (PostgreSQL; a no-op elsewhere)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    arguments = _arguments(references)
    columns = ", ".join(references)
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in references)
    schema_editor.execute(
        f"CREATE TRIGGER {table}_references_inserted AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT "
        f"EXECUTE FUNCTION reference_check_inserted({arguments})"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {table}_references_updated BEFORE UPDATE OF {columns} ON {table} "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION reference_check_updated({arguments})"
    )


def drop_reference_checks(schema_editor, table: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_references_inserted ON {table}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_references_updated ON {table}")


def reference_checks_migration(tables: dict[str, dict[str, str]], *, define_functions: bool = False):
    """A migration operation creating (and, backwards, dropping) the checks of these tables,
    {table: {column: referenced table}}; the first migration to use them defines the functions."""
    from django.db import migrations

    def forward(apps, schema_editor):
        if define_functions and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTIONS, None)
        for table, references in tables.items():
            create_reference_checks(schema_editor, table, references)

    def backward(apps, schema_editor):
        for table in tables:
            drop_reference_checks(schema_editor, table)
        if define_functions and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(DROP_FUNCTIONS, None)

    return migrations.RunPython(forward, backward)
