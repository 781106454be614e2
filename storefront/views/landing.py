"""Where QR codes and links land: a cart's page (/c/<code>/) and a campaign link (/go/<code>/).
Both remember the attribution in the session (docs/checkout.md, "Attribution")."""

from django.shortcuts import redirect, render

from storefront import selectors, services
from storefront import session as store
from storefront.pickup import business_today
from storefront.views import found_or_404


def cart_page(request, code):
    cart = found_or_404(selectors.cart_get, code=code)
    store.attribution_remember(
        request.session,
        location_id=cart.location_id,
        operator_user_id=selectors.cart_operator_user_id(cart=cart),
    )
    services.basket_attribute(
        session=request.session, checkout=selectors.checkout_for_token(store.checkout_token(request.session))
    )
    listing = selectors.listing_page(selectors.listing_products(in_stock_at=cart.location), number=1, size=60)
    context = {"cart": cart, "page": listing, "hours_today": cart.hours_on(business_today())}
    return render(request, "storefront/cart.html", context)


def campaign_link(request, code):
    campaign = found_or_404(selectors.campaign_get, code=code)
    location = campaign.attributed_location
    cart = getattr(location, "cart", None) if location else None
    store.attribution_remember(
        request.session,
        campaign_id=campaign.pk,
        location_id=location.pk if location else None,
        operator_user_id=selectors.cart_operator_user_id(cart=cart) if cart else None,
    )
    services.basket_attribute(
        session=request.session, checkout=selectors.checkout_for_token(store.checkout_token(request.session))
    )
    if cart is not None:
        return redirect("storefront:cart", code=cart.code)
    return redirect("storefront:home")
