"""The movements' variant, location and actor are foreign keys again, checked by the database on every
row; the statement triggers that checked them instead (migration 0005, where it made them) go.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_statement_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("inventory_movement",):
        for when in ("inserted", "updated"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_references_{when} ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_variant_price_initial"),
        ("inventory", "0005_references_checked_per_statement"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Nothing to put back going backwards: the code that made the triggers is gone.
        migrations.RunPython(drop_statement_triggers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="movement",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="movement",
            name="location",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="movements",
                to="inventory.location",
                verbose_name="库位",
            ),
        ),
        migrations.AlterField(
            model_name="movement",
            name="variant",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="movements",
                to="catalog.variant",
                verbose_name="SKU",
            ),
        ),
    ]
