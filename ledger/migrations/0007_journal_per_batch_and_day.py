"""The journal posted per batch and day (docs/ledger.md): a sale transaction holds many lines.

- A split's transaction is a plain foreign key (no longer one-to-one): the lines of one day of a
  posting batch share their transaction. Not indexed: a line is found by its reference.
- Her payable's entry in a sale transaction names its split (new, nullable, not indexed).

Schema only, nothing rewritten: the sales posted before stay as they are, one transaction a line with
no split named on its entries (its transaction's reference is the split's, which the statement reads).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_journal_fewer_indexes_balance_of_inserted_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="journalentry",
            name="sale_split",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payable_entries",
                to="ledger.salesplit",
                verbose_name="销售分账",
            ),
        ),
        migrations.AlterField(
            model_name="salesplit",
            name="transaction",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sale_splits",
                to="ledger.journaltransaction",
                verbose_name="记账凭证",
            ),
        ),
    ]
