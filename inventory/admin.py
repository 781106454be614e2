"""Stock in the admin. Nothing here writes a stock row: intake, transfers, receipts, counts and
adjustments are forms that call inventory.services; what they made is shown read-only afterwards."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotFound
from core.money import format_fen
from inventory.forms import (
    AdjustForm,
    CountForm,
    CountLineFormSet,
    CountLocationForm,
    IntakeForm,
    LineFormSet,
    ReceiveFormSet,
    ServiceAddForm,
    ServiceAddMixin,
    TransferForm,
    show_domain_error,
)
from inventory.models import (
    Intake,
    IntakeLine,
    Location,
    Movement,
    StockCount,
    StockLevel,
    Transfer,
    TransferLine,
)
from inventory.selectors import (
    base_location,
    count_variance_report,
    stock_at_location,
    transfer_discrepancies,
)
from inventory.services import (
    CountedLine,
    LineQuantity,
    ReceivedLine,
    intake_create,
    location_create,
    stock_adjust,
    stock_count_submit,
    transfer_create,
    transfer_receive,
)

OPERATION_TEMPLATE = "admin/inventory/operation_form.html"


def table(headers, rows):
    """A small HTML table for a read-only report field."""
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


class LocationAddForm(ServiceAddForm):
    class Meta:
        model = Location
        fields = ("code", "kind", "name_zh", "name_en", "address_zh")

    def create(self, cleaned):
        return location_create(**{name: cleaned[name] for name in self.Meta.fields})


@admin.register(Location)
class LocationAdmin(ServiceAddMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "kind", "address_zh", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name_zh", "name_en")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = LocationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Stock, transfers and the cart refer to a location by what it is: its code and kind stay.
        return () if obj is None else ("code", "kind")

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyLinesInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[self.parent_model].has_view_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variant__product").order_by("variant__sku")

    @admin.display(description=_("商品"))
    def product(self, obj):
        return f"{obj.variant.product.name_zh} {obj.variant.name_zh}".strip()


class OperationAdmin(admin.ModelAdmin):
    """An operation is a record: it is made by its service through the add form and never edited."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_operation(self, request, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form_method": "post",
            **context,
        }
        media = forms.Media()
        for part in (context.get("form"), context.get("formset")):
            if part is not None:
                media += part.media
        context["media"] = media
        return TemplateResponse(request, OPERATION_TEMPLATE, context)

    def run_service(self, request, form, formset, call):
        """Call the service in a savepoint; on a domain error put it on the form and return None."""
        try:
            with transaction.atomic():
                return call()
        except DomainError as error:
            show_domain_error(error, form, formset)
            return None

    def done(self, request, obj, message):
        self.log_addition(request, obj, [{"added": {}}])
        self.message_user(request, message, messages.SUCCESS)
        return redirect(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))


class IntakeLineInline(ReadOnlyLinesInline):
    model = IntakeLine
    fields = ("variant", "product", "quantity")
    readonly_fields = fields


