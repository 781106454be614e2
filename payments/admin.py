"""Payments in the admin: looked at, never written (Stripe and the services write them)."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.money import format_fen
from payments.models import BillMismatch, Payment, ProviderBill, Refund, StripeEvent
from payments.reconciliation import bill_mismatch_resolve


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ("created", "amount", "reason", "provider_refund_id")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("金额"))
    def amount(self, obj):
        return format_fen(obj.amount_fen)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "amount", "status", "refunded", "provider_reference", "created")
    list_filter = ("status",)
    search_fields = ("reference", "provider_reference", "email")
    date_hierarchy = "created"
    # The client secret lets a browser complete the payment: it is not shown.
    fields = (
        "reference",
        "amount",
        "currency",
        "status",
        "failure_code",
        "refunded",
        "payment_method_types",
        "email",
        "provider_reference",
        "fee",
        "billed_fee",
        "created",
        "updated",
        "succeeded_at",
    )
    readonly_fields = fields
    inlines = [RefundInline]

    @admin.display(description=_("手续费"))
    def fee(self, obj):
        return format_fen(obj.fee_fen) if obj.fee_fen is not None else "—"

    @admin.display(description=_("账单手续费"))
    def billed_fee(self, obj):
        return format_fen(obj.billed_fee_fen) if obj.billed_fee_fen is not None else "—"

    @admin.display(description=_("金额"), ordering="amount_fen")
    def amount(self, obj):
        return format_fen(obj.amount_fen)

    @admin.display(description=_("已退款"), ordering="refunded_fen")
    def refunded(self, obj):
        return format_fen(obj.refunded_fen)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("provider_refund_id", "payment_reference", "amount", "reason", "created")
    search_fields = ("provider_refund_id", "payment__reference", "payment__provider_reference")
    list_select_related = ("payment",)
    fields = ("payment", "amount", "reason", "provider_refund_id", "created")
    readonly_fields = fields

    @admin.display(description=_("订单号"), ordering="payment__reference")
    def payment_reference(self, obj):
        return obj.payment.reference

    @admin.display(description=_("金额"), ordering="amount_fen")
    def amount(self, obj):
        return format_fen(obj.amount_fen)


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "type", "created", "processed_at")
    list_filter = ("type",)
    search_fields = ("event_id",)
    fields = ("event_id", "type", "created", "processed_at", "payload_pretty")
    readonly_fields = fields

    @admin.display(description=_("内容"))
    def payload_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, ensure_ascii=False, indent=2))


def _yuan(amount_fen):
    return format_fen(amount_fen) if amount_fen is not None else "—"


@admin.register(ProviderBill)
class ProviderBillAdmin(ReadOnlyAdmin):
    list_display = ("day", "provider", "payments_count", "refunds_count", "mismatches_count", "reconciled_at")
    list_filter = ("provider",)
    date_hierarchy = "day"


@admin.register(BillMismatch)
class BillMismatchAdmin(ReadOnlyAdmin):
    """The reconciliation's findings. Nothing here is edited: "ask and record" (one on its page, or
    the action for several) asks the provider and records its answer through the payment services,
    keeping who asked and when (payments.reconciliation.bill_mismatch_resolve)."""

    list_display = (
        "day",
        "provider",
        "kind",
        "provider_reference",
        "reference",
        "there",
        "here",
        "found_at",
        "checked_by",
        "resolved_at",
    )
    list_filter = ("provider", "kind", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("provider_reference", "payment__reference")
    list_select_related = ("payment", "checked_by")
    date_hierarchy = "day"
    fields = (
        "day",
        "provider",
        "kind",
        "provider_reference",
        "reference",
        "there",
        "here",
        "bill_refunds",
        "found_at",
        "checked_at",
        "checked_by",
        "note",
        "resolved_at",
    )
    readonly_fields = fields
    actions = ["ask_and_record"]
    change_form_template = "admin/payments/billmismatch/change_form.html"

    def has_resolve_permission(self, request, obj=None):
        return request.user.has_perm("payments.change_billmismatch")

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.resolve_view))
        return [
            path("<path:object_id>/ask-and-record/", view, name="payments_billmismatch_resolve"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_resolve": self.has_resolve_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("订单号"), ordering="payment__reference")
    def reference(self, obj):
        return obj.payment.reference if obj.payment else "—"

    @admin.display(description=_("渠道金额"), ordering="there_fen")
    def there(self, obj):
        return _yuan(obj.there_fen)

    @admin.display(description=_("本系统金额"), ordering="here_fen")
    def here(self, obj):
        return _yuan(obj.here_fen)

    def _resolve(self, request, mismatch):
        checked = bill_mismatch_resolve(mismatch=mismatch, user=request.user)
        level = messages.SUCCESS if checked.resolved_at else messages.WARNING
        self.message_user(request, f"{checked.provider_reference}: {checked.note}", level)

    @admin.action(description=_("查询渠道并记录"), permissions=["resolve"])
    def ask_and_record(self, request, queryset):
        for mismatch in queryset.filter(resolved_at__isnull=True).order_by("pk"):
            self._resolve(request, mismatch)

    def resolve_view(self, request, object_id):
        if not self.has_resolve_permission(request):
            raise PermissionDenied
        mismatch = get_object_or_404(BillMismatch, pk=object_id)
        if mismatch.resolved_at is None:
            self._resolve(request, mismatch)
        return redirect("admin:payments_billmismatch_change", mismatch.pk)
