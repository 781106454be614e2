"""The storefront's writes: each page action is one call here, which calls the orders checkout
services (docs/checkout.md) in one transaction, so a refused step leaves nothing behind."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from inventory.models import Location
from orders.models import Campaign, Checkout, Order
from orders.services import checkout as checkout_services
from payments.services import payment_confirm_test_card
from storefront import session as store
from storefront.selectors import checkout_for_token

# An order is found by its phone and number alone: an address that keeps missing is guessing.
_LOOKUP_MISSES_KEY = "storefront:order-lookup-misses:{address}"


def order_lookup_blocked(*, address: str | None) -> bool:
    """Whether this address has missed ORDER_LOOKUP_MISS_LIMIT times within ORDER_LOOKUP_WINDOW_SECONDS."""
    misses = cache.get(_LOOKUP_MISSES_KEY.format(address=address or "unknown"), 0)
    return misses >= settings.ORDER_LOOKUP_MISS_LIMIT


def order_lookup_missed(*, address: str | None) -> None:
    """Counts a lookup that found nothing; the count lapses ORDER_LOOKUP_WINDOW_SECONDS after the first."""
    key = _LOOKUP_MISSES_KEY.format(address=address or "unknown")
    if not cache.add(key, 1, timeout=settings.ORDER_LOOKUP_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # lapsed between the two calls
            cache.add(key, 1, timeout=settings.ORDER_LOOKUP_WINDOW_SECONDS)


# "Tell me when it is back" requests, counted per address like the order lookup's misses.
_BACK_IN_STOCK_KEY = "storefront:back-in-stock-requests:{address}"


def back_in_stock_request_allowed(*, address: str | None) -> bool:
    """Counts a request from this address; False past BACK_IN_STOCK_LIMIT within
    BACK_IN_STOCK_WINDOW_SECONDS (a script filling in contacts is stopped, a tourist never is)."""
    key = _BACK_IN_STOCK_KEY.format(address=address or "unknown")
    window = settings.BACK_IN_STOCK_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # lapsed between the two calls
        cache.add(key, 1, timeout=window)
        return True
    return count <= settings.BACK_IN_STOCK_LIMIT


def _attribution_kwargs(session) -> dict:
    remembered = store.attribution(session)
    campaign = None
    if remembered.campaign_id:
        campaign = Campaign.objects.filter(pk=remembered.campaign_id).first()
    location = None
    if remembered.location_id:
        location = Location.objects.filter(pk=remembered.location_id).first()
    return {
        "attributed_location": location,
        "attributed_operator_id": remembered.operator_user_id if location else None,
        "campaign": campaign,
    }


@transaction.atomic
def basket_add(*, session, variant_id: int, quantity: int, language: str) -> Checkout:
    """Add pieces to the session's basket, creating it (with the session's attribution) if needed."""
    lines = [checkout_services.CheckoutLineInput(variant_id=variant_id, quantity=quantity)]
    checkout = checkout_for_token(store.checkout_token(session))
    if checkout is None:
        checkout = checkout_services.checkout_create(
            lines=lines, language=language, **_attribution_kwargs(session)
        )
        store.checkout_token_set(session, checkout.token)
        return checkout
    return checkout_services.checkout_lines_add(checkout=checkout, lines=lines)


@transaction.atomic
def basket_set_quantity(*, checkout: Checkout, variant_id: int, quantity: int) -> Checkout:
    """Set a line's quantity; 0 removes it."""
    lines = [checkout_services.CheckoutLineInput(variant_id=variant_id, quantity=quantity)]
    return checkout_services.checkout_lines_update(checkout=checkout, lines=lines)


def basket_attribute(*, session, checkout: Checkout | None) -> None:
    """A basket made before the scan takes the attribution the session now holds."""
    if checkout is None:
        return
    kwargs = _attribution_kwargs(session)
    checkout_services.checkout_attribution_set(
        checkout=checkout,
        location=kwargs["attributed_location"],
        operator_user_id=kwargs["attributed_operator_id"],
        campaign=kwargs["campaign"],
    )


@transaction.atomic
def checkout_details_submit(
    *,
    checkout: Checkout,
    email: str,
    phone: str,
    method: str,
    shipping_region=None,
    recipient_name: str = "",
    shipping_address: str = "",
    pickup_location=None,
    client: str = "",
    provider: str = "stripe",
    scene: str = "card",
    client_ip: str = "",
    openid: str = "",
):
    """Contact and delivery, then the payment (which reserves the pieces) at the provider and for the
    scene offered first (storefront.payment_options): all or nothing. client: core.clients.client_key
    of the browser (the limit of unpaid holds one client may start)."""
    checkout = checkout_services.checkout_contact_update(checkout=checkout, email=email, phone=phone)
    checkout = checkout_services.checkout_delivery_update(
        checkout=checkout,
        method=method,
        shipping_region=shipping_region,
        recipient_name=recipient_name,
        shipping_address=shipping_address,
        pickup_location=pickup_location,
    )
    return checkout_services.checkout_payment_create(
        checkout=checkout, client=client, provider=provider, scene=scene, client_ip=client_ip, openid=openid
    )


def checkout_pay_with(
    *, checkout: Checkout, provider: str, scene: str, client: str = "", client_ip: str = "", openid: str = ""
):
    """The tourist chose another way to pay: a payment at that provider for that scene (the one
    before is cancelled, or reused when it is the same). openid: hers at the official account (JSAPI)."""
    return checkout_services.checkout_payment_create(
        checkout=checkout, client=client, provider=provider, scene=scene, client_ip=client_ip, openid=openid
    )


def checkout_pay_with_test_card(*, checkout: Checkout) -> Order:
    """The demo's and the tests' payment: the server confirms with Stripe's test card (refused with
    a live key), then the checkout completes (checkout_complete asks Stripe, never the browser)."""
    payment_confirm_test_card(payment=checkout.payment)
    return checkout_services.checkout_complete(checkout=checkout)
