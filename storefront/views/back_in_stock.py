""" "Tell me when it is back" on a sold-out piece's page: the request, and its unsubscribe link."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.clients import client_ip
from core.errors import NotFound, ValidationFailed
from inventory.services import back_in_stock_subscribe, back_in_stock_unsubscribe
from storefront import selectors, services
from storefront.forms import BackInStockForm
from storefront.views import found_or_404


def back_in_stock_form(detail, data=None) -> BackInStockForm | None:
    """The form for a product page: offered when a variant of it is sold out everywhere."""
    sold_out = [row.variant for row in detail.variants if not row.online and not row.carts]
    if not sold_out:
        return None
    return BackInStockForm(data, variants=sold_out, product_name=detail.product.name)


def _product_url(slug: str) -> str:
    return reverse("storefront:product", kwargs={"slug": slug})


@require_POST
def subscribe(request, slug):
    detail = found_or_404(selectors.product_detail, slug=slug)
    form = back_in_stock_form(detail, request.POST)
    if form is None:
        messages.info(request, _("这件作品现在有货，可以直接购买。"))
        return redirect(_product_url(slug))
    status = 400
    if form.is_valid():
        if services.back_in_stock_request_allowed(address=client_ip(request)):
            try:
                back_in_stock_subscribe(
                    variant=form.chosen_variant,
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    language=get_language(),
                )
            except ValidationFailed as error:
                form.add_error(error.field or "phone", str(error.message))
            else:
                messages.success(request, _("好的，到货时我们会通知您一次。"))
                return redirect(_product_url(slug) + "#back-in-stock")
        else:
            wait = {"minutes": settings.BACK_IN_STOCK_WINDOW_SECONDS // 60}
            form.add_error("phone", _("提交次数太多，请 %(minutes)d 分钟后再试。") % wait)
            status = 429
    context = {"detail": detail, "chosen_sku": "", "back_in_stock": form}
    return render(request, "storefront/product.html", context, status=status)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in the message: a page with one button (a link a mail scanner opens changes nothing)."""
    subscription = selectors.back_in_stock_subscription(token=token)
    if subscription is None:
        return render(
            request, "storefront/back_in_stock_unsubscribe.html", {"subscription": None}, status=404
        )
    done = False
    if request.method == "POST":
        try:
            subscription = back_in_stock_unsubscribe(token=token)
        except NotFound:  # withdrawn and gone between the two reads
            return redirect("storefront:home")
        done = True
    context = {"subscription": subscription, "done": done}
    return render(request, "storefront/back_in_stock_unsubscribe.html", context)
