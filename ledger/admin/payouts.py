"""Payouts in the admin: payee details are saved through payout_profile_save (which records each change);
confirmations (on a confirmation page with the total and the count) and failures go through services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from core.dates import OUT_OF_RANGE_MESSAGE, within_books
from core.errors import DomainError
from core.money import format_fen
from ledger.models import Payout, PayoutMethod, PayoutProfile, PayoutProfileChange
from ledger.services import payout_confirm, payout_fail, payout_profile_save
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
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return cleaned


class PayoutProfileChangeInline(admin.TabularInline):
    """Every change of where her money goes: who, when, to what (never edited)."""

    model = PayoutProfileChange
    fields = ("changed_at", "changed_by", "method", "summary")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(PayoutProfile)
class PayoutProfileAdmin(admin.ModelAdmin):
    list_display = (
        "artisan",
        "method",
        "account_name",
        "bank_name",
        "account_number",
        "stripe_account_id",
        "details_changed_at",
    )
    list_filter = ("method",)
    search_fields = ("artisan__name_zh", "artisan__code", "account_name", "account_number")
    autocomplete_fields = ("artisan",)
    list_select_related = ("artisan",)
    inlines = [PayoutProfileChangeInline]

    def get_readonly_fields(self, request, obj=None):
        changed = ("details_changed_at", "details_changed_by")
        return ("artisan", *changed) if obj is not None else changed

    def save_model(self, request, obj, form, change):
        # Through the service, so that a change of account is recorded (and will need a second person).
        saved = payout_profile_save(
            artisan=obj.artisan,
            method=obj.method,
            account_name=obj.account_name,
            bank_name=obj.bank_name,
            account_number=obj.account_number,
            stripe_account_id=obj.stripe_account_id,
            actor=request.user,
        )
        obj.pk = saved.pk

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
        "approval_status",
        "paid_at",
        "failure_reason",
    )
    list_filter = ("status", "approval_status", "method", "run")
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

    @admin.action(description=_("确认已付款（银行/现金）…"), permissions=["change"])
    def confirm_paid(self, request, queryset):
        """A confirmation page first: which payouts will be marked paid, their total and count, and
        which of those selected cannot be (awaiting approval, Stripe, not pending)."""
        payouts = list(queryset.select_related("run", "artisan").order_by("pk"))
        ready = [payout for payout in payouts if _why_not_confirmable(payout) is None]
        total_fen = sum(payout.amount_fen for payout in ready)
        # What the page showed must still be what is confirmed; otherwise it is shown again.
        shown = (request.POST.get("count"), request.POST.get("total_fen"))
        changed = request.POST.get("confirm") == "yes" and shown != (str(len(ready)), str(total_fen))
        if request.POST.get("confirm") == "yes" and not changed:
            done, done_fen = 0, 0
            for payout in ready:
                try:
                    payout_confirm(payout=payout, actor=request.user)
                except DomainError as error:
                    self.message_user(request, f"{payout}: {error.message}", messages.ERROR)
                else:
                    done, done_fen = done + 1, done_fen + payout.amount_fen
            summary = _("已确认 %(count)d 笔付款，合计 %(total)s。") % {
                "count": done,
                "total": format_fen(done_fen),
            }
            self.message_user(request, summary, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("确认已付款"),
            "ready": ready,
            "count": len(ready),
            "total": format_fen(total_fen),
            "total_fen": total_fen,
            "changed": changed,
            "refused": [(p, _why_not_confirmable(p)) for p in payouts if p not in ready],
            "action": "confirm_paid",
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/ledger/payout_confirm.html", context)

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
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/ledger/payout_fail.html", context)


def _why_not_confirmable(payout: Payout):
    """Why staff may not mark this payout paid now, or None (payout_confirm decides again)."""
    if payout.status != Payout.Status.PENDING:
        return payout.get_status_display()
    if payout.method == PayoutMethod.STRIPE:
        return _("Stripe 转账由系统在转账成功后确认。")
    if payout.awaiting_approval:
        return _("待第二位工作人员审批")
    return None
