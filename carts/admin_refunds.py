"""Cart refunds in the admin: each with its lines (the pieces and the money given back), the ones of
an old sale held for review first, and the action that marks them reviewed. Registered from
carts.admin."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from carts.models import PosRefund, PosRefundLine
from carts.services import pos_refund_review
from core.errors import DomainError
from core.money import format_fen


class PosRefundLineInline(admin.TabularInline):
    model = PosRefundLine
    fields = ("sku", "product", "quantity", "amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("商品"))
    def product(self, obj):
        line = obj.order_line
        return f"{line.product_name_zh} {line.variant_name_zh}".strip()

    @admin.display(description=_("金额"))
    def amount(self, obj):
        return format_fen(obj.amount_fen)


class RefundReviewFilter(admin.SimpleListFilter):
    title = _("审核状态")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return PosRefund.Review.choices

    def queryset(self, request, queryset):
        return queryset.filter(review_status=self.value()) if self.value() else queryset


@admin.register(PosRefund)
class PosRefundAdmin(admin.ModelAdmin):
    """Read-only: a refund happened at the cart. A refund of a sale older than
    POS_REFUND_REVIEW_AFTER_DAYS waits for staff to check it ("待审核")."""

    list_display = ("device_time", "receipt", "cart", "amount", "pieces", "review_status", "reason")
    list_filter = (RefundReviewFilter, "shift__cart")
    search_fields = ("sale__receipt_number", "client_uuid", "reason")
    actions = ("mark_reviewed",)
    inlines = (PosRefundLineInline,)
    fields = (
        "sale",
        "client_uuid",
        "shift",
        "device_id",
        "device_time",
        "received_at",
        "payment_method",
        "amount",
        "reason",
        "flags",
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "review_note",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("sale", "shift__cart", "reviewed_by")
            .prefetch_related("lines__order_line")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("carts.review_possale")

    @admin.display(description=_("小票号"), ordering="sale__receipt_number")
    def receipt(self, obj):
        return obj.sale.receipt_number

    @admin.display(description=_("零售车"))
    def cart(self, obj):
        return obj.shift.cart

    @admin.display(description=_("金额"), ordering="amount_fen")
    def amount(self, obj):
        return format_fen(obj.amount_fen)

    @admin.display(description=_("退回商品"))
    def pieces(self, obj):
        return "、".join(f"{line.sku} × {line.quantity}" for line in obj.lines.all())

    @admin.action(description=_("标记所选退款为已审核"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        done = 0
        for refund in queryset.filter(review_status=PosRefund.Review.HELD):
            try:
                pos_refund_review(refund=refund, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{refund.sale.receipt_number}: {error.message}", messages.ERROR)
                continue
            done += 1
        self.message_user(request, _("%(count)d 笔退款已审核。") % {"count": done})
