"""Staff reports: sales by cart and day, by artisan, by category, and weekly per cart.

Every figure is an aggregate in the database (two GROUP BY queries a report: the paid lines and their
refund lines, then one query per kind of label). A refund counts against the sale it refunds (its
day, its cart, its artisan), so a day's net sales are what was sold that day less what of it has
been given back since: net = paid − refunded. Amounts are the goods' (line totals after discounts);
shipping is not a sale of anyone's goods and is left out.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Sum, When
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from catalog.models import Category
from inventory.models import Location
from orders.models import Order, OrderLine, OrderRefundLine


@dataclass(frozen=True)
class SalesRow:
    """One group's figures. location_id None: the online shop (for a by-cart report)."""

    key: tuple
    label: str
    orders: int
    pieces: int  # sold less returned
    paid_fen: int
    refunded_fen: int
    code: str = ""  # the group's code (cart, artisan, category slug); "" for the online shop

    @property
    def net_fen(self) -> int:
        return self.paid_fen - self.refunded_fen


@dataclass(frozen=True)
class SalesReport:
    rows: tuple[SalesRow, ...]

    @property
    def paid_fen(self) -> int:
        return sum(row.paid_fen for row in self.rows)

    @property
    def refunded_fen(self) -> int:
        return sum(row.refunded_fen for row in self.rows)

    @property
    def net_fen(self) -> int:
        return self.paid_fen - self.refunded_fen

    @property
    def pieces(self) -> int:
        return sum(row.pieces for row in self.rows)


@dataclass(frozen=True)
class WeeklySeries:
    location_id: int
    label: str
    net_fen: tuple[int, ...]  # one per week of WeeklySales.weeks


@dataclass(frozen=True)
class WeeklySales:
    weeks: tuple[datetime.date, ...]  # Mondays
    series: tuple[WeeklySeries, ...]


def business_zone() -> ZoneInfo:
    return ZoneInfo(settings.BUSINESS_TIME_ZONE)


def _bounds(date_from: datetime.date | None, date_to: datetime.date | None) -> dict:
    """Lookups of order__paid_at for the business days date_from..date_to (both included)."""
    zone = business_zone()
    lookups: dict[str, object] = {"order__paid_at__isnull": False}
    if date_from is not None:
        lookups["order__paid_at__gte"] = datetime.datetime.combine(date_from, datetime.time(), zone)
    if date_to is not None:
        end = date_to + datetime.timedelta(days=1)
        lookups["order__paid_at__lt"] = datetime.datetime.combine(end, datetime.time(), zone)
    return lookups


def _prefixed(lookups: dict, prefix: str) -> dict:
    return {prefix + key: value for key, value in lookups.items()}


def _cart(prefix: str):
    """The cart a line sold at; None for an online sale."""
    return Case(
        When(**{f"{prefix}order__channel": Order.Channel.CART}, then=F(f"{prefix}order__location_id")),
        default=None,
        output_field=IntegerField(),
    )


def _grouped(keys: Callable[[str], dict], date_from, date_to, **filters) -> dict[tuple, dict]:
    """{key tuple: {orders, pieces, paid, refunded}}: the lines and their refunds, grouped alike."""
    lookups = {**_bounds(date_from, date_to), **filters}
    names = list(keys(""))
    groups: dict[tuple, dict] = {}
    for row in (
        OrderLine.objects.filter(**lookups)
        .annotate(**{f"k_{name}": expression for name, expression in keys("").items()})
        .values(*[f"k_{name}" for name in names])
        .annotate(orders=Count("order_id", distinct=True), pieces=Sum("quantity"), paid=Sum("total_fen"))
        .order_by()
    ):
        key = tuple(row[f"k_{name}"] for name in names)
        groups[key] = {"orders": row["orders"], "pieces": row["pieces"], "paid": row["paid"], "refunded": 0}
    for row in (
        OrderRefundLine.objects.filter(**_prefixed(lookups, "order_line__"))
        .annotate(**{f"k_{name}": expression for name, expression in keys("order_line__").items()})
        .values(*[f"k_{name}" for name in names])
        .annotate(pieces=Sum("quantity"), refunded=Sum("amount_fen"))
        .order_by()
    ):
        key = tuple(row[f"k_{name}"] for name in names)
        group = groups.setdefault(key, {"orders": 0, "pieces": 0, "paid": 0, "refunded": 0})
        group["pieces"] -= row["pieces"]
        group["refunded"] += row["refunded"]
    return groups


