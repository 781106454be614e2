"""Transfers: sent through a form that calls transfer_create, received line by line through
transfer_receive, never edited."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.errors import NotFound
from core.money import format_fen
from inventory.admin.base import OperationAdmin, ReadOnlyLinesInline, table
from inventory.forms import LineFormSet, ReceiveFormSet, TransferForm
from inventory.models import Location, Transfer, TransferLine
from inventory.selectors import base_location, transfer_discrepancies
from inventory.services import ReceivedLine, transfer_create, transfer_receive


class TransferLineInline(ReadOnlyLinesInline):
    model = TransferLine
    fields = ("variant", "product", "quantity_sent", "quantity_received", "discrepancy", "discrepancy_note")
    readonly_fields = fields

    @admin.display(description=_("差异"))
    def discrepancy(self, obj):
        return "—" if obj.discrepancy is None else f"{obj.discrepancy:+d}"


def _draft_lines(query) -> list[dict]:
    """A draft's lines from the address (?line=<variant id>:<quantity>, as the restock plan links to
    it): prefilled rows to check and send; anything unreadable is left out."""
    lines = []
    for value in query.getlist("line")[:50]:
        variant_id, _sep, quantity = value.partition(":")
        if variant_id.isdigit() and quantity.isdigit() and int(quantity) > 0:
            lines.append({"variant": int(variant_id), "quantity": int(quantity)})
    return lines


@admin.register(Transfer)
class TransferAdmin(OperationAdmin):
    list_display = (
        "__str__",
        "source",
        "destination",
        "status",
        "dispatched_at",
        "received_at",
        "pieces",
        "receive_link",
    )
    list_filter = ("status", "source", "destination")
    search_fields = ("note", "lines__variant__sku")
    list_select_related = ("source", "destination")
    date_hierarchy = "dispatched_at"
    fields = (
        "source",
        "destination",
        "status",
        "dispatched_at",
        "dispatched_by",
        "received_at",
        "received_by",
        "note",
        "discrepancy_report",
    )
    readonly_fields = ("discrepancy_report",)
    inlines = [TransferLineInline]
    actions = ["receive_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(piece_total=Sum("lines__quantity_sent"))

    def get_urls(self):
        receive = self.admin_site.admin_view(self.receive_view)
        note = self.admin_site.admin_view(self.note_view)
        return [
            path("<path:object_id>/receive/", receive, name="inventory_transfer_receive"),
            path("<path:object_id>/note/", note, name="inventory_transfer_note"),
            *super().get_urls(),
        ]

    def can_receive(self, request, obj=None):
        # This admin's change permission is switched off (a transfer is never edited); receiving is
        # what the model's change permission stands for.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    @admin.display(description=_("件数"), ordering="piece_total")
    def pieces(self, obj):
        return obj.piece_total

    @admin.display(description=_("接收"))
    def receive_link(self, obj):
        if obj.status != Transfer.Status.DISPATCHED:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:inventory_transfer_receive", args=[obj.pk]), _("接收")
        )

    @admin.display(description=_("差异"))
    def discrepancy_report(self, obj):
        if obj.status != Transfer.Status.RECEIVED:
            return _("尚未接收。")
        rows = transfer_discrepancies(transfer=obj)
        if not rows:
            return _("实收与发出一致。")
        return table(
            (_("SKU"), _("商品"), _("发出"), _("实收"), _("差异"), _("差异金额"), _("说明")),
            [
                (
                    r.sku,
                    r.product_name,
                    r.quantity_sent,
                    r.quantity_received,
                    f"{r.discrepancy:+d}",
                    format_fen(r.discrepancy_value_fen),
                    r.note,
                )
                for r in rows
            ],
        )

    @admin.action(description=_("接收所选调拨"))
    def receive_selected(self, request, queryset):
        dispatched = list(queryset.filter(status=Transfer.Status.DISPATCHED)[:2])
        if len(dispatched) != 1:
            self.message_user(request, _("请选择一批在途的调拨来接收。"), messages.WARNING)
            return None
        return redirect(reverse("admin:inventory_transfer_receive", args=[dispatched[0].pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        transfer = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_receive": transfer is not None
            and transfer.status == Transfer.Status.DISPATCHED
            and self.can_receive(request, transfer),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def note_view(self, request, object_id):
        """The transfer note, printed at the base and signed by whoever hands over and receives it."""
        transfer = self.get_object(request, object_id)
        if transfer is None:
            raise Http404
        if not self.has_view_permission(request, transfer):
            raise PermissionDenied
        lines = transfer.lines.select_related("variant__product", "variant__artisan").order_by("variant__sku")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": transfer,
            "transfer": transfer,
            "lines": lines,
            "pieces": sum(line.quantity_sent for line in lines),
            "title": _("调拨单 %(transfer)s") % {"transfer": transfer},
        }
        return TemplateResponse(request, "admin/inventory/transfer/note.html", context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial: dict[str, Location | int] = {}
        with contextlib.suppress(NotFound):
            initial["source"] = base_location()
        if request.GET.get("destination", "").isdigit():
            initial["destination"] = int(request.GET["destination"])
        form = TransferForm(request.POST or None, initial=initial)
        formset = LineFormSet(request.POST or None, prefix="lines", initial=_draft_lines(request.GET))
        if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
            data = form.cleaned_data
            lines = formset.line_quantities()
            transfer = self.run_service(
                request,
                form,
                formset,
                lambda: transfer_create(
                    source=data["source"],
                    destination=data["destination"],
                    lines=lines,
                    actor=request.user,
                    note=data["note"],
                    idempotency_key=data["idempotency_key"],
                ),
            )
            if transfer is not None:
                return self.done(
                    request,
                    transfer,
                    _("调拨 %(transfer)s 已发出，共 %(pieces)d 件。")
                    % {"transfer": transfer, "pieces": sum(line.quantity for line in lines)},
                )
        return self.render_operation(
            request,
            _("发出调拨"),
            form=form,
            formset=formset,
            formset_title=_("调拨明细"),
            submit_label=_("确认发出"),
        )

    def receive_view(self, request, object_id):
        transfer = get_object_or_404(Transfer.objects.select_related("source", "destination"), pk=object_id)
        if not self.can_receive(request, transfer):
            raise PermissionDenied
        change_url = reverse("admin:inventory_transfer_change", args=[transfer.pk])
        if transfer.status != Transfer.Status.DISPATCHED:
            self.message_user(request, _("这批调拨已经接收过了。"), messages.WARNING)
            return redirect(change_url)
        lines = list(transfer.lines.select_related("variant__product").order_by("variant__sku"))
        header = forms.Form(request.POST or None)
        formset = ReceiveFormSet(request.POST or None, lines=lines, prefix="lines")
        if request.method == "POST" and all([header.is_valid(), formset.is_valid()]):
            received = [
                ReceivedLine(
                    variant=line.variant,
                    quantity_received=row.cleaned_data["quantity_received"],
                    note=row.cleaned_data["note"].strip(),
                )
                for line, row in zip(lines, formset.forms, strict=True)
            ]
            done = self.run_service(
                request,
                header,
                formset,
                lambda: transfer_receive(transfer=transfer, lines=received, actor=request.user),
            )
            if done is not None:
                self.log_change(request, done, [{"changed": {"fields": ["status"]}}])
                self.message_user(
                    request, _("调拨 %(transfer)s 已接收。") % {"transfer": done}, messages.SUCCESS
                )
                return redirect(change_url)
        return self.render_operation(
            request,
            _("接收调拨 %(transfer)s") % {"transfer": transfer},
            form=header,
            formset=formset,
            formset_title=_("实收数量（已按发出数量预填）"),
            submit_label=_("确认接收"),
            original=transfer,
        )
