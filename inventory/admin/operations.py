"""Intake and counts: entered through forms that call their service, then shown read-only."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from core.money import format_fen
from inventory.admin.base import OperationAdmin, ReadOnlyLinesInline, table
from inventory.forms import (
    CountForm,
    CountLineFormSet,
    CountLocationForm,
    IntakeForm,
    LineFormSet,
    count_rest_as_zero,
)
from inventory.models import Intake, IntakeLine, StockCount
from inventory.selectors import count_variance_report, stock_at_location
from inventory.services import CountedLine, intake_create, stock_count_submit

REST_AS_ZERO = "_rest_as_zero"  # the count form's second button


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
            lines = formset.line_quantities()
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

    @admin.display(description=_("盘点差异表"))
    def variance_report(self, obj):
        report = count_variance_report(count=obj)
        rows: list[tuple] = [
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
        data = request.POST or None
        rest_zero = request.method == "POST" and REST_AS_ZERO in request.POST
        if rest_zero:
            # Blank is "not counted"; zero for the rest is what staff ask for, and see before submitting.
            data, marked = count_rest_as_zero(request.POST, prefix="lines")
            self.message_user(
                request,
                _("其余 %(rows)d 行已记为 0，核对后再提交。") % {"rows": marked},
                messages.INFO,
            )
        form = CountForm(data, initial={"location": location})
        # On submit the rows are what was posted: the stock may have moved since the form was opened.
        formset = CountLineFormSet(data, prefix="lines", initial=None if data else initial)
        if request.method == "POST" and not rest_zero and all([form.is_valid(), formset.is_valid()]):
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
            other_submit={"name": REST_AS_ZERO, "label": _("把其余记为 0")},
        )
