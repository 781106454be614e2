"""The admin's writes on an online order (orders.admin): hand it over (order_fulfill) and refund it,
whole or some pieces (order_refund), each through a form whose refusal shows next to its field."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.money import format_fen
from inventory.admin.base import OPERATION_TEMPLATE
from inventory.forms import DocumentLinesFormSet, formset_of, show_domain_error
from orders.models import Order, OrderRefund
from orders.services import order_fulfill, order_refund


class FulfilForm(forms.Form):
    tracking_number = forms.CharField(label=_("快递单号"), max_length=64, required=False)


class RefundForm(forms.Form):
    whole = forms.BooleanField(label=_("全部退款（含运费）"), required=False)
    reason = forms.CharField(
        label=_("退款原因"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefundLineForm(forms.Form):
    quantity = forms.IntegerField(label=_("退款数量"), min_value=0, initial=0)

    def __init__(self, *args, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        if line is not None:
            self.sku = line.sku
            self.extra_cells = (
                line.sku,
                f"{line.product_name_zh} {line.variant_name_zh}".strip(),
                line.quantity,
                line.refunded_quantity,
                format_fen(line.total_fen),
            )


class BaseRefundLineFormSet(DocumentLinesFormSet):
    extra_headers = (_("SKU"), _("商品"), _("数量"), _("已退数量"), _("小计"))
    changed_message = _("订单明细已变化，请重新打开退款页面。")

    def initial_for(self, line) -> dict:
        return {"quantity": 0}


RefundLineFormSet = formset_of(
    RefundLineForm, formset=BaseRefundLineFormSet, extra=0, min_num=0, max_num=1000, validate_max=True
)


def show_refusal(error: DomainError, form, formset=None) -> None:
    """A refusal about one order line goes on that line's quantity; anything else as for stock."""
    line_id = error.params.get("lineId")
    rows = [
        row for row in (formset.forms if formset else []) if row.line is not None and row.line.pk == line_id
    ]
    if error.field == "lines" and rows:
        rows[0].add_error("quantity", str(error.message))
    else:
        show_domain_error(error, form, formset)


