"""The staff's front page: what needs doing today, read from every domain in a fixed handful of
queries (docs/workbench.md). Each figure carries the admin page where it is done."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from carts.models import Cart, PosSale
from core.errors import NotFound
from inventory.models import StockLevel, Transfer
from inventory.selectors import base_location
from ledger.models import ApprovalStatus, Payout, PayoutRun
from orders.models import Order, OrderHold, OrderLine
from orders.selectors_reports import business_zone, sales_by_cart

LOW_STOCK_SALES_DAYS = 28


@dataclass(frozen=True)
class CartSales:
    label: str
    location_id: int | None  # None: the online shop
    today_fen: int
    week_fen: int


@dataclass(frozen=True)
class TransferInTransit:
    transfer: Transfer
    age: datetime.timedelta

    @property
    def age_days(self) -> int:
        return self.age.days

    @property
    def age_hours(self) -> int:
        return int(self.age.total_seconds() // 3600)


@dataclass(frozen=True)
class CartCount:
    cart: Cart
    count: int
    skus: tuple[str, ...] = ()


@dataclass(frozen=True)
class TabletSync:
    cart: Cart
    last_sync: datetime.datetime | None  # the latest sale any of its tablets sent
    devices: tuple[tuple[str, datetime.datetime], ...]  # each tablet's last sync, latest first
    silent: bool  # nothing since yesterday (business day) or never


@dataclass(frozen=True)
class FrontPage:
    today: datetime.date
    week_start: datetime.date
    sales: tuple[CartSales, ...]
    held_count: int
    held_oldest: datetime.datetime | None
    in_transit: tuple[TransferInTransit, ...]
    pickups: tuple[CartCount, ...]
    low_stock: tuple[CartCount, ...]
    payouts_pending_count: int
    payouts_pending_fen: int
    runs_awaiting_approval: int
    tablets: tuple[TabletSync, ...]
    notes: list[str] = field(default_factory=list)

    @property
    def today_fen(self) -> int:
        return sum(row.today_fen for row in self.sales)

    @property
    def week_fen(self) -> int:
        return sum(row.week_fen for row in self.sales)

    @property
    def silent_count(self) -> int:
        return sum(1 for tablet in self.tablets if tablet.silent)


def front_page(*, now: datetime.datetime | None = None) -> FrontPage:
    now = now or timezone.now()
    zone = business_zone()
    today = timezone.localtime(now, zone).date()
    week_start = today - datetime.timedelta(days=today.weekday())
    start_of_today = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    carts = list(Cart.objects.filter(is_active=True).select_related("location").order_by("code"))
    held = OrderHold.objects.filter(status=OrderHold.Status.HELD).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    pending = Payout.objects.filter(status=Payout.Status.PENDING).aggregate(
        n=Count("pk"), total=Sum("amount_fen")
    )
    return FrontPage(
        today=today,
        week_start=week_start,
        sales=_sales(carts, today, week_start),
        held_count=held["n"],
        held_oldest=held["oldest"],
        in_transit=tuple(
            TransferInTransit(transfer, now - transfer.dispatched_at)
            for transfer in Transfer.objects.filter(status=Transfer.Status.DISPATCHED)
            .select_related("source", "destination")
            .order_by("dispatched_at")
        ),
        pickups=_pickups(carts),
        low_stock=_low_stock(carts, today),
        payouts_pending_count=pending["n"],
        payouts_pending_fen=pending["total"] or 0,
        runs_awaiting_approval=PayoutRun.objects.filter(
            approval_status=ApprovalStatus.AWAITING_APPROVAL
        ).count(),
        tablets=_tablets(carts, start_of_today - datetime.timedelta(days=1)),
    )


def _sales(carts: list[Cart], today: datetime.date, week_start: datetime.date) -> tuple[CartSales, ...]:
    """Net sales (paid less refunded, as the reports count them) of today and of this week so far."""
    day = {row.key[0]: row.net_fen for row in sales_by_cart(date_from=today, date_to=today).rows}
    week = {row.key[0]: row for row in sales_by_cart(date_from=week_start, date_to=today).rows}
    rows = [
        CartSales(
            cart.name_zh,
            cart.location_id,
            day.get(cart.location_id, 0),
            week[cart.location_id].net_fen if cart.location_id in week else 0,
        )
        for cart in carts
    ]
    if None in week:  # the online shop, when it sold this week
        rows.append(CartSales(str(week[None].label), None, day.get(None, 0), week[None].net_fen))
    return tuple(rows)


def _pickups(carts: list[Cart]) -> tuple[CartCount, ...]:
    """Online orders paid for pickup at a cart and not yet handed over, per cart."""
    waiting = dict(
        Order.objects.filter(
            delivery_method=Order.Delivery.PICKUP,
            fulfilment_status=Order.Fulfilment.UNFULFILLED,
            status__in=[Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED],
        )
        .values_list("location_id")
        .annotate(n=Count("pk"))
    )
    return tuple(
        CartCount(cart, waiting[cart.location_id]) for cart in carts if waiting.get(cart.location_id)
    )


def _low_stock(carts: list[Cart], today: datetime.date) -> tuple[CartCount, ...]:
    """Per cart, the pieces it sold in the last LOW_STOCK_SALES_DAYS days and now holds at most
    WORKBENCH_LOW_STOCK_PIECES of, while the base has some to send: what a transfer could fix today.
    (A cart holds one of most pieces; counting those it does not sell would flag nearly everything.)"""
    try:
        base_id = base_location().pk
    except NotFound:  # no base yet: a fresh install has nothing to send
        return ()
    since = datetime.datetime.combine(
        today - datetime.timedelta(days=LOW_STOCK_SALES_DAYS - 1), datetime.time.min, tzinfo=business_zone()
    )
    at_base = StockLevel.objects.filter(location_id=base_id, quantity__gt=0).values("variant_id")
    sold = OrderLine.objects.filter(order__channel=Order.Channel.CART, order__paid_at__gte=since).values_list(
        "order__location_id", "variant_id"
    )
    sold_pairs = set(sold.distinct())
    rows = (
        StockLevel.objects.filter(
            location_id__in=[cart.location_id for cart in carts],
            quantity__lte=settings.WORKBENCH_LOW_STOCK_PIECES,
            variant_id__in=at_base,
        )
        .values_list("location_id", "variant_id", "variant__sku")
        .order_by("location_id", "variant__sku")
    )
    found: dict[int, list[str]] = {}
    for location_id, variant_id, sku in rows:
        if (location_id, variant_id) in sold_pairs:
            found.setdefault(location_id, []).append(sku)
    return tuple(
        CartCount(cart, len(found[cart.location_id]), tuple(found[cart.location_id][:5]))
        for cart in carts
        if cart.location_id in found
    )


def _tablets(carts: list[Cart], silent_before: datetime.datetime) -> tuple[TabletSync, ...]:
    """Each cart's tablets by their last sale received; a cart with none since yesterday began is
    silent (the tablet may be offline, broken or not opened)."""
    last = (
        PosSale.objects.filter(shift__cart__in=carts)
        .values_list("shift__cart_id", "device_id")
        .annotate(at=Max("received_at"))
    )
    devices: dict[int, list[tuple[str, datetime.datetime]]] = {}
    for cart_id, device_id, at in last:
        devices.setdefault(cart_id, []).append((device_id, at))
    result = []
    for cart in carts:
        mine = tuple(sorted(devices.get(cart.pk, []), key=lambda item: item[1], reverse=True))
        latest = mine[0][1] if mine else None
        result.append(TabletSync(cart, latest, mine, latest is None or latest < silent_before))
    return tuple(result)
