"""The orders' location and operator and the lines' variant and artisan are foreign keys again, checked by
the database on every row; the statement triggers that checked them instead (0008, where it made them) go.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_statement_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("orders_order", "orders_orderline"):
        for when in ("inserted", "updated"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_references_{when} ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0003_portal_login"),
        ("catalog", "0004_variant_price_initial"),
        ("inventory", "0006_movement_foreign_keys"),
        ("orders", "0011_ledger_outbox_drain_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Nothing to put back going backwards: the code that made the triggers is gone.
        migrations.RunPython(drop_statement_triggers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="order",
            name="location",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="orders",
                to="inventory.location",
                verbose_name="出库库位",
            ),
        ),
        migrations.AlterField(
            model_name="order",
            name="operator",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="提成归属",
            ),
        ),
        migrations.AlterField(
            model_name="orderline",
            name="artisan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="order_lines",
                to="artisans.artisan",
                verbose_name="手工艺人",
            ),
        ),
        migrations.AlterField(
            model_name="orderline",
            name="variant",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="order_lines",
                to="catalog.variant",
                verbose_name="规格/SKU",
            ),
        ),
    ]