def _location_labels(ids) -> dict[int | None, str]:
    return {pk: name for pk, (_code, name) in _locations(ids).items()}


def _locations(ids) -> dict[int | None, tuple[str, str]]:
    """{location id: (code, name)}; None: the online shop."""
    found: dict[int | None, tuple[str, str]] = {None: ("", _("网店"))}
    for loc in Location.objects.filter(pk__in={i for i in ids if i}):
        found[loc.pk] = (loc.code, loc.name)
    return found


def _rows(
    groups: dict[tuple, dict],
    label: Callable[[tuple], str],
    sort,
    code: Callable[[tuple], str] = lambda key: "",
) -> tuple[SalesRow, ...]:
    rows = [
        SalesRow(key, label(key), g["orders"], g["pieces"], g["paid"], g["refunded"], code(key))
        for key, g in groups.items()
    ]
    return tuple(sorted(rows, key=sort))


def sales_by_cart_and_day(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> SalesReport:
    """A row per business day and cart (online sales as one "online shop"), newest day first."""
    zone = business_zone()
    groups = _grouped(
        lambda p: {"day": TruncDate(f"{p}order__paid_at", tzinfo=zone), "cart": _cart(p)}, date_from, date_to
    )
    places = _locations(key[1] for key in groups)
    return SalesReport(
        _rows(
            groups,
            lambda key: places[key[1]][1],
            lambda row: (-row.key[0].toordinal(), row.key[1] is None, row.label),
            lambda key: places[key[1]][0],
        )
    )


def sales_by_cart(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> SalesReport:
    """A row per cart (and one for the online shop) over the period."""
    groups = _grouped(lambda p: {"cart": _cart(p)}, date_from, date_to)
    places = _locations(key[0] for key in groups)
    return SalesReport(
        _rows(
            groups,
            lambda key: places[key[0]][1],
            lambda row: (row.key[0] is None, row.label),
            lambda key: places[key[0]][0],
        )
    )


def sales_by_artisan(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> SalesReport:
    """A row per artisan whose goods sold in the period, biggest net sales first."""
    groups = _grouped(lambda p: {"artisan": F(f"{p}artisan_id")}, date_from, date_to)
    artisans = {a.pk: a for a in Artisan.objects.filter(pk__in=[key[0] for key in groups])}
    return SalesReport(
        _rows(
            groups,
            lambda key: artisans[key[0]].name,
            lambda row: (-row.net_fen, row.label),
            lambda key: artisans[key[0]].code,
        )
    )


def sales_by_category(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> SalesReport:
    """A row per product category (the product's own, as it is today), biggest net sales first."""
    groups = _grouped(lambda p: {"category": F(f"{p}variant__product__category_id")}, date_from, date_to)
    categories = Category.objects.filter(pk__in=[key[0] for key in groups if key[0]])
    found = {category.pk: category for category in categories}
    return SalesReport(
        _rows(
            groups,
            lambda key: found[key[0]].name if key[0] in found else _("未分类"),
            lambda row: (-row.net_fen, row.label),
            lambda key: found[key[0]].slug if key[0] in found else "",
        )
    )


def weekly_sales_by_cart(*, weeks: int = 12, until: datetime.date | None = None) -> WeeklySales:
    """Net cart sales per week (Monday to Sunday, business time) for the `weeks` weeks up to the one
    holding `until` (default today): one series per cart that sold in them, every week present."""
    zone = business_zone()
    until = until or timezone.localdate(timezone=zone)
    last = until - datetime.timedelta(days=until.weekday())
    mondays = tuple(last - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    groups = _grouped(
        lambda p: {"week": TruncWeek(f"{p}order__paid_at", tzinfo=zone), "cart": F(f"{p}order__location_id")},
        mondays[0],
        mondays[-1] + datetime.timedelta(days=6),
        order__channel=Order.Channel.CART,
    )
    totals: dict[int, dict[datetime.date, int]] = {}
    for (week, cart), group in groups.items():
        day = timezone.localtime(week, zone).date() if isinstance(week, datetime.datetime) else week
        totals.setdefault(cart, {})[day] = (
            totals.get(cart, {}).get(day, 0) + group["paid"] - group["refunded"]
        )
    labels = _location_labels(totals)
    series = [
        WeeklySeries(cart, labels[cart], tuple(per_week.get(monday, 0) for monday in mondays))
        for cart, per_week in totals.items()
    ]
    return WeeklySales(weeks=mondays, series=tuple(sorted(series, key=lambda s: s.label)))
