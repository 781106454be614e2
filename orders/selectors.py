"""Reads of orders, with their lines, so that nothing queries per row."""

import uuid

from django.db.models import Prefetch, QuerySet

from core.errors import NotFound
from inventory.models import Location, StockLevel
from orders.models import Campaign, Checkout, CheckoutLine, Order, OrderLine, OrderRefund, ShippingRegion


def _with_lines(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("location").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("artisan").order_by("pk"))
    )


def order_get(*, number: str) -> Order:
    """One order with its location and lines (with their artisans); NotFound when there is none."""
    try:
        return _with_lines(Order.objects.all()).get(number=number)
    except Order.DoesNotExist as error:
        raise NotFound(params={"number": number}) from error


def orders_to_reconcile(*, location=None) -> QuerySet[Order]:
    """Orders flagged for reconciliation (a price that differed, stock the books did not have),
    newest first, at one location or everywhere."""
    orders = Order.objects.filter(needs_reconciliation=True)
    if location is not None:
        orders = orders.filter(location=location)
    return _with_lines(orders).order_by("-paid_at", "-pk")


def _token(token) -> uuid.UUID:
    try:
        return token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError as error:
        raise NotFound(params={"token": str(token)}) from error


def _online(orders: QuerySet[Order]) -> QuerySet[Order]:
    return (
        _with_lines(orders)
        .select_related("shipping_region", "payment", "attributed_location", "campaign")
        .prefetch_related(
            Prefetch(
                "refunds", queryset=OrderRefund.objects.prefetch_related("lines").order_by("created_at", "pk")
            )
        )
    )


def order_get_by_token(token) -> Order:
    """An online order by the secret token of its status link, with its lines, delivery, payment and
    refunds; NotFound for an unknown (or malformed) token."""
    try:
        return _online(Order.objects.all()).get(token=_token(token))
    except Order.DoesNotExist as error:
        raise NotFound(params={"token": str(token)}) from error


def order_for_status_page(*, token) -> Order:
    """What the tourist's status page shows (/orders/<token>/): the order as order_get_by_token."""
    return order_get_by_token(token)


def checkout_get(token) -> Checkout:
    """A checkout by its token, with its lines (their variants, products and artisans), delivery,
    attribution, payment and order; NotFound when there is none."""
    lines = CheckoutLine.objects.select_related("variant__product", "variant__artisan").order_by("pk")
    try:
        return (
            Checkout.objects.select_related(
                "shipping_region", "pickup_location", "attributed_location", "campaign", "payment", "order"
            )
            .prefetch_related(Prefetch("lines", queryset=lines))
            .get(token=_token(token))
        )
    except Checkout.DoesNotExist as error:
        raise NotFound(params={"token": str(token)}) from error


def orders_to_fulfil(*, location=None) -> QuerySet[Order]:
    """Paid online orders not yet shipped or picked up, oldest first (at one location or all)."""
    orders = Order.objects.filter(
        channel=Order.Channel.ONLINE,
        fulfilment_status=Order.Fulfilment.UNFULFILLED,
        status__in=[Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED],
    )
    if location is not None:
        orders = orders.filter(location=location)
    return _online(orders).order_by("paid_at", "pk")


def shipping_regions_active() -> QuerySet[ShippingRegion]:
    """The regions a checkout may ship to, in display order."""
    return ShippingRegion.objects.filter(active=True).order_by("position", "pk")


def pickup_locations_active():
    """The carts a checkout may be picked up at: active cart locations."""
    return Location.objects.filter(kind=Location.Kind.CART, is_active=True).order_by("code")


def campaign_get(*, code: str) -> Campaign:
    """An active campaign by the code in its link; NotFound otherwise."""
    campaign = Campaign.objects.select_related("attributed_location").filter(code=code, active=True).first()
    if campaign is None:
        raise NotFound(params={"code": code})
    return campaign


def most_available_online(*, variant_ids) -> dict[int, int]:
    """{variant id: pieces available online at its best-stocked active location} (on hand less
    allocated, never below 0, as inventory.selectors.available_quantities), in one query; a variant
    stocked nowhere active is left out."""
    most: dict[int, int] = {}
    levels = StockLevel.objects.filter(variant_id__in=list(variant_ids), location__is_active=True)
    for variant_id, quantity, allocated in levels.values_list("variant_id", "quantity", "allocated"):
        most[variant_id] = max(most.get(variant_id, 0), quantity - allocated, 0)
    return most
