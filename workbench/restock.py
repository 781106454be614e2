"""Restocking that plans itself: per cart and piece, what to send from the base so that the cart
holds enough for its target days of cover. The rules, with a worked example, are in docs/restock.md."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from carts.models import Cart
from catalog.models import Variant
from core.errors import NotFound
from inventory.models import StockLevel, Transfer, TransferLine
from inventory.selectors import base_location
from orders.models import Order, OrderLine
from orders.selectors_reports import business_zone
from workbench.models import CartRestockTarget

WINDOW_DAYS = 28


@dataclass(frozen=True)
class Suggestion:
    cart: Cart
    variant: Variant
    sold: int  # at this cart in the window, net of returns
    on_hand: int  # at the cart, less what is allocated to pickups
    in_transit: int
    forecast: Fraction  # pieces expected to sell over the cover days
    quantity: int  # to send
    unique: bool = False  # a one-of-a-kind piece sent where its kind sells best

    @property
    def forecast_display(self) -> str:
        return f"{float(self.forecast):.1f}"


@dataclass(frozen=True)
class CartPlan:
    cart: Cart
    cover_days: int
    suggestions: tuple[Suggestion, ...]

    @property
    def pieces(self) -> int:
        return sum(s.quantity for s in self.suggestions)


def season_factor(day: datetime.date) -> Fraction:
    """How busy a month is against an ordinary one (RESTOCK_SEASON_FACTORS: July and August 2)."""
    return Fraction(str(settings.RESTOCK_SEASON_FACTORS.get(day.month, 1)))


def restock_plan(
    *, today: datetime.date | None = None, cover_days: dict[int, int] | None = None
) -> list[CartPlan]:
    """Every active cart's suggested transfer from the base (carts by code, pieces by SKU).

    cover_days: {cart pk: days}; a cart not in it gets RESTOCK_COVER_DAYS."""
    zone = business_zone()
    today = today or timezone.localdate(timezone=zone)
    cover_days = cover_days or {}
    carts = list(Cart.objects.filter(is_active=True).select_related("location").order_by("code"))
    try:
        base = base_location()
    except NotFound:
        return [CartPlan(cart, _cover(cart, cover_days), ()) for cart in carts]
    window = [today - datetime.timedelta(days=n) for n in range(WINDOW_DAYS, 0, -1)]
    by_location = {cart.location_id: cart for cart in carts}
    sales = _sales(by_location, window[0], today, zone)
    weekday = {cart.pk: _weekday_factors(sales[cart.location_id], window) for cart in carts}
    held = _held(by_location, base.pk)
    in_transit = _in_transit(by_location)
    variants = {
        v.pk: v
        for v in Variant.objects.filter(
            pk__in={vid for rows in sales.values() for vid in rows} | set(held["base"])
        ).select_related("product")
    }

    wanted: dict[int, list[tuple[Cart, Suggestion]]] = defaultdict(list)  # variant -> carts asking
    for cart in carts:
        days = _cover(cart, cover_days)
        horizon = [today + datetime.timedelta(days=n) for n in range(1, days + 1)]
        f = weekday[cart.pk]
        past = sum(season_factor(d) * f[d.weekday()] for d in window)
        ahead = sum(season_factor(d) * f[d.weekday()] for d in horizon)
        for variant_id, per_day in sales[cart.location_id].items():
            sold = sum(per_day.values())
            if sold <= 0 or variant_id not in variants:
                continue
            forecast = Fraction(sold) * ahead / past
            on_hand = held[cart.location_id].get(variant_id, 0)
            coming = in_transit[cart.location_id].get(variant_id, 0)
            need = max(0, math.ceil(forecast) - on_hand - coming)
            if need:
                wanted[variant_id].append(
                    (cart, Suggestion(cart, variants[variant_id], sold, on_hand, coming, forecast, need))
                )

    plans: dict[int, list[Suggestion]] = defaultdict(list)
    for variant_id, asks in wanted.items():
        left = held["base"].get(variant_id, 0)
        # Not enough for all: the carts that sell it fastest first.
        for cart, ask in sorted(asks, key=lambda item: (-item[1].forecast, item[0].code)):
            give = min(ask.quantity, left)
            if give > 0:
                plans[cart.pk].append(Suggestion(**{**ask.__dict__, "quantity": give}))
                left -= give
    _place_unique_pieces(carts, sales, held, in_transit, variants, plans)
    return [
        CartPlan(cart, _cover(cart, cover_days), tuple(sorted(plans[cart.pk], key=lambda s: s.variant.sku)))
        for cart in carts
    ]


def _cover(cart: Cart, cover_days: dict[int, int]) -> int:
    return cover_days.get(cart.pk, settings.RESTOCK_COVER_DAYS)


def _sales(by_location, first: datetime.date, today: datetime.date, zone) -> dict:
    """{location: {variant: {day: pieces}}}: the carts' own sales in the window, net of returns."""
    since = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    rows = (
        OrderLine.objects.filter(
            order__channel=Order.Channel.CART,
            order__location_id__in=list(by_location),
            order__paid_at__gte=since,
            order__paid_at__lt=until,
        )
        .values_list("order__location_id", "variant_id", TruncDate("order__paid_at", tzinfo=zone))
        .annotate(pieces=Sum(F("quantity") - F("refunded_quantity")))
    )
    sales: dict = {location: defaultdict(lambda: defaultdict(int)) for location in by_location}
    for location_id, variant_id, day, pieces in rows:
        sales[location_id][variant_id][day] += pieces
    return sales


