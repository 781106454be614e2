"""Admin forms for stock operations. They only parse and check the shape of what staff typed; every
rule of the business is the service's, and its refusal is put back on the form by show_domain_error."""

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan
from catalog.models import Variant
from core.errors import DomainError, InsufficientStock
from inventory.models import Intake, IntakeLine, Location
from inventory.services import LineQuantity

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _snake(name: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name)


def show_domain_error(
    error: DomainError, form: forms.BaseForm, formset: forms.BaseFormSet | None = None
) -> None:
    """Put a service's refusal where staff will look: on the line it names (by SKU), on the field it
    names, else (a SKU no line holds included) on top of the form."""
    field = _snake(error.field) if error.field else None
    skus = error.params.get("skus") or ([error.params["sku"]] if "sku" in error.params else [])
    if formset is not None and field == "lines":
        rows = [row for row in formset.forms if getattr(row, "sku", None) in skus]
        # Short of stock is about the quantity; anything else said of a SKU is about the SKU itself.
        row_field = "quantity" if isinstance(error, InsufficientStock) else "variant"
        for row in rows:
            row.add_error(row_field if row_field in row.fields else None, str(error.message))
        if rows:
            return
        field = None  # about a SKU no line holds: on top of the form
    form.add_error(field if field in form.fields else None, str(error.message))


_FormSet = TypeVar("_FormSet", bound=forms.BaseFormSet)


def formset_of(form: type[forms.BaseForm], *, formset: type[_FormSet], **options) -> type[_FormSet]:
    """forms.formset_factory, typed as what it makes: a subclass of `formset` (the stubs say only
    BaseFormSet)."""
    return cast(type[_FormSet], forms.formset_factory(form, formset=formset, **options))


class ServiceAddForm(forms.ModelForm):
    """An admin add form that writes through a service as its last validation step (inside the
    admin's transaction), so the service's refusal shows next to its field and nothing is written."""

    # The one service call that makes the row from the cleaned data; every subclass defines it
    # (checked when the subclass is made, not when a clerk first submits the form).
    create: Callable[[dict], Model]
    created = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "create", None)):
            raise TypeError(
                f"{cls.__name__} must define create(self, cleaned): the service call that makes its row"
            )

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self.errors:
            return
        try:
            self.created = self.create(self.cleaned_data)
        except DomainError as error:
            show_domain_error(error, self)


class ServiceAddMixin(admin.ModelAdmin):
    """For a ModelAdmin whose add form is a ServiceAddForm: the admin carries on (log entry,
    redirect) with the row the service made instead of saving the form's own instance."""

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = form.created
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)


class VariantChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("SKU"))
        kwargs.setdefault("widget", AutocompleteSelect(IntakeLine._meta.get_field("variant"), admin.site))
        super().__init__(
            queryset=Variant.objects.select_related("product", "artisan").order_by("sku"), **kwargs
        )

    def label_from_instance(self, obj):
        return f"{obj.sku} {obj.product.name_zh} {obj.name_zh}（{obj.artisan.name_zh}）".replace(" （", "（")


def locations(**filters):
    return Location.objects.filter(is_active=True, **filters).order_by("kind", "code")


