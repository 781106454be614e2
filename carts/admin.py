from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from carts.admin_shift_check import ZCheckFilter, z_difference_rows
from carts.models import Cart, Operator, PaymentMethod, Shift, Site
from carts.selectors import z_report
from carts.services import cart_create, operator_create, operator_pin_set, site_create
from core.errors import DomainError
from core.money import format_fen
from inventory.admin.base import OPERATION_TEMPLATE
from inventory.forms import ServiceAddForm, ServiceAddMixin, show_domain_error


class SiteAddForm(ServiceAddForm):
    class Meta:
        model = Site
        fields = ("code", "name_zh", "name_en", "county_zh", "description_zh", "description_en")

    def create(self, cleaned):
        return site_create(**{name: cleaned[name] for name in self.Meta.fields})


@admin.register(Site)
class SiteAdmin(ServiceAddMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "county_zh")
    search_fields = ("code", "name_zh", "name_en")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = SiteAddForm
        return super().get_form(request, obj, change=change, **kwargs)


class CartAddForm(ServiceAddForm):
    """A new cart gets its stock location, under the same code, from cart_create."""

    class Meta:
        model = Cart
        fields = ("code", "name_zh", "name_en", "site")

    def create(self, cleaned):
        return cart_create(**{name: cleaned[name] for name in self.Meta.fields})


@admin.register(Cart)
class CartAdmin(ServiceAddMixin, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "site", "location", "operator_names", "is_active")
    list_filter = ("site", "is_active")
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("site", "location")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("operators__user")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CartAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return CartAddForm.Meta.fields
        return (
            "code",
            "name_zh",
            "name_en",
            "site",
            "location",
            "is_active",
            ("opens_at", "closes_at"),
            "open_weekdays",
            "directions_zh",
            "directions_en",
        )

    def get_readonly_fields(self, request, obj=None):
        # The code names the cart's location too; the location is the cart's for good.
        return () if obj is None else ("code", "location")

    @admin.display(description=_("运营员"))
    def operator_names(self, obj):
        return "、".join(str(operator) for operator in obj.operators.all()) or "—"


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("PIN"),
        min_length=4,
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
        help_text=_("4 到 6 位数字，运营员在平板上登录时使用。"),
    )
    pin_again = forms.CharField(
        label=_("再输入一次"), max_length=6, widget=forms.PasswordInput(attrs={"inputmode": "numeric"})
    )

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("pin") and cleaned.get("pin") != cleaned.get("pin_again"):
            self.add_error("pin_again", _("两次输入的 PIN 不一致。"))
        return cleaned


class OperatorAddForm(ServiceAddForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput(render_value=True), strip=False)
    display_name = forms.CharField(label=_("显示名"), max_length=100)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)

    class Meta:
        model = Operator
        fields = ("carts", "is_trainee")

    def create(self, cleaned):
        return operator_create(
            username=cleaned["username"],
            password=cleaned["password"],
            display_name=cleaned["display_name"],
            phone=cleaned.get("phone") or None,
            carts=cleaned.get("carts") or [],
            is_trainee=cleaned.get("is_trainee", False),
        )


