"""Payments in the admin: looked at, never written (Stripe and the services write them)."""

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import format_fen
from payments.models import Payment, Refund, StripeEvent


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
        "created",
        "updated",
        "succeeded_at",
    )
    readonly_fields = fields
    inlines = [RefundInline]

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
