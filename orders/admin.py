"""Orders are written by their services (a cart sale, the storefront's checkout); here they are read,
and staff hand online orders over (order_fulfill) and refund them (order_refund) through forms that
call those services: a refusal shows next to its field and nothing is written."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.forms import YuanField
from core.money import format_fen
from inventory.admin.base import NoWritesAdmin, ReadOnlyLinesInline
from orders.admin_online import OnlineOrderActions
from orders.models import Campaign, Checkout, CheckoutLine, Order, OrderLine, ShippingRegion


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
class OrderAdmin(OnlineOrderActions, admin.ModelAdmin):
    list_display = (
        "number",
        "channel",
        "status",
        "location",
        "total",
        "paid_at",
        "fulfilment_status",
        "needs_reconciliation",
    )
    list_filter = (
        "channel",
        "status",
        "fulfilment_status",
        "delivery_method",
        "location",
        "needs_reconciliation",
    )
    search_fields = ("number", "pos_sale__receipt_number", "lines__sku", "email", "phone", "tracking_number")
    actions = ["fulfil_selected", "refund_selected"]
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
        "online_summary",
        "refund_summary",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # The cart sale is reached through its relation: carts sits above orders, even for the admin.
        return (
            super()
            .get_queryset(request)
            .select_related(
                "location",
                "attributed_location",
                "shipping_region",
                "campaign",
                "pos_sale__shift__cart",
            )
            .prefetch_related("pos_sale__refunds__lines")
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
        for refund in sale.refunds.all():
            pieces = "、".join(f"{line.sku} × {line.quantity}" for line in refund.lines.all())
            rows.append((_("退款"), f"{format_fen(refund.amount_fen)} · {pieces} · {refund.reason or '—'}"))
        shift_url = reverse("admin:carts_shift_change", args=[sale.shift_id])
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        return format_html(
            '<table>{}<tr><th>{}</th><td><a href="{}">{}</a></td></tr></table>',
            table,
            _("班次"),
            shift_url,
            sale.shift,
        )


class ShippingRegionForm(forms.ModelForm):
    price = YuanField(label=_("运费（元）"), help_text=_("例如 12 或 12.50"))

    class Meta:
        model = ShippingRegion
        fields = ("code", "name_zh", "name_en", "active", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["price"].initial = self.instance.price_fen

    def save(self, commit=True):
        self.instance.price_fen = self.cleaned_data["price"]
        return super().save(commit)


@admin.register(ShippingRegion)
class ShippingRegionAdmin(admin.ModelAdmin):
    form = ShippingRegionForm
    list_display = ("name_zh", "name_en", "code", "shipping_price", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("code", "name_zh", "name_en")

    @admin.display(description=_("运费"), ordering="price_fen")
    def shipping_price(self, obj):
        return format_fen(obj.price_fen)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "attributed_location",
        "active",
        "order_count",
        "checkout_count",
        "created_at",
    )
    list_filter = ("active",)
    search_fields = ("code", "name")
    fields = ("code", "name", "attributed_location", "active", "order_count", "checkout_count", "created_at")
    readonly_fields = ("order_count", "checkout_count", "created_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("attributed_location")
            .annotate(
                paid_orders=Count("orders", distinct=True),
                checkouts=Count(Checkout._meta.get_field("campaign").related_query_name(), distinct=True),
            )
        )

    @admin.display(description=_("订单数"), ordering="paid_orders")
    def order_count(self, obj):
        return getattr(obj, "paid_orders", 0)

    @admin.display(description=_("结算数"), ordering="checkouts")
    def checkout_count(self, obj):
        return getattr(obj, "checkouts", 0)


class CheckoutLineInline(ReadOnlyLinesInline):
    model = CheckoutLine
    fields = ("variant", "product", "quantity")
    readonly_fields = fields


@admin.register(Checkout)
class CheckoutAdmin(NoWritesAdmin):
    list_display = ("token", "status", "email", "delivery_method", "reserved_until", "order", "created_at")
    list_filter = ("status", "delivery_method")
    search_fields = ("token", "email", "phone", "order__number")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    inlines = [CheckoutLineInline]
    fields = (
        "token",
        "status",
        "email",
        "phone",
        "language",
        "delivery_method",
        "shipping_region",
        "recipient_name",
        "shipping_address",
        "pickup_location",
        "attributed_location",
        "attributed_operator",
        "campaign",
        "reserved_until",
        "payment",
        "order",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
