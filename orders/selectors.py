"""Reads of orders, with their lines, so that nothing queries per row."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

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


ORDER_SORT_FIELDS = {"number": "number", "created_at": "paid_at", "total": "total_fen"}


def order_list(
    *,
    channel: str | None = None,
    cart_code: str | None = None,
    statuses: list[str] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    search: str = "",
    sort_field: str = "created_at",
    descending: bool = True,
) -> QuerySet[Order]:
    """Orders for the staff's list and the API's `orders`: by channel, by the cart whose stock they
    left (its sales and the online orders picked up there), by status, by the business days they
    sold (date_from..date_to, both included, as the reports count them) and by a search over the
    number, email, phone and recipient; sorted by sort_field (a key of ORDER_SORT_FIELDS), ties by id."""
    orders = Order.objects.all()
    if channel:
        orders = orders.filter(channel=channel)
    if cart_code:
        orders = orders.filter(location__cart__code=cart_code)
    if statuses:
        orders = orders.filter(status__in=statuses)
    zone = ZoneInfo(settings.BUSINESS_TIME_ZONE)
    if date_from is not None:
        orders = orders.filter(paid_at__gte=datetime.datetime.combine(date_from, datetime.time(), zone))
    if date_to is not None:
        end = date_to + datetime.timedelta(days=1)
        orders = orders.filter(paid_at__lt=datetime.datetime.combine(end, datetime.time(), zone))
    search = search.strip()
    if search:
        orders = orders.filter(
            Q(number__icontains=search)
            | Q(email__iexact=search)
            | Q(phone__contains=search)
            | Q(recipient_name__icontains=search)
        )
    column = ORDER_SORT_FIELDS[sort_field]
    prefix = "-" if descending else ""
    return orders.order_by(f"{prefix}{column}", f"{prefix}pk")
