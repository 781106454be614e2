"""Payouts in the admin: profiles are edited here; runs, confirmations and failures go through services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from core.dates import OUT_OF_RANGE_MESSAGE, within_books
from core.errors import DomainError
from core.money import format_fen, parse_yuan
from ledger import conf
from ledger.exports import payout_run_bank_csv, payout_run_cash_sheet_html
from ledger.models import Payout, PayoutProfile, PayoutRun
from ledger.services import payout_confirm, payout_fail, payout_run_create
from ledger.statements import artisan_statement, statement_html, statement_pdf


def _within_books(day):
    if not within_books(day):
        raise forms.ValidationError(OUT_OF_RANGE_MESSAGE)


class StatementForm(forms.Form):
    artisan = forms.ModelChoiceField(label=_("手工艺人"), queryset=Artisan.objects.order_by("code"))
    date_from = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}), validators=[_within_books]
    )
    date_to = forms.DateField(
        label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}), validators=[_within_books]
    )
    pdf = forms.BooleanField(label=_("下载 PDF"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return cleaned


@admin.register(PayoutProfile)
class PayoutProfileAdmin(admin.ModelAdmin):
    list_display = ("artisan", "method", "account_name", "bank_name", "account_number", "stripe_account_id")
    list_filter = ("method",)
    search_fields = ("artisan__name_zh", "artisan__code", "account_name", "account_number")
    autocomplete_fields = ("artisan",)
    list_select_related = ("artisan",)

    def get_urls(self):
        view = self.admin_site.admin_view(self.statement_view)
        return [path("statement/", view, name="ledger_statement"), *super().get_urls()]

    def statement_view(self, request):
        """Pick an artisan and a period; see her statement as a page or download it as a PDF."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = StatementForm(request.GET or None)
        if form.is_valid():
            data = form.cleaned_data
            statement = artisan_statement(
                artisan=data["artisan"], date_from=data["date_from"], date_to=data["date_to"]
            )
            if data["pdf"]:
                response = HttpResponse(statement_pdf(statement=statement), content_type="application/pdf")
                period = f"{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}"
                name = f"statement-{statement.artisan.code}-{period}.pdf"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            return HttpResponse(statement_html(statement=statement))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("手工艺人对账单"),
            "form": form,
            "submit_label": _("查看对账单"),
            "form_method": "get",
        }
        # What was asked for and refused is a 400, shown with the form's messages.
        return TemplateResponse(
            request, "admin/ledger/form.html", context, status=400 if form.is_bound else 200
        )


class PayoutRunForm(forms.Form):
    run_date = forms.DateField(label=_("付款日期"), widget=forms.DateInput(attrs={"type": "date"}))
    minimum_yuan = forms.CharField(label=_("起付金额（元）"), max_length=20)

    def clean_minimum_yuan(self):
        try:
            return parse_yuan(self.cleaned_data["minimum_yuan"])
        except ValueError as error:
            raise forms.ValidationError(_("请输入金额，例如 100 或 100.00。")) from error


class PayoutInline(admin.TabularInline):
    model = Payout
    fields = ("artisan", "payee_name", "method", "amount", "status", "paid_at", "failure_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan")

    @admin.display(description=_("金额"))
    def amount(self, obj):
        return format_fen(obj.amount_fen)


@admin.register(PayoutRun)
class PayoutRunAdmin(admin.ModelAdmin):
    list_display = ("__str__", "run_date", "balance_at", "minimum", "created_by", "created_at")
    fields = ("run_date", "balance_at", "minimum_fen", "created_by", "created_at")
    readonly_fields = fields
    inlines = [PayoutInline]
    date_hierarchy = "run_date"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("起付金额"))
    def minimum(self, obj):
        return format_fen(obj.minimum_fen)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/bank.csv", wrap(self.bank_csv_view), name="ledger_payoutrun_bank_csv"),
            path("<int:pk>/cash-sheet/", wrap(self.cash_sheet_view), name="ledger_payoutrun_cash_sheet"),
            *super().get_urls(),
        ]

    def bank_csv_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(PayoutRun, pk=pk)
        # With a BOM, so that spreadsheet programs read the Chinese names right.
        response = HttpResponse(payout_run_bank_csv(run=run).encode("utf-8-sig"), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="payout-{run.run_date:%Y%m%d}-bank.csv"'
        return response

    def cash_sheet_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return HttpResponse(payout_run_cash_sheet_html(run=get_object_or_404(PayoutRun, pk=pk)))

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        today = timezone.localdate(timezone=conf.business_zone())
        initial = {"run_date": today, "minimum_yuan": format_fen(conf.payout_minimum_fen(), symbol="")}
        form = PayoutRunForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                run = payout_run_create(
                    run_date=form.cleaned_data["run_date"],
                    minimum_fen=form.cleaned_data["minimum_yuan"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                self.log_addition(request, run, [{"added": {}}])
                count = run.payouts.count()
                self.message_user(
                    request,
                    _("付款批次 %(run)s：%(count)d 笔付款。") % {"run": run, "count": count},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:ledger_payoutrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("发起付款批次"),
            "form": form,
            "submit_label": _("生成付款"),
            "form_method": "post",
        }
        return TemplateResponse(request, "admin/ledger/form.html", context)


class FailForm(forms.Form):
    reason = forms.CharField(label=_("失败原因"), max_length=300)


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = (
        "idempotency_key",
        "payee_name",
        "method",
        "amount",
        "status",
        "paid_at",
        "failure_reason",
    )
    list_filter = ("status", "method", "run")
    search_fields = ("payee_name", "idempotency_key", "artisan__code", "stripe_transfer_id")
    list_select_related = ("run", "artisan")
    readonly_fields = [field.name for field in Payout._meta.fields]
    actions = ["confirm_paid", "mark_failed"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The change page is read-only; the actions below need the change permission.
        return super().has_change_permission(request, obj) if obj is None else False

    @admin.display(description=_("金额"), ordering="amount_fen")
    def amount(self, obj):
        return format_fen(obj.amount_fen)

    @admin.action(description=_("确认已付款（银行/现金）"), permissions=["change"])
    def confirm_paid(self, request, queryset):
        done, refused = 0, []
        for payout in queryset.order_by("pk"):
            try:
                payout_confirm(payout=payout, actor=request.user)
                done += 1
            except DomainError as error:
                refused.append(f"{payout}: {error.message}")
        self.message_user(request, _("已确认 %(count)d 笔付款。") % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("标记为失败并退回余额"), permissions=["change"])
    def mark_failed(self, request, queryset):
        form = FailForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            done = 0
            for payout in queryset.order_by("pk"):
                try:
                    payout_fail(payout=payout, reason=form.cleaned_data["reason"], actor=request.user)
                    done += 1
                except DomainError as error:
                    self.message_user(request, f"{payout}: {error.message}", messages.ERROR)
            self.message_user(request, _("已退回 %(count)d 笔付款。") % {"count": done}, messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("标记付款失败"),
            "form": form,
            "payouts": queryset,
            "action": "mark_failed",
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/ledger/payout_fail.html", context)