@admin.register(Intake)
class IntakeAdmin(OperationAdmin):
    list_display = ("__str__", "artisan", "location", "received_at", "received_by", "pieces")
    list_filter = ("location", "artisan")
    search_fields = (
        "artisan__name_zh",
        "artisan__name_latin",
        "artisan__code",
        "note",
        "lines__variant__sku",
    )
    list_select_related = ("artisan", "location", "received_by")
    date_hierarchy = "received_at"
    fields = ("artisan", "location", "received_at", "received_by", "note")
    inlines = [IntakeLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(piece_total=Sum("lines__quantity"))

    @admin.display(description=_("件数"), ordering="piece_total")
    def pieces(self, obj):
        return obj.piece_total

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IntakeForm(request.POST or None)
        formset = LineFormSet(request.POST or None, prefix="lines")
        if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
            data = form.cleaned_data
            lines = [
                LineQuantity(variant=row.cleaned_data["variant"], quantity=row.cleaned_data["quantity"])
                for row in formset.filled_forms()
            ]
            intake = self.run_service(
                request,
                form,
                formset,
                lambda: intake_create(
                    artisan=data["artisan"],
                    lines=lines,
                    actor=request.user,
                    location=data["location"],
                    note=data["note"],
                    idempotency_key=data["idempotency_key"],
                ),
            )
            if intake is not None:
                pieces = sum(line.quantity for line in lines)
                return self.done(
                    request,
                    intake,
                    _("已记录寄售入库 %(intake)s，共 %(pieces)d 件。") % {"intake": intake, "pieces": pieces},
                )
        return self.render_operation(
            request,
            _("登记寄售入库"),
            form=form,
            formset=formset,
            formset_title=_("入库明细"),
            submit_label=_("确认入库"),
        )


class TransferLineInline(ReadOnlyLinesInline):
    model = TransferLine
    fields = ("variant", "product", "quantity_sent", "quantity_received", "discrepancy", "discrepancy_note")
    readonly_fields = fields

    @admin.display(description=_("差异"))
    def discrepancy(self, obj):
        return "—" if obj.discrepancy is None else f"{obj.discrepancy:+d}"


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
        return [
            path("<path:object_id>/receive/", receive, name="inventory_transfer_receive"),
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

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {}
        with contextlib.suppress(NotFound):
            initial["source"] = base_location()
        form = TransferForm(request.POST or None, initial=initial)
        formset = LineFormSet(request.POST or None, prefix="lines")
        if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
            data = form.cleaned_data
            lines = [
                LineQuantity(variant=row.cleaned_data["variant"], quantity=row.cleaned_data["quantity"])
                for row in formset.filled_forms()
            ]
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


@admin.register(StockCount)
class StockCountAdmin(OperationAdmin):
    list_display = ("__str__", "location", "counted_at", "counted_by", "line_count", "variance")
    list_filter = ("location",)
    search_fields = ("note", "lines__variant__sku")
    list_select_related = ("location", "counted_by")
    date_hierarchy = "counted_at"
    fields = ("location", "counted_at", "counted_by", "note", "variance_report")
    readonly_fields = ("variance_report",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lines_total=Count("lines"))

    @admin.display(description=_("盘点行数"), ordering="lines_total")
    def line_count(self, obj):
        return obj.lines_total

    @admin.display(description=_("差异件数"))
    def variance(self, obj):
        return f"{count_variance_report(count=obj).total_variance:+d}"

    @admin.display(description=_("盘点差异"))
    def variance_report(self, obj):
        report = count_variance_report(count=obj)
        rows = [
            (
                r.sku,
                r.product_name,
                r.expected,
                r.counted,
                f"{r.variance:+d}",
                format_fen(r.variance_value_fen),
            )
            for r in report.rows
        ]
        rows.append(
            (
                _("合计"),
                "",
                report.total_expected,
                report.total_counted,
                f"{report.total_variance:+d}",
                format_fen(report.total_variance_value_fen),
            )
        )
        return table((_("SKU"), _("商品"), _("账面"), _("实盘"), _("差异"), _("差异金额")), rows)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        picker = CountLocationForm(request.GET or None)
        if not picker.is_valid():
            return self.render_operation(
                request, _("盘点：选择库位"), form=picker, form_method="get", submit_label=_("下一步")
            )
        location = picker.cleaned_data["location"]
        initial = [
            {"variant": level.variant} for level in stock_at_location(location=location) if level.quantity
        ]
        form = CountForm(request.POST or None, initial={"location": location})
        formset = CountLineFormSet(request.POST or None, prefix="lines", initial=initial)
        if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
            data = form.cleaned_data
            lines = [
                CountedLine(variant=row.cleaned_data["variant"], counted=row.cleaned_data["counted"])
                for row in formset.filled_forms()
            ]
            count = self.run_service(
                request,
                form,
                formset,
                lambda: stock_count_submit(
                    location=data["location"],
                    lines=lines,
                    actor=request.user,
                    note=data["note"],
                    idempotency_key=data["idempotency_key"],
                ),
            )
            if count is not None:
                report = count_variance_report(count=count)
                return self.done(
                    request,
                    count,
                    _("盘点 %(count)s 已提交，差异 %(variance)+d 件。")
                    % {"count": count, "variance": report.total_variance},
                )
        return self.render_operation(
            request,
            _("盘点 %(location)s") % {"location": location},
            form=form,
            formset=formset,
            formset_title=_("实盘数量（留空的行不计入本次盘点）"),
            submit_label=_("提交盘点"),
        )


class NoWritesAdmin(admin.ModelAdmin):
    """A projection or a journal: looked at, never added to, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockLevel)
class StockLevelAdmin(NoWritesAdmin):
    list_display = (
        "sku",
        "product",
        "artisan",
        "location",
        "quantity",
        "allocated",
        "available_now",
        "adjust_link",
    )
    list_filter = ("location", "location__kind", "variant__product__category")
    search_fields = ("variant__sku", "variant__product__name_zh", "variant__product__name_en")
    list_select_related = ("variant__product", "variant__artisan", "location")
    ordering = ("variant__sku", "location__code")

    def get_urls(self):
        adjust = self.admin_site.admin_view(self.adjust_view)
        return [path("adjust/", adjust, name="inventory_stocklevel_adjust"), *super().get_urls()]

    @admin.display(description=_("SKU"), ordering="variant__sku")
    def sku(self, obj):
        return obj.variant.sku

    @admin.display(description=_("商品"), ordering="variant__product__name_zh")
    def product(self, obj):
        return f"{obj.variant.product.name_zh} {obj.variant.name_zh}".strip()

    @admin.display(description=_("手工艺人"))
    def artisan(self, obj):
        return obj.variant.artisan.name_zh

    @admin.display(description=_("可售"))
    def available_now(self, obj):
        return obj.available

    @admin.display(description=_("调整"))
    def adjust_link(self, obj):
        url = reverse("admin:inventory_stocklevel_adjust")
        return format_html(
            '<a href="{}?variant={}&location={}">{}</a>', url, obj.variant_id, obj.location_id, _("调整")
        )

    def adjust_view(self, request):
        if not request.user.has_perm("inventory.add_movement"):
            raise PermissionDenied
        initial = {key: request.GET[key] for key in ("variant", "location") if request.GET.get(key)}
        form = AdjustForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    movement = stock_adjust(
                        variant=data["variant"],
                        location=data["location"],
                        quantity=data["quantity"],
                        reason=data["reason"],
                        actor=request.user,
                        idempotency_key=data["idempotency_key"],
                    )
            except DomainError as error:
                show_domain_error(error, form)
            else:
                self.log_addition(request, movement, [{"added": {}}])
                self.message_user(
                    request, _("已调整库存：%(movement)s。") % {"movement": movement}, messages.SUCCESS
                )
                return redirect(reverse("admin:inventory_stocklevel_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("调整库存"),
            "form": form,
            "form_method": "post",
            "submit_label": _("确认调整"),
            "media": form.media,
        }
        return TemplateResponse(request, OPERATION_TEMPLATE, context)


@admin.register(Movement)
class MovementAdmin(NoWritesAdmin):
    list_display = (
        "created_at",
        "kind",
        "sku",
        "location",
        "signed_quantity",
        "source_document",
        "reason",
        "actor",
    )
    list_filter = ("location", "kind")
    search_fields = ("variant__sku", "reference", "reason")
    list_select_related = ("variant", "location", "actor", "intake", "transfer", "count")
    date_hierarchy = "created_at"

    @admin.display(description=_("SKU"), ordering="variant__sku")
    def sku(self, obj):
        return obj.variant.sku

    @admin.display(description=_("数量"), ordering="quantity")
    def signed_quantity(self, obj):
        return f"{obj.quantity:+d}"

    @admin.display(description=_("单据"))
    def source_document(self, obj):
        for document in (obj.intake, obj.transfer, obj.count):
            if document is not None:
                url = reverse(f"admin:inventory_{document._meta.model_name}_change", args=[document.pk])
                return format_html('<a href="{}">{}</a>', url, document)
        return obj.reference or "—"
