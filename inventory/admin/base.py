"""What the stock admins share: read-only records, the operation page, report tables."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from inventory.forms import show_domain_error

OPERATION_TEMPLATE = "admin/inventory/operation_form.html"


def table(headers, rows):
    """A small HTML table for a read-only report field."""
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


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
        return self.admin_site.get_model_admin(self.parent_model).has_view_permission(request, obj)

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


class LocationFilter(admin.RelatedFieldListFilter):
    """StockLevel.location has no verbose name of its own; the filter still reads 库位."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("库位")


class NoWritesAdmin(admin.ModelAdmin):
    """A projection or a journal: looked at, never added to, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
