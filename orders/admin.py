"""Orders are written by their services (a cart sale, the storefront's checkout); here they are read."""

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.money import format_fen
from inventory.admin.base import ReadOnlyLinesInline
from orders.models import Order, OrderLine


class OrderLineInline(ReadOnlyLinesInline):
    model = OrderLine
    fields = (
        "sku",
        "product",
        "artisan",
        "quantity",
        "list_price",
        "unit_price",
        "discount",
        "discount_reason",
        "total",
        "shortfall",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return OrderLine.objects.select_related("artisan").order_by("pk")

    @admin.display(description=_("商品"))
    def product(self, obj):
        return f"{obj.product_name_zh} {obj.variant_name_zh}".strip()

    @admin.display(description=_("标价"))
    def list_price(self, obj):
        return format_fen(obj.list_price_fen)

    @admin.display(description=_("单价"))
    def unit_price(self, obj):
        return format_fen(obj.unit_price_fen)

    @admin.display(description=_("优惠"))
    def discount(self, obj):
        return format_fen(obj.discount_fen) if obj.discount_fen else "—"

    @admin.display(description=_("小计"))
    def total(self, obj):
        return format_fen(obj.total_fen)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "channel",
        "status",
        "location",
        "total",
        "paid_at",
        "needs_reconciliation",
    )
    list_filter = ("channel", "status", "location", "needs_reconciliation")
    search_fields = ("number", "pos_sale__receipt_number", "lines__sku")
    list_select_related = ("location",)
    date_hierarchy = "paid_at"
    inlines = [OrderLineInline]
    fields = (
        "number",
        "channel",
        "status",
        "location",
        "attributed_location",
        "subtotal",
        "discount",
        "total",
        "paid_at",
        "refunded_at",
        "created_at",
        "needs_reconciliation",
        "pos_sale_summary",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # The cart sale is reached through its relation: carts sits above orders, even for the admin.
        return (
            super()
            .get_queryset(request)
            .select_related("location", "attributed_location", "pos_sale__shift__cart", "pos_sale__refund")
        )

    def get_search_results(self, request, queryset, search_term):
        # A search through the lines may match an order twice.
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("原价合计"))
    def subtotal(self, obj):
        return format_fen(obj.subtotal_fen)

    @admin.display(description=_("优惠"))
    def discount(self, obj):
        return format_fen(obj.discount_fen)

    @admin.display(description=_("实收"), ordering="total_fen")
    def total(self, obj):
        return format_fen(obj.total_fen)

    @admin.display(description=_("零售车销售"))
    def pos_sale_summary(self, obj):
        try:
            sale = obj.pos_sale
        except ObjectDoesNotExist:
            return "—"
        flags = dict(type(sale).Flag.choices)
        rows = [
            (_("小票号"), sale.receipt_number),
            (_("付款方式"), sale.get_payment_method_display()),
            (_("收取现金"), format_fen(sale.tendered_fen) if sale.tendered_fen is not None else "—"),
            (_("找零"), format_fen(sale.change_fen)),
            (_("设备"), sale.device_id),
            (_("销售时间（设备）"), timezone.localtime(sale.device_time).strftime("%Y-%m-%d %H:%M:%S")),
            (_("同步时间"), timezone.localtime(sale.received_at).strftime("%Y-%m-%d %H:%M:%S")),
            (_("标记"), "、".join(str(flags.get(flag, flag)) for flag in sale.flags) or "—"),
        ]
        try:
            refund = sale.refund
        except ObjectDoesNotExist:
            refund = None
        if refund is not None:
            rows.append((_("退款原因"), refund.reason or "—"))
        shift_url = reverse("admin:carts_shift_change", args=[sale.shift_id])
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        return format_html(
            '<table>{}<tr><th>{}</th><td><a href="{}">{}</a></td></tr></table>',
            table,
            _("班次"),
            shift_url,
            sale.shift,
        )
