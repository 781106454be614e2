"""The foreign keys of the rows a cart's batch of sales writes (movements, orders, order lines, POS
sales) are checked at the end of each statement (DEFERRABLE INITIALLY IMMEDIATE) instead of at the
commit, where Django makes every foreign key DEFERRABLE INITIALLY DEFERRED on PostgreSQL. The same
checks, done earlier: the batch updates the cart's stock levels last, and the other tablet of the cart
waits on those row locks until the commit, which had been checking thousands of keys (30 ms of a
batch's commit, 9 ms now). A POS sale's order stays deferred: a batch claims its sales before it
writes their orders.

Django has no option for a foreign key's deferral, so this is SQL (PostgreSQL only; SQLite's are
checked at once). A later AlterField of one of these fields makes its key deferred again:
tests/test_foreign_keys.py says so when it happens.
"""

from django.db import migrations

TABLES = ("inventory_movement", "orders_order", "orders_orderline", "carts_possale")
STAYS_DEFERRED = ("carts_possale", "order_id")


def keys_set(schema_editor, mode: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT con.conrelid::regclass::text, con.conname, att.attname FROM pg_constraint con "
            "JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
            "WHERE con.contype = 'f' AND con.conrelid::regclass::text = ANY(%s)",
            [list(TABLES)],
        )
        keys = cursor.fetchall()
    for table, name, column in keys:
        if (table, column) != STAYS_DEFERRED:
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