class OperationForm(forms.Form):
    """A stock operation's header. The hidden key makes a double submit record the operation once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", f"admin-{uuid.uuid4().hex}")
        super().__init__(*args, **kwargs)


class LineForm(forms.Form):
    variant = VariantChoiceField()
    quantity = forms.IntegerField(label=_("数量"), min_value=1)

    @property
    def sku(self):
        variant = getattr(self, "cleaned_data", {}).get("variant")
        return variant.sku if variant else None


class BaseLineFormSet(forms.BaseFormSet):
    """Blank rows are left out; what is filled in becomes the lines handed to the service."""

    def filled_forms(self):
        return [row for row in self.forms if row.has_changed() and not row.errors]

    def line_quantities(self) -> list[LineQuantity]:
        return [
            LineQuantity(variant=row.cleaned_data["variant"], quantity=row.cleaned_data["quantity"])
            for row in self.filled_forms()
        ]


LineFormSet = formset_of(LineForm, formset=BaseLineFormSet, extra=8)


class IntakeForm(OperationForm):
    artisan = forms.ModelChoiceField(
        label=_("手工艺人"),
        queryset=Artisan.objects.filter(is_active=True),
        widget=AutocompleteSelect(Intake._meta.get_field("artisan"), admin.site),
    )
    location = forms.ModelChoiceField(
        label=_("入库库位"), queryset=locations(), required=False, help_text=_("留空即入总库。")
    )
    field_order = ("artisan", "location", "note")


class TransferForm(OperationForm):
    source = forms.ModelChoiceField(label=_("发出库位"), queryset=locations())
    destination = forms.ModelChoiceField(label=_("接收库位"), queryset=locations())
    field_order = ("source", "destination", "note")


class ReceiveLineForm(forms.Form):
    """One line of a dispatched transfer: what arrived (prefilled with what was sent) and why not all."""

    quantity_received = forms.IntegerField(label=_("实收数量"), min_value=0)
    note = forms.CharField(label=_("差异说明"), max_length=300, required=False)

    def __init__(self, *args, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.sku = line.variant.sku if line is not None else None
        if line is not None:
            self.extra_cells = (
                line.variant.sku,
                f"{line.variant.product.name_zh} {line.variant.name_zh}",
                line.quantity_sent,
            )


class DocumentLinesFormSet(forms.BaseFormSet):
    """One form per line of a document that already exists (a transfer's lines, an order's), each
    form given its line; a POST whose forms no longer match the lines (the document changed
    meanwhile) is refused with `changed_message` rather than applied to the wrong lines."""

    changed_message: "StrOrPromise" = ""

    def __init__(self, *args, lines=(), **kwargs):
        self.lines = list(lines)
        kwargs.setdefault("initial", [self.initial_for(line) for line in self.lines])
        super().__init__(*args, **kwargs)

    def initial_for(self, line) -> dict:
        return {}

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["line"] = self.lines[index] if index is not None and index < len(self.lines) else None
        return kwargs

    def clean(self):
        if len(self.forms) != len(self.lines):
            raise forms.ValidationError(self.changed_message)


class BaseReceiveFormSet(DocumentLinesFormSet):
    extra_headers = (_("SKU"), _("商品"), _("发出数量"))
    changed_message = _("调拨明细已变化，请重新打开接收页面。")

    def initial_for(self, line) -> dict:
        return {"quantity_received": line.quantity_sent}


ReceiveFormSet = formset_of(
    ReceiveLineForm, formset=BaseReceiveFormSet, extra=0, min_num=0, max_num=1000, validate_max=True
)


class CountLocationForm(forms.Form):
    location = forms.ModelChoiceField(label=_("盘点库位"), queryset=locations())


class CountForm(OperationForm):
    location = forms.ModelChoiceField(label=_("盘点库位"), queryset=locations(), widget=forms.HiddenInput)


class CountLineForm(forms.Form):
    """A counted SKU. Left blank, the line is not part of this count."""

    variant = VariantChoiceField(required=False)
    counted = forms.IntegerField(label=_("实盘数量"), min_value=0, required=False)

    @property
    def sku(self):
        variant = getattr(self, "cleaned_data", {}).get("variant")
        return variant.sku if variant else None

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("counted") is not None and not cleaned.get("variant") and "variant" not in self.errors:
            self.add_error("variant", _("请选择 SKU。"))
        return cleaned


class BaseCountFormSet(BaseLineFormSet):
    def filled_forms(self):
        return [row for row in super().filled_forms() if row.cleaned_data.get("counted") is not None]


CountLineFormSet = formset_of(CountLineForm, formset=BaseCountFormSet, extra=5)


def count_rest_as_zero(data, *, prefix: str):
    """The posted count with 0 in every row that names a SKU and was left blank, and how many rows
    that was: what staff ask for with "mark the rest as 0", shown to them before they submit."""
    data = data.copy()
    marked = 0
    for row in CountLineFormSet(data, prefix=prefix).forms:
        if data.get(row.add_prefix("variant")) and not data.get(row.add_prefix("counted"), "").strip():
            data[row.add_prefix("counted")] = "0"
            marked += 1
    return data, marked


class AdjustForm(forms.Form):
    variant = VariantChoiceField()
    location = forms.ModelChoiceField(label=_("库位"), queryset=locations())
    quantity = forms.IntegerField(label=_("调整数量"), help_text=_("增加填正数，减少填负数，例如 -1。"))
    reason = forms.CharField(label=_("原因"), max_length=300)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=120)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", f"admin-{uuid.uuid4().hex}")
        super().__init__(*args, **kwargs)

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError(_("调整数量不能为 0。"))
        return quantity
