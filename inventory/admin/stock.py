"""Locations, and the stock levels and movements that are only ever looked at here (adjustments go
through stock_adjust)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.errors import DomainError
from inventory.admin.base import OPERATION_TEMPLATE, LocationFilter, NoWritesAdmin
from inventory.forms import AdjustForm, ServiceAddForm, ServiceAddMixin, show_domain_error
from inventory.models import Location, Movement, StockLevel
from inventory.services import location_create, stock_adjust


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


@admin.register(StockLevel)
class StockLevelAdmin(NoWritesAdmin):
    list_display = (
        "sku",
        "product",
        "artisan",
        "location_name",
        "quantity",
        "allocated",
        "available_now",
        "adjust_link",
    )
    list_filter = (("location", LocationFilter), "location__kind", "variant__product__category")
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

    @admin.display(description=_("库位"), ordering="location__code")
    def location_name(self, obj):
        return obj.location.name_zh

    @admin.display(description=pgettext_lazy("stock action", "调整"))
    def adjust_link(self, obj):
        query = urlencode({"variant": obj.variant_id, "location": obj.location_id})
        url = reverse("admin:inventory_stocklevel_adjust")
        return format_html('<a href="{}?{}">{}</a>', url, query, pgettext_lazy("stock action", "调整"))

    def adjust_view(self, request):
        if not request.user.has_perm("inventory.add_movement"):
            raise PermissionDenied
        # Preselected from the stock list's link; anything but an id is ignored (the SKU picker would
        # look it up and fail).
        given = {key: request.GET.get(key, "") for key in ("variant", "location")}
        initial = {key: value for key, value in given.items() if _an_id(value)}
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


def _an_id(text: str) -> bool:
    """Whether text can be a row's id (digits, fewer than a bigint's 19)."""
    return text.isascii() and text.isdigit() and len(text) <= 18
