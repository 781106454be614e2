"""Every variant that existed before the price history gets its first row: its price since it was made."""

from django.db import migrations


def first_prices(apps, schema_editor):
    Variant = apps.get_model("catalog", "Variant")
    VariantPrice = apps.get_model("catalog", "VariantPrice")
    have = set(VariantPrice.objects.values_list("variant_id", flat=True))
    VariantPrice.objects.bulk_create(
        [
            VariantPrice(variant_id=pk, price_fen=price_fen, valid_from=created_at)
            for pk, price_fen, created_at in Variant.objects.values_list("pk", "price_fen", "created_at")
            if pk not in have
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_variant_price"),
    ]

    operations = [
        migrations.RunPython(first_prices, migrations.RunPython.noop),
    ]