def _weekday_factors(cart_sales, window) -> list[Fraction]:
    """How much a weekday sells against the cart's average day (all its pieces together); 1 each
    when it sold nothing."""
    per_weekday = [0] * 7
    for per_day in cart_sales.values():
        for day, pieces in per_day.items():
            per_weekday[day.weekday()] += pieces
    total = sum(per_weekday)
    if total <= 0:
        return [Fraction(1)] * 7
    days_of = [sum(1 for d in window if d.weekday() == wd) for wd in range(7)]
    return [Fraction(per_weekday[wd] * len(window), days_of[wd] * total) for wd in range(7)]


def _held(by_location, base_id) -> dict:
    """{location or "base": {variant: pieces free}} (on hand less allocated to online orders)."""
    held: dict = {location: {} for location in by_location} | {"base": {}}
    for location_id, variant_id, free in StockLevel.objects.filter(
        location_id__in=[*by_location, base_id]
    ).values_list("location_id", "variant_id", F("quantity") - F("allocated")):
        held["base" if location_id == base_id else location_id][variant_id] = max(free, 0)
    return held


def _in_transit(by_location) -> dict:
    coming: dict = {location: {} for location in by_location}
    for location_id, variant_id, pieces in (
        TransferLine.objects.filter(
            transfer__status=Transfer.Status.DISPATCHED, transfer__destination_id__in=list(by_location)
        )
        .values_list("transfer__destination_id", "variant_id")
        .annotate(pieces=Sum("quantity_sent"))
    ):
        coming[location_id][variant_id] = pieces
    return coming


def _place_unique_pieces(carts, sales, held, in_transit, variants, plans) -> None:
    """A one-of-a-kind piece at the base has no sales of its own: it goes to the cart that sold the
    most pieces of its category in the window (ties: the cart's code), unless a cart already has it."""
    planned = {s.variant.pk for suggestions in plans.values() for s in suggestions}
    unique = [
        variant
        for variant in Variant.objects.filter(
            pk__in=[vid for vid, free in held["base"].items() if free > 0], product__is_one_of_a_kind=True
        ).select_related("product")
        if variant.pk not in planned
    ]
    by_category: dict = defaultdict(lambda: defaultdict(int))  # category -> cart -> pieces
    sold_variants = Variant.objects.filter(pk__in={vid for rows in sales.values() for vid in rows})
    category_of = dict(sold_variants.values_list("pk", "product__category_id"))
    for cart in carts:
        for variant_id, per_day in sales[cart.location_id].items():
            by_category[category_of.get(variant_id)][cart.pk] += sum(per_day.values())
    for variant in sorted(unique, key=lambda v: v.sku):
        if any(
            held[c.location_id].get(variant.pk) or in_transit[c.location_id].get(variant.pk) for c in carts
        ):
            continue
        ranked = sorted(
            (cart for cart in carts if by_category[variant.product.category_id][cart.pk] > 0),
            key=lambda cart: (-by_category[variant.product.category_id][cart.pk], cart.code),
        )
        if ranked:
            cart = ranked[0]
            plans[cart.pk].append(Suggestion(cart, variant, 0, 0, 0, Fraction(0), 1, unique=True))


def restock_plan_for_page(*, today: datetime.date | None = None) -> list[CartPlan]:
    """The plan with the cover days staff set per cart."""
    targets = dict(CartRestockTarget.objects.values_list("cart_id", "cover_days"))
    return restock_plan(today=today, cover_days=targets)