@admin.register(Operator)
class OperatorAdmin(ServiceAddMixin, admin.ModelAdmin):
    list_display = ("username", "display_name", "cart_names", "is_trainee", "is_active")
    list_filter = ("carts", "is_trainee", "user__is_active")
    search_fields = ("user__username", "user__display_name", "user__phone")
    list_select_related = ("user",)
    filter_horizontal = ("carts",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("carts")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OperatorAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("username", "password", "display_name", "phone", "carts", "is_trainee")
        return ("user", "pin_status", "carts", "is_trainee")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "pin_status")

    def get_urls(self):
        pin = self.admin_site.admin_view(self.pin_view)
        return [path("<path:object_id>/pin/", pin, name="carts_operator_pin"), *super().get_urls()]

    @admin.display(description=_("收银 PIN"))
    def pin_status(self, obj):
        state = _("已设置") if obj.pin_hash else _("未设置")
        url = reverse("admin:carts_operator_pin", args=[obj.pk])
        return format_html('{} · <a href="{}">{}</a>', state, url, _("设置 PIN"))

    def pin_view(self, request, object_id):
        operator = get_object_or_404(Operator.objects.select_related("user"), pk=object_id)
        if not self.has_change_permission(request, operator):
            raise PermissionDenied
        form = PinForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                operator_pin_set(operator=operator, pin=form.cleaned_data["pin"])
            except DomainError as error:
                show_domain_error(error, form)
            else:
                self.log_change(request, operator, [{"changed": {"fields": ["pin_hash"]}}])
                self.message_user(
                    request, _("已为%(operator)s设置收银 PIN。") % {"operator": operator}, messages.SUCCESS
                )
                return redirect(reverse("admin:carts_operator_change", args=[operator.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": Operator._meta,
            "original": operator,
            "title": _("设置收银 PIN：%(operator)s") % {"operator": operator},
            "form": form,
            "form_method": "post",
            "submit_label": _("保存 PIN"),
            "media": form.media,
        }
        return TemplateResponse(request, OPERATION_TEMPLATE, context)

    @admin.display(description=_("用户名"), ordering="user__username")
    def username(self, obj):
        return obj.user.username

    @admin.display(description=_("显示名"), ordering="user__display_name")
    def display_name(self, obj):
        return obj.user.display_name

    @admin.display(description=_("负责的零售车"))
    def cart_names(self, obj):
        return "、".join(cart.name_zh for cart in obj.carts.all()) or "—"

    @admin.display(description=_("启用"), boolean=True, ordering="user__is_active")
    def is_active(self, obj):
        return obj.user.is_active


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    """Shifts are opened and closed on the tablet; here they are looked at, with their Z report."""

    list_display = (
        "cart",
        "operator",
        "device_id",
        "status",
        "opened_at",
        "closed_at",
        "sales_count",
        "z_check",
        "z_report_link",
    )
    list_filter = ("cart", "status", ZCheckFilter)
    search_fields = ("cart__code", "cart__name_zh", "operator__user__username", "device_id")
    list_select_related = ("cart", "operator__user")
    date_hierarchy = "opened_at"
    fields = (
        "cart",
        "operator",
        "device_id",
        "status",
        "opened_at",
        "opening_cash_fen",
        "closed_at",
        "counted_cash_fen",
        "closed_by",
        "note",
        "client_uuid",
        "device_opened_at",
        "device_closed_at",
        "flags",
        "z_check",
        "z_report_link",
    )
    readonly_fields = fields
    change_form_template = "admin/carts/shift/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sales_total=Count("sales"))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.z_report_view)
        return [path("<path:object_id>/z-report/", view, name="carts_shift_z_report"), *super().get_urls()]

    @admin.display(description=_("销售笔数"), ordering="sales_total")
    def sales_count(self, obj):
        return obj.sales_total

    @admin.display(description=_("平板 Z 报表核对"))
    def z_check(self, obj):
        """Where the tablet's Z report differs from the server's: never hidden."""
        if obj.device_z_report is None:
            return "—"
        if not obj.z_differences:
            return _("一致")
        return format_html(
            '<strong class="errornote" style="display:inline;padding:2px 6px">{}</strong>',
            _("%(n)d 项不一致") % {"n": len(obj.z_differences)},
        )

    @admin.display(description=_("Z 报表"))
    def z_report_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:carts_shift_z_report", args=[obj.pk]), _("查看 Z 报表")
        )

    def z_report_view(self, request, object_id):
        shift = get_object_or_404(
            Shift.objects.select_related("cart__site", "operator__user", "closed_by"), pk=object_id
        )
        if not self.has_view_permission(request, shift):
            raise PermissionDenied
        report = z_report(shift=shift)
        labels = dict(PaymentMethod.choices)
        business_zone = ZoneInfo(settings.BUSINESS_TIME_ZONE)
        context = {
            **self.admin_site.each_context(request),
            "opts": Shift._meta,
            "original": shift,
            "title": _("Z 报表：%(shift)s") % {"shift": shift},
            "report": report,
            "shift": shift,
            "opened_at": timezone.localtime(shift.opened_at, business_zone),
            "closed_at": timezone.localtime(shift.closed_at, business_zone) if shift.closed_at else None,
            "time_zone": settings.BUSINESS_TIME_ZONE,
            "methods": [
                (
                    labels[method],
                    total.count,
                    format_fen(total.amount_fen),
                    report.refunds_by_method[method].count,
                    format_fen(report.refunds_by_method[method].amount_fen),
                )
                for method, total in report.totals_by_method.items()
            ],
            "summary": [
                (_("销售笔数"), report.sales_count),
                (_("原价合计"), format_fen(report.gross_fen)),
                (_("优惠"), format_fen(-report.discount_fen)),
                (_("销售额"), format_fen(report.sales_fen)),
                (_("退款笔数"), report.refunds_count),
                (_("退款金额"), format_fen(-report.refunds_fen)),
                (_("净销售额"), format_fen(report.net_fen)),
                (_("需核对的销售"), report.flagged_count),
            ],
            "cash": [
                (_("开班现金"), format_fen(report.opening_cash_fen)),
                (_("现金销售"), format_fen(report.totals_by_method[PaymentMethod.CASH].amount_fen)),
                (_("现金退款"), format_fen(-report.refunds_by_method[PaymentMethod.CASH].amount_fen)),
                (_("应有现金"), format_fen(report.expected_cash_fen)),
                (
                    _("实点现金"),
                    "—" if report.counted_cash_fen is None else format_fen(report.counted_cash_fen),
                ),
                (_("差额"), "—" if report.variance_fen is None else format_fen(report.variance_fen)),
            ],
        }
        context["differences"] = z_difference_rows(shift)
        context["pieces"] = [
            (p.sku, p.product_name, p.variant_name_zh, p.quantity, format_fen(p.amount_fen))
            for p in report.pieces
        ]
        context["device_z"] = shift.device_z_report is not None
        return TemplateResponse(request, "admin/carts/shift/z_report.html", context)


# The review queue and rejected sales; cart refunds with their lines, and their review.
from carts import admin_refunds, admin_review  # noqa: E402,F401
