"""The checkout form: every field is checked here first, so bad input is shown next to its field
before any service is called."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.models import Location
from orders.models import ShippingRegion

PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")


def contact_phone(value: str) -> str:
    """A phone number given as a contact (checkout, "tell me when it is back"): blank or a phone."""
    phone = value.strip()
    if phone and not PHONE.match(phone):
        raise forms.ValidationError(_("请填写有效的手机号。"))
    return phone


def require_a_contact(form: forms.Form, data: dict) -> None:
    """A phone or an email, at least one (said next to the phone, unless either is already wrong)."""
    if (
        not data.get("phone")
        and not data.get("email")
        and not form.has_error("phone")
        and not form.has_error("email")
    ):
        form.add_error("phone", _("请填写手机号或邮箱，至少一项。"))


class TelInput(forms.TextInput):
    """A phone number field: type="tel" brings up the phone's number pad."""

    input_type = "tel"


class CheckoutForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=30, required=False, widget=TelInput)
    email = forms.EmailField(
        label=_("邮箱"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("请填写有效的邮箱地址。")},
    )
    method = forms.ChoiceField(
        label=_("交付方式"),
        choices=[("pickup", _("到零售车自提")), ("shipping", _("快递到家"))],
        widget=forms.RadioSelect,
    )
    pickup_location = forms.ModelChoiceField(
        label=_("自提零售车"), queryset=Location.objects.none(), required=False, empty_label=_("请选择零售车")
    )
    shipping_region = forms.ModelChoiceField(
        label=_("配送地区"),
        queryset=ShippingRegion.objects.none(),
        required=False,
        empty_label=_("请选择地区"),
    )
    recipient_name = forms.CharField(label=_("收件人"), max_length=100, required=False)
    shipping_address = forms.CharField(
        label=_("收货地址"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, carts, regions, **kwargs):
        """carts: the storefront.pickup choices that hold the whole basket, the only ones offered."""
        super().__init__(*args, **kwargs)
        self.carts = {choice.cart.location_id: choice for choice in carts}
        self.fields["pickup_location"].queryset = Location.objects.filter(pk__in=list(self.carts))
        self.fields["pickup_location"].label_from_instance = self._cart_label
        self.fields["shipping_region"].queryset = regions
        self.fields["shipping_region"].label_from_instance = lambda region: region.name
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["recipient_name"].widget.attrs.update(autocomplete="name")
        self.fields["shipping_address"].widget.attrs.update(autocomplete="street-address")

    def _cart_label(self, location) -> str:
        choice = self.carts[location.pk]
        if choice.cart.opens_at is None:  # staff have not said its hours
            return choice.cart.name
        if choice.hours_today is None:
            return _("%(cart)s（今天不出摊）") % {"cart": choice.cart.name}
        opens, closes = choice.hours_today
        return _("%(cart)s（今天 %(opens)s–%(closes)s）") % {
            "cart": choice.cart.name,
            "opens": f"{opens:%H:%M}",
            "closes": f"{closes:%H:%M}",
        }

    def clean_phone(self):
        return contact_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        require_a_contact(self, data)
        if data.get("method") == "pickup" and not self.carts:
            self.add_error(
                "method", _("没有一辆零售车有购物篮里的全部作品，请选择快递到家，或减少购物篮里的作品。")
            )
        elif data.get("method") == "pickup" and not data.get("pickup_location"):
            self.add_error("pickup_location", _("请选择自提的零售车。"))
        if data.get("method") == "shipping":
            if not data.get("shipping_region"):
                self.add_error("shipping_region", _("请选择配送地区。"))
            if not (data.get("recipient_name") or "").strip():
                self.add_error("recipient_name", _("请填写收件人。"))
            if len((data.get("shipping_address") or "").strip()) < 5:
                self.add_error("shipping_address", _("请填写完整的收货地址。"))
        return data


class OrderLookupForm(forms.Form):
    """Find an online order by the phone number given at checkout and its order number."""

    phone = forms.CharField(label=_("手机号"), max_length=30, widget=TelInput)
    number = forms.CharField(label=_("订单号"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["number"].widget.attrs.update(autocomplete="off", autocapitalize="characters")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError(_("请填写有效的手机号。"))
        return phone


class BackInStockForm(forms.Form):
    """ "Tell me when it is back" on a product page: which sold-out variant, and a phone or an email
    (checked as the checkout checks them)."""

    variant = forms.ChoiceField(label=_("规格"))
    phone = forms.CharField(label=_("手机号"), max_length=30, required=False, widget=TelInput)
    email = forms.EmailField(
        label=_("邮箱"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("请填写有效的邮箱地址。")},
    )

    def __init__(self, *args, variants, product_name: str, **kwargs):
        """variants: the product's sold-out variants, the only ones offered."""
        super().__init__(*args, **kwargs)
        self.variants = {str(variant.pk): variant for variant in variants}
        self.fields["variant"].choices = [
            (pk, variant.name or product_name) for pk, variant in self.variants.items()
        ]
        if len(self.variants) == 1:
            self.fields["variant"].widget = forms.HiddenInput()
            self.initial.setdefault("variant", next(iter(self.variants)))
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel")

    def clean_phone(self):
        return contact_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        require_a_contact(self, data)
        return data

    @property
    def chosen_variant(self):
        return self.variants[self.cleaned_data["variant"]]
