"""The journal in the admin: looked at, never written by hand; and the trial balance."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.money import format_fen
from ledger.models import (
    Account,
    JournalEntry,
    JournalTransaction,
    ProductAgreementOverride,
    RefundSplit,
    SaleSplit,
)
from ledger.selectors import ledger_trial_balance


class ReadOnlyAdmin(admin.ModelAdmin):
    """Journal rows are append-only: the admin shows them and nothing else."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class JournalEntryInline(admin.TabularInline):
    model = JournalEntry
    fields = ("account", "debit", "credit", "artisan", "sale_split", "available_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "account__artisan", "account__operator", "account__location", "artisan", "sale_split"
            )
        )

    @admin.display(description=_("借方"))
    def debit(self, obj):
        return format_fen(obj.amount_fen) if obj.amount_fen > 0 else ""

    @admin.display(description=_("贷方"))
    def credit(self, obj):
        return format_fen(-obj.amount_fen) if obj.amount_fen < 0 else ""


@admin.register(JournalTransaction)
class JournalTransactionAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "kind", "reference", "memo", "created_at")
    list_filter = ("kind",)
    search_fields = ("reference", "idempotency_key", "memo")
    date_hierarchy = "occurred_at"
    fields = ("kind", "reference", "idempotency_key", "occurred_at", "memo", "created_at")
    inlines = [JournalEntryInline]
    show_full_result_count = False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "balance")
    list_filter = ("kind",)
    search_fields = ("artisan__name_zh", "artisan__code", "operator__username", "location__name_zh")
    list_select_related = ("artisan", "operator", "location")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(balance_fen=Sum("entries__amount_fen"))

    @admin.display(description=_("余额（借正贷负）"), ordering="balance_fen")
    def balance(self, obj):
        return format_fen(obj.balance_fen or 0)

    def get_urls(self):
        view = self.admin_site.admin_view(self.trial_balance_view)
        return [path("trial-balance/", view, name="ledger_trial_balance"), *super().get_urls()]

    def trial_balance_view(self, request):
        # The programme's books: for those who may look at the accounts (any staff reach this URL).
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("试算平衡表"),
            "balance": ledger_trial_balance(),
        }
        return TemplateResponse(request, "admin/ledger/trial_balance.html", context)


@admin.register(SaleSplit)
class SaleSplitAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "occurred_at",
        "channel",
        "artisan",
        "product",
        "quantity",
        "paid",
        "artisan_share",
        "operator_share",
        "programme_share",
    )
    list_filter = ("channel",)
    search_fields = ("reference", "artisan__name_zh", "artisan__code")
    list_select_related = ("artisan", "product", "location", "operator")
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    @admin.display(description=_("实收"))
    def paid(self, obj):
        return format_fen(obj.paid_fen)

    @admin.display(description=_("手工艺人所得"))
    def artisan_share(self, obj):
        return format_fen(obj.artisan_fen)

    @admin.display(description=_("运营员佣金"))
    def operator_share(self, obj):
        return format_fen(obj.operator_fen)

    @admin.display(description=_("项目基金所得"))
    def programme_share(self, obj):
        return format_fen(obj.programme_fen)


@admin.register(RefundSplit)
class RefundSplitAdmin(ReadOnlyAdmin):
    list_display = ("refund_reference", "occurred_at", "sale", "refunded", "artisan_fen", "operator_fen")
    search_fields = ("refund_reference", "sale__reference")
    list_select_related = ("sale",)

    @admin.display(description=_("退款金额"))
    def refunded(self, obj):
        return format_fen(obj.refunded_fen)


@admin.register(ProductAgreementOverride)
class ProductAgreementOverrideAdmin(admin.ModelAdmin):
    """Terms for future sales: a sale already posted keeps the weights it was split by."""

    list_display = (
        "product",
        "valid_from",
        "valid_until",
        "artisan_bp",
        "operator_bp",
        "programme_bp",
        "note",
    )
    search_fields = ("product__name_zh", "product__slug")
    autocomplete_fields = ("product",)
    list_select_related = ("product",)
