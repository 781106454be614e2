from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from carts.models import Cart, Operator, Site
from carts.services import cart_create, operator_create, site_create
from inventory.forms import ServiceAddForm, ServiceAddMixin


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
        return ("code", "name_zh", "name_en", "site", "location", "is_active")

    def get_readonly_fields(self, request, obj=None):
        # The code names the cart's location too; the location is the cart's for good.
        return () if obj is None else ("code", "location")

    @admin.display(description=_("运营员"))
    def operator_names(self, obj):
        return "、".join(str(operator) for operator in obj.operators.all()) or "—"


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
        return ("user", "carts", "is_trainee")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user",)

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
