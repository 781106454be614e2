"""The keys a cart's batch of sales writes most (movements, orders, lines, POS sales) are checked at the
end of each statement (DEFERRABLE INITIALLY IMMEDIATE) instead of at the commit, where Django makes
every foreign key DEFERRABLE INITIALLY DEFERRED on PostgreSQL. The same checks, done earlier: the batch
updates the cart's stock levels last, so the commit, while those row locks are held, no longer checks
thousands of keys with the other tablet of the cart waiting on them. A POS sale's order stays deferred:
the batch claims its sales before it writes their orders.

Django has no option for a foreign key's deferral, so this is SQL (PostgreSQL only; SQLite's are
immediate). A later AlterField of one of these fields makes its key deferred again:
tests/test_foreign_keys.py says so when it happens.
"""

from django.db import migrations

KEYS = (
    ("inventory_movement", "variant_id"),
    ("inventory_movement", "location_id"),
    ("inventory_movement", "actor_id"),
    ("orders_order", "location_id"),
    ("orders_order", "operator_id"),
    ("orders_orderline", "order_id"),
    ("orders_orderline", "variant_id"),
    ("orders_orderline", "artisan_id"),
    ("carts_possale", "shift_id"),
)


def keys_set(schema_editor, mode: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, column in KEYS:
            cursor.execute(
                "SELECT con.conname FROM pg_constraint con JOIN pg_attribute att "
                "ON att.attrelid = con.conrelid AND att.attnum = ANY(con.conkey) "
                "WHERE con.contype = 'f' AND con.conrelid = %s::regclass AND att.attname = %s",
                [table, column],
            )
            for (name,) in cursor.fetchall():
                schema_editor.execute(
                    f"ALTER TABLE {schema_editor.quote_name(table)} "
                    f"ALTER CONSTRAINT {schema_editor.quote_name(name)} {mode}"
                )


def immediate(apps, schema_editor):
    keys_set(schema_editor, "DEFERRABLE INITIALLY IMMEDIATE")


def deferred(apps, schema_editor):
    keys_set(schema_editor, "DEFERRABLE INITIALLY DEFERRED")


class Migration(migrations.Migration):
    dependencies = [("carts", "0007_possale_foreign_keys")]

    operations = [migrations.RunPython(immediate, deferred)]
