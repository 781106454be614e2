"""Payout runs in the admin: started through payout_run_create, approved by a second staff member on
a confirmation page (payout_run_approve), their bank file and cash sheet downloaded."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import IsoDateInput, YuanField
from core.money import format_fen
from ledger import conf
from ledger.exports import payout_run_bank_csv, payout_run_cash_sheet_html
from ledger.models import ApprovalStatus, Payout, PayoutRun
from ledger.selectors import payout_run_approval
from ledger.services import may_approve, payout_run_approve, payout_run_create


class PayoutRunForm(forms.Form):
    # The browser's date picker takes ISO dates only: a localized "2026/12/06" left it empty.
    run_date = forms.DateField(label=_("付款日期"), widget=IsoDateInput())
    minimum_yuan = YuanField(label=_("起付金额（元）"))


class PayoutInline(admin.TabularInline):
    model = Payout
    fields = (
        "artisan",
        "payee_name",
        "method",
        "amount",
        "status",
        "approval_status",
        "reasons",
        "paid_at",
        "failure_reason",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan", "run")

    @admin.display(description=_("金额"))
    def amount(self, obj):
        return format_fen(obj.amount_fen)

    @admin.display(description=_("审批原因"))
    def reasons(self, obj):
        return "；".join(str(reason.label) for reason in obj.approval_reasons)


@admin.register(PayoutRun)
class PayoutRunAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "run_date",
        "total",
        "approval_status",
        "balance_at",
        "minimum",
        "created_by",
        "created_at",
    )
    list_filter = ("approval_status",)
    fields = (
        "run_date",
        "balance_at",
        "minimum",
        "total",
        "threshold",
        "approval_status",
        "created_by",
        "created_at",
    )
    readonly_fields = fields
    inlines = [PayoutInline]
    date_hierarchy = "run_date"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may approve runs must be able to read them.
        return super().has_view_permission(request, obj) or may_approve(request.user)

    @admin.display(description=_("起付金额"))
    def minimum(self, obj):
        return format_fen(obj.minimum_fen)

    @admin.display(description=_("总额"), ordering="total_fen")
    def total(self, obj):
        return format_fen(obj.total_fen)

    @admin.display(description=_("审批限额"))
    def threshold(self, obj):
        return format_fen(obj.approval_threshold_fen)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/bank.csv", wrap(self.bank_csv_view), name="ledger_payoutrun_bank_csv"),
            path("<int:pk>/cash-sheet/", wrap(self.cash_sheet_view), name="ledger_payoutrun_cash_sheet"),
            path("<int:pk>/approve/", wrap(self.approve_view), name="ledger_payoutrun_approve"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        if run is not None:
            extra_context = {**(extra_context or {}), **self._approval_context(request, run)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _approval_context(self, request, run):
        approval = payout_run_approval(run=run)
        waiting = run.approval_status == ApprovalStatus.AWAITING_APPROVAL
        return {
            "approval": approval,
            "approval_total": format_fen(approval.total_fen),
            "threshold": format_fen(run.approval_threshold_fen),
            "run_total": format_fen(run.total_fen),
            # The button is offered to whoever may press it; the service decides again.
            "can_approve": waiting and may_approve(request.user) and run.created_by_id != request.user.pk,
        }

    def approve_view(self, request, pk):
        """A confirmation page: what waits, why, the total and the count; POST approves it."""
        if not (self.has_view_permission(request) and may_approve(request.user)):
            raise PermissionDenied
        run = get_object_or_404(PayoutRun, pk=pk)
        error = None
        if request.method == "POST":
            try:
                payout_run_approve(run=run, actor=request.user)
            except DomainError as refused:
                error = str(refused.message)
            else:
                self.log_change(request, run, [{"changed": {"fields": ["approval_status"]}}])
                self.message_user(request, _("付款批次 %(run)s 已审批。") % {"run": run}, messages.SUCCESS)
                return redirect(reverse("admin:ledger_payoutrun_change", args=[run.pk]))
            run.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            **self._approval_context(request, run),
            "opts": self.model._meta,
            "original": run,
            "title": _("审批付款批次 %(run)s") % {"run": run},
            "error": error,
        }
        return TemplateResponse(request, "admin/ledger/payoutrun/approve.html", context)

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
        initial = {"run_date": today, "minimum_yuan": conf.payout_minimum_fen()}
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
                if run.approval_status == ApprovalStatus.AWAITING_APPROVAL:
                    self.message_user(
                        request,
                        _("部分付款需由另一位工作人员审批后才会发出，请看本页的审批说明。"),
                        messages.WARNING,
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
