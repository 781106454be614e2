"""The admin's front page: what needs doing, above the list of models (config/admin_site.py)."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from carts.models import Cart
from core.errors import DomainError, InvalidImage
from workbench.chart import sales_chart
from workbench.forms import PieceForm, VariantFormSet
from workbench.restock import restock_plan_for_page
from workbench.selectors import front_page
from workbench.services import PieceVariant, piece_create, restock_target_set


def front_page_context(request) -> dict:
    user = request.user
    if not (user.is_active and user.is_staff):
        return {}
    front = front_page()
    context = {"front": front, "front_chart": sales_chart(front.sales)}
    if user.has_perm(RESTOCK_PERMISSION):
        context["front_restock"] = [plan for plan in restock_plan_for_page() if plan.pieces]
    return context


PIECE_PERMISSIONS = ("catalog.add_product", "inventory.add_intake")


def new_piece(request):
    """One screen for a new piece: product, variants with prices in yuan, artisan, photo with a
    preview, and the quantities taken in at the base (workbench.services.piece_create)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (user.is_active and user.is_staff and user.has_perms(PIECE_PERMISSIONS)):
        raise PermissionDenied
    form = PieceForm(request.POST or None, request.FILES or None)
    variants = VariantFormSet(request.POST or None, prefix="variants")
    if request.method == "POST" and form.is_valid() and variants.is_valid():
        data = form.cleaned_data
        try:
            product = piece_create(
                slug=data["slug"],
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                category=data["category"],
                artisan=data["artisan"],
                description_zh=data["description_zh"],
                description_en=data["description_en"],
                is_one_of_a_kind=data["is_one_of_a_kind"],
                photo=data["photo"],
                actor=user,
                variants=[
                    PieceVariant(
                        sku=row["sku"],
                        price_fen=row["price"],
                        quantity=row["quantity"] or 0,
                        name_zh=row["name_zh"],
                        name_en=row["name_en"],
                    )
                    for row in (f.cleaned_data for f in variants.forms if f.has_changed())
                ],
            )
        except DomainError as error:
            field = {"slug": "slug", "category": "category", "images": "photo"}.get(error.field or "")
            if isinstance(error, InvalidImage):
                field = "photo"
            form.add_error(field, str(error.message))
        else:
            pieces = sum(f.cleaned_data["quantity"] or 0 for f in variants.forms if f.has_changed())
            messages.success(
                request,
                _("已登记新作品“%(name)s”，总库入库 %(pieces)d 件。")
                % {"name": product.name_zh, "pieces": pieces},
            )
            return redirect(reverse("admin:catalog_product_change", args=[product.pk]))
    context = {
        **admin.site.each_context(request),
        "title": _("登记新作品"),
        "form": form,
        "variants": variants,
    }
    return render(
        request, "workbench/new_piece.html", context, status=400 if form.errors or variants.errors else 200
    )


RESTOCK_PERMISSION = "inventory.add_transfer"


def restock(request):
    """The restock plan (docs/restock.md): per cart, what to send from the base, a draft transfer in
    one click, and the cart's target days of cover."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (user.is_active and user.is_staff and user.has_perm(RESTOCK_PERMISSION)):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        cart_id = request.POST.get("cart", "")
        cart = Cart.objects.filter(pk=cart_id).first() if cart_id.isdigit() else None
        days = request.POST.get("cover_days", "").strip()
        try:
            if cart is None:
                raise Http404
            restock_target_set(cart=cart, cover_days=int(days) if days.isdigit() else -1, actor=user)
        except DomainError as refused:
            error = (cart.pk, str(refused.message))
        else:
            messages.success(
                request, _("%(cart)s 的备货天数已设为 %(days)s 天。") % {"cart": cart, "days": days}
            )
            return redirect(reverse("workbench:restock"))
    plans = [(plan, _draft_transfer_url(plan)) for plan in restock_plan_for_page()]
    context = {**admin.site.each_context(request), "title": _("补货建议"), "plans": plans, "error": error}
    return render(request, "workbench/restock.html", context, status=400 if error else 200)


def _draft_transfer_url(plan) -> str:
    """The transfer form filled in with the plan's lines for this cart, to check and send."""
    if not plan.suggestions:
        return ""
    query = urlencode(
        [("destination", plan.cart.location_id)]
        + [("line", f"{s.variant.pk}:{s.quantity}") for s in plan.suggestions]
    )
    return f"{reverse('admin:inventory_transfer_add')}?{query}"
