"""Every whole-sale refund recorded before refunds had lines gets its lines: the order refund it
made (order_refund_whole wrote one OrderRefund with a line per order line) is linked, and its lines
copied. Historical models only: this must not change with the live services."""

from django.db import migrations


def whole_refunds_into_lines(apps, schema_editor):
    PosRefund = apps.get_model("carts", "PosRefund")
    PosRefundLine = apps.get_model("carts", "PosRefundLine")
    OrderRefund = apps.get_model("orders", "OrderRefund")
    OrderLine = apps.get_model("orders", "OrderLine")
    lines = []
    for refund in PosRefund.objects.filter(lines__isnull=True).select_related("sale").iterator():
        order_refund = (
            OrderRefund.objects.filter(order_id=refund.sale.order_id, pos_refund__isnull=True).order_by("pk").first()
        )
        if order_refund is not None:
            refund.order_refund = order_refund
            refund.save(update_fields=["order_refund"])
            for line in order_refund.lines.select_related("order_line").order_by("pk"):
                lines.append(
                    PosRefundLine(
                        refund=refund,
                        order_line=line.order_line,
                        sku=line.order_line.sku,
                        quantity=line.quantity,
                        amount_fen=line.amount_fen,
                    )
                )
            continue
        # No order refund (never written so by the services): the sale's every line, in full.
        for order_line in OrderLine.objects.filter(order_id=refund.sale.order_id).order_by("pk"):
            lines.append(
                PosRefundLine(
                    refund=refund,
                    order_line=order_line,
                    sku=order_line.sku,
                    quantity=order_line.quantity,
                    amount_fen=order_line.total_fen,
                )
            )
    PosRefundLine.objects.bulk_create(lines, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("carts", "0012_pos_refund_lines_partial_and_review"), ("orders", "0012_order_foreign_keys")]

    operations = [migrations.RunPython(whole_refunds_into_lines, migrations.RunPython.noop)]
