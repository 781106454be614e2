"""The staff's review queue of held cart sales (approve / void, after a confirmation page), and the
sales tablets sent that were rejected. Registered from carts.admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from carts.models import PosRejectedSale, PosSale
from carts.selectors_review import hold_reasons, pos_sales_review
from carts.services import pos_sale_review
from core.errors import DomainError
from core.money import format_fen
from core.validation import max_length
from orders.models import OrderHold

REVIEW_TEMPLATE = "admin/carts/possale/review_confirm.html"


class ReviewStatusFilter(admin.SimpleListFilter):
    """Held sales first: the queue is what waits for a decision."""

    title = _("审核状态")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [*OrderHold.Status.choices, ("all", _("全部"))]

    def choices(self, changelist):
        value = self.value() or OrderHold.Status.HELD
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or OrderHold.Status.HELD
        if value == "all":
            return queryset
        return queryset.filter(order__hold__status=value)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("说明"),
        max_length=max_length(OrderHold, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("作废必须写明原因；它会和审核记录一起保存。"),
    )


@admin.register(PosSale)
class PosSaleReviewAdmin(admin.ModelAdmin):
    """Cart sales held for review. Approving makes the artisan's share payable (from receipt plus
    the holding period); voiding refunds the sale whole (reversed in the ledger, pieces back)."""

    list_display = (
        "receipt_number",
        "cart",
        "device_time",
        "received_at",
        "amount",
        "review_status",
        "reasons",
    )
    list_filter = (ReviewStatusFilter, "shift__cart")
    search_fields = ("receipt_number", "order__number", "client_uuid")
    actions = ("approve_selected", "void_selected")
    fields = (
        "receipt_number",
        "order",
        "client_uuid",
        "device_id",
        "shift",
        "device_time",
        "received_at",
        "payment_method",
        "amount",
        "flags",
        "review_status",
        "reasons",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return pos_sales_review(status=None)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_review_permission(request) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_review_permission(request) or super().has_module_permission(request)

    def has_review_permission(self, request):
        return request.user.has_perm("carts.review_possale")

    @admin.display(description=_("零售车"))
    def cart(self, obj):
        return obj.shift.cart

    @admin.display(description=_("金额"))
    def amount(self, obj):
        return format_fen(obj.amount_fen)

    @admin.display(description=_("审核状态"))
    def review_status(self, obj):
        return obj.order.hold.get_status_display()

    @admin.display(description=_("暂扣原因"))
    def reasons(self, obj):
        return format_html_join("", "<div>{}</div>", ((reason,) for reason in hold_reasons(obj)))

    @admin.action(description=_("批准所选销售（计入手工艺人可付余额）"), permissions=["review"])
    def approve_selected(self, request, queryset):
        return self._decide(request, queryset, OrderHold.Status.APPROVED)

    @admin.action(description=_("作废所选销售（冲销分账、退回库存）"), permissions=["review"])
    def void_selected(self, request, queryset):
        return self._decide(request, queryset, OrderHold.Status.VOIDED)

    def _decide(self, request, queryset, decision):
        """First a page listing the sales with their reasons and a note; then, confirmed, each sale
        decided on its own (one already decided by someone else is reported, the rest go on)."""
        sales = list(queryset.filter(order__hold__status=OrderHold.Status.HELD))
        form = DecisionForm(request.POST if "confirm" in request.POST else None)
        confirmed = "confirm" in request.POST and form.is_valid()
        if confirmed and decision == OrderHold.Status.VOIDED and not form.cleaned_data["note"].strip():
            form.add_error("note", _("作废需要写明原因。"))
        if "confirm" in request.POST and form.is_valid():
            done = 0
            for sale in sales:
                try:
                    pos_sale_review(
                        sale=sale, decision=decision, actor=request.user, note=form.cleaned_data["note"]
                    )
                except DomainError as error:
                    self.message_user(request, f"{sale.receipt_number}: {error.message}", messages.ERROR)
                    continue
                done += 1
            if done:
                label = OrderHold.Status(decision).label
                text = _("%(count)d 笔销售%(decision)s。") % {"count": done, "decision": label}
                self.message_user(request, text)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("批准暂扣销售") if decision == OrderHold.Status.APPROVED else _("作废暂扣销售"),
            "decision": decision,
            "action": request.POST.get("action"),
            "sales": [(sale, hold_reasons(sale)) for sale in sales],
            "form": form,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, REVIEW_TEMPLATE, context)


@admin.register(PosRejectedSale)
class PosRejectedSaleAdmin(admin.ModelAdmin):
    """What tablets sent that was rejected: never in the books, never silently dropped."""

    list_display = ("received_at", "cart", "device_id", "client_uuid", "reason")
    list_filter = ("cart",)
    search_fields = ("client_uuid", "reason", "device_id")
    readonly_fields = ("cart", "device_id", "client_uuid", "reason", "sale", "received_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
