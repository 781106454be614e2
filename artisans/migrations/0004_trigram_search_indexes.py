"""pg_trgm for the storefront's search (docs/search.md): the extension (skipped on SQLite, where the
indexes below are plain ones) and trigram indexes on the makers' names."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('artisans', '0003_portal_login'),
        ('media', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name='artisan',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_zh'], name='artisan_name_zh_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='artisan',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_latin'], name='artisan_name_latin_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]
