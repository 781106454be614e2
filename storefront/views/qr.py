"""Printable QR codes for staff: a sheet of tags per product, an A4 poster per cart, a campaign's
link. The codes are inline SVG made by segno, pointing at SITE_URL (the public address)."""

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from storefront import selectors
from storefront.views import found_or_404


def qr_svg(url: str, *, scale: int = 4) -> str:
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, border=2, omitsize=True))  # noqa: S308 (segno's own SVG)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@staff_member_required
def qr_index(request):
    context = {
        **admin.site.each_context(request),  # the staff pages' look: the admin's header and sidebar
        "title": _("可打印的二维码"),
        "carts": selectors.active_carts(),
        "campaigns": selectors.campaign_list(),
        "products": selectors.listing_page(selectors.listing_products(), number=1, size=500).products,
    }
    return render(request, "storefront/qr_index.html", context)


@staff_member_required
def product_tags(request, slug):
    detail = found_or_404(selectors.product_detail, slug=slug)
    path = reverse("storefront:product", kwargs={"slug": slug})
    try:
        copies = min(max(int(request.GET.get("copies", "4")), 1), 40)
    except ValueError:
        copies = 4
    tags = []
    for row in detail.variants:
        url = absolute(f"{path}?v={row.variant.sku}") if len(detail.variants) > 1 else absolute(path)
        tag = {"variant": row.variant, "url": url, "svg": qr_svg(url, scale=3)}
        tags.extend([tag] * copies)
    return render(
        request, "storefront/qr_tags.html", {"product": detail.product, "tags": tags, "copies": copies}
    )


@staff_member_required
def cart_poster(request, code):
    cart = found_or_404(selectors.cart_get, code=code)
    url = absolute(reverse("storefront:cart", kwargs={"code": cart.code}))
    return render(
        request, "storefront/qr_poster.html", {"cart": cart, "url": url, "svg": qr_svg(url, scale=10)}
    )


@staff_member_required
def campaign_qr(request, code):
    campaign = found_or_404(selectors.campaign_get, code=code)
    url = absolute(reverse("storefront:campaign", kwargs={"code": campaign.code}))
    return render(
        request,
        "storefront/qr_campaign.html",
        {"campaign": campaign, "url": url, "svg": qr_svg(url, scale=8)},
    )