class OnlineOrderActions(admin.ModelAdmin):
    """The staff's two writes on an online order: hand it over, refund it (whole or some pieces)."""

    def get_urls(self):
        fulfil = self.admin_site.admin_view(self.fulfil_view)
        refund = self.admin_site.admin_view(self.refund_view)
        return [
            path("<path:object_id>/fulfil/", fulfil, name="orders_order_fulfil"),
            path("<path:object_id>/refund/", refund, name="orders_order_refund"),
            *super().get_urls(),
        ]

    def can_handle(self, request, obj=None):
        # Orders are never edited here; handing over and refunding is what the change permission means.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def _render(self, request, order, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "original": order,
            "form_method": "post",
            **context,
        }

        return TemplateResponse(request, OPERATION_TEMPLATE, context)

    def _call(self, form, formset, call):
        try:
            with transaction.atomic():
                return call()
        except DomainError as error:
            show_refusal(error, form, formset)
            return None

    def fulfil_view(self, request, object_id):
        order = get_object_or_404(Order, pk=object_id)
        if not self.can_handle(request, order):
            raise PermissionDenied
        form = FulfilForm(request.POST or None)
        if order.delivery_method != Order.Delivery.SHIPPING:
            del form.fields["tracking_number"]
        if request.method == "POST" and form.is_valid():
            tracking = form.cleaned_data.get("tracking_number", "")
            done = self._call(
                form, None, lambda: order_fulfill(order=order, actor=request.user, tracking_number=tracking)
            )
            if done is not None:
                self.log_change(request, done, [{"changed": {"fields": ["fulfilment_status"]}}])
                self.message_user(
                    request, _("订单 %(number)s 已交付。") % {"number": done.number}, messages.SUCCESS
                )
                return redirect(reverse("admin:orders_order_change", args=[done.pk]))
        title = _("发货") if order.delivery_method == Order.Delivery.SHIPPING else _("确认自提")
        return self._render(request, order, title, form=form, submit_label=title)

    def refund_view(self, request, object_id):
        order = get_object_or_404(Order, pk=object_id)
        if not self.can_handle(request, order):
            raise PermissionDenied
        lines = list(order.lines.order_by("pk"))
        form = RefundForm(request.POST or None)
        formset = RefundLineFormSet(request.POST or None, lines=lines, prefix="lines")
        if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
            data = form.cleaned_data
            chosen = None
            if not data["whole"]:
                chosen = [
                    (row.line.pk, row.cleaned_data["quantity"])
                    for row in formset.forms
                    if row.cleaned_data["quantity"]
                ]
            refund = self._call(
                form,
                formset,
                lambda: order_refund(order=order, actor=request.user, lines=chosen, reason=data["reason"]),
            )
            if refund is not None:
                self.log_change(
                    request,
                    order,
                    [{"added": {"name": str(OrderRefund._meta.verbose_name), "object": str(refund)}}],
                )
                self.message_user(
                    request,
                    _("已退款 %(amount)s（%(reference)s）。")
                    % {"amount": format_fen(refund.amount_fen), "reference": refund.reference},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:orders_order_change", args=[order.pk]))
        return self._render(
            request,
            order,
            _("退款"),
            form=form,
            formset=formset,
            formset_title=_("按件退款（勾选“全部退款”时不必填写）"),
            submit_label=_("确认退款"),
        )

    @admin.action(description=_("发货 / 确认自提"))
    def fulfil_selected(self, request, queryset):
        return self._one(request, queryset, "admin:orders_order_fulfil")

    @admin.action(description=_("退款"))
    def refund_selected(self, request, queryset):
        return self._one(request, queryset, "admin:orders_order_refund")

    def _one(self, request, queryset, url_name):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, _("请只选择一个订单。"), messages.WARNING)
            return None
        return redirect(reverse(url_name, args=[chosen[0].pk]))

    @admin.display(description=_("网店订单"))
    def online_summary(self, obj):
        if obj.channel != Order.Channel.ONLINE:
            return "—"
        if obj.delivery_method == Order.Delivery.SHIPPING:
            region = obj.shipping_region.name_zh if obj.shipping_region else ""
            delivery = f"{obj.recipient_name} · {region} {obj.shipping_address}"
        else:
            delivery = str(obj.location)
        rows = [
            (_("交付方式"), obj.get_delivery_method_display()),
            (_("交付"), delivery),
            (_("运费"), format_fen(obj.shipping_fen)),
            (_("交付状态"), obj.get_fulfilment_status_display()),
            (_("快递单号"), obj.tracking_number or "—"),
            (_("邮箱"), obj.email or "—"),
            (_("电话"), obj.phone or "—"),
            (_("推广活动"), str(obj.campaign) if obj.campaign else "—"),
        ]
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        links = []
        if obj.fulfilment_status == Order.Fulfilment.UNFULFILLED and obj.status != Order.Status.REFUNDED:
            links.append((reverse("admin:orders_order_fulfil", args=[obj.pk]), _("发货 / 确认自提")))
        if obj.status != Order.Status.REFUNDED:
            links.append((reverse("admin:orders_order_refund", args=[obj.pk]), _("退款")))
        return format_html(
            "<table>{}</table><p>{}</p>", table, format_html_join(" · ", '<a href="{}">{}</a>', links)
        )

    @admin.display(description=_("退款记录"))
    def refund_summary(self, obj):
        refunds = list(obj.refunds.order_by("created_at", "pk"))
        if not refunds:
            return "—"
        rows = [
            (
                refund.reference,
                format_fen(refund.amount_fen),
                timezone.localtime(refund.created_at).strftime("%Y-%m-%d %H:%M"),
                refund.reason or "—",
            )
            for refund in refunds
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )
