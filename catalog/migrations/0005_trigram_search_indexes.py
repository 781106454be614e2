"""Trigram indexes on product names and SKUs for the storefront's search (the extension is made by
artisans 0004)."""

import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('artisans', '0004_trigram_search_indexes'),
        ('catalog', '0004_variant_price_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='product',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_zh'], name='product_name_zh_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='product',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_en'], name='product_name_en_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='variant',
            index=django.contrib.postgres.indexes.GinIndex(fields=['sku'], name='variant_sku_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]
