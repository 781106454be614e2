"""The POS sales' shift is a foreign key again, checked by the database on every row; the statement
triggers that checked it instead (0004, where it made them) go, and with the last of them (after
inventory 0006 and orders 0012) the two functions they ran.
"""

import django.db.models.deletion
from django.db import migrations, models


def drop_statement_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("carts_possale",):
        for when in ("inserted", "updated"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_references_{when} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reference_check_inserted()")
    schema_editor.execute("DROP FUNCTION IF EXISTS reference_check_updated()")


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0012_order_foreign_keys"),
        ("inventory", "0006_movement_foreign_keys"),
        ("carts", "0006_pos_rejected_sales"),
    ]

    operations = [
        # Nothing to put back going backwards: the code that made the triggers is gone.
        migrations.RunPython(drop_statement_triggers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="possale",
            name="shift",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sales",
                to="carts.shift",
                verbose_name="班次",
            ),
        ),
    ]
