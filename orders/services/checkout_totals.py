"""A checkout's prices: its lines at the price list's prices at a moment, the shipping and the total,
in fen. Worked out from the rows each time; a service that has just priced a basket leaves the
result on the instance it answers, so the same request does not price it twice."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from catalog.models import Variant, VariantPrice
from catalog.selectors import prices_at
from core import sql_rows
from orders.models import Checkout, CheckoutLine, Order
from orders.services.checkout_rows import LINE_RELATIONS, PRICE_AT_SQL, priced_lines


@dataclass(frozen=True)
class CheckoutTotalsLine:
    line: CheckoutLine
    variant: Variant
    quantity: int
    unit_price_fen: int
    total_fen: int


@dataclass(frozen=True)
class CheckoutTotals:
    lines: list[CheckoutTotalsLine]
    subtotal_fen: int
    shipping_fen: int
    total_fen: int


def checkout_totals(checkout: Checkout, *, when: datetime.datetime | None = None) -> CheckoutTotals:
    """Lines at the price list's prices at `when` (now), the shipping and the total, in fen.

    One query: the lines with their variants and their prices. The shipping region's rate is read
    from the region joined to the checkout when it was (select_related), else with a second."""
    return checkout_totals_of(checkout, related=("variant__product", "variant__artisan"), when=when)


def checkout_totals_of(
    checkout: Checkout, *, related: Sequence[str], when: datetime.datetime | None = None
) -> CheckoutTotals:
    """checkout_totals with only these relations of the lines joined (at least "variant"): what the
    caller reads of them and no more. One query: each line comes with its price at `when`."""
    when = when or timezone.now()
    if sql_rows.usable() and related and set(related) <= LINE_RELATIONS:
        lines = priced_lines(checkout, related=related, when=when)  # the same rows, SQL not rebuilt
    else:
        priced = checkout.lines.select_related(*related).annotate(price_then=variant_price_at(when))
        lines = list(priced.order_by("pk"))
    # price_then: annotated on each line, by the ORM or priced_lines alike.
    prices = {line.variant_id: line.price_then for line in lines if line.price_then is not None}  # type: ignore[attr-defined]
    return _priced(checkout, lines, when=when, prices=prices)


def variant_price_at(when: datetime.datetime, *, variant_column: str | None = None) -> RawSQL:
    """A variant's price on the price list at `when`, as catalog.selectors.prices_at reads it (the
    latest row from before then, the last made of rows from the same moment; NULL before the
    first), as a column of rows that hold the variant's id in variant_column (a table.column; by
    default the checkout line's variant_id): one query for the rows and their prices, not two.
    Plain SQL: the ORM's Subquery (tests/orders/test_variant_price_at.py checks they agree) cost
    more to build on every call than the query it saves."""
    if when is None:  # refused as the ORM refuses valid_from__lte=None; other bad values by the field
        raise ValueError("Cannot use None as a query value")
    column = variant_column or f"{CheckoutLine._meta.db_table}.variant_id"
    when_param = _VALID_FROM.get_db_prep_value(when, connection)
    return RawSQL(PRICE_AT_SQL % {"column": column}, [when_param], output_field=IntegerField())


_VALID_FROM = VariantPrice._meta.get_field("valid_from")


def checkout_totals_known(checkout: Checkout, *, related: Sequence[str] | None = None) -> CheckoutTotals:
    """The totals at now of the checkout a service has just answered: the ones the service worked out
    on this very instance when it had them in hand (checkout_create), else checkout_totals (with
    only these relations of the lines joined, when given: checkout_totals_of). For the answer to that
    same request only: a later change to the basket is not seen by the instance."""
    totals = getattr(checkout, _TOTALS, None)
    if totals is not None:
        return totals
    return checkout_totals(checkout) if related is None else checkout_totals_of(checkout, related=related)


_TOTALS = "_checkout_totals_known"


def checkout_totals_remember(
    checkout: Checkout,
    lines: Sequence[CheckoutLine],
    *,
    when: datetime.datetime | None = None,
    prices: dict[int, int] | None = None,
) -> CheckoutTotals:
    """Price lines a service has just written (their variants loaded) at `when` (now), and keep the
    totals on the instance for checkout_totals_known. prices: {variant id: price at `when`} when
    the service read them already (variant_price_at), else they are read."""
    totals = _priced(checkout, lines, when=when or timezone.now(), prices=prices)
    setattr(checkout, _TOTALS, totals)
    return totals


def _priced(
    checkout: Checkout,
    lines: Sequence[CheckoutLine],
    *,
    when: datetime.datetime,
    prices: dict[int, int] | None = None,
) -> CheckoutTotals:
    """These lines (their variants loaded) priced at `when` (prices: read already, else in one
    query), with the shipping."""
    if prices is None:
        prices = prices_at(variant_ids=[line.variant_id for line in lines], when=when) if lines else {}
    priced = []
    for line in lines:
        unit = prices.get(line.variant_id, line.variant.price_fen)
        priced.append(CheckoutTotalsLine(line, line.variant, line.quantity, unit, unit * line.quantity))
    subtotal, shipping = sum(line.total_fen for line in priced), _shipping_fen(checkout)
    return CheckoutTotals(
        lines=priced, subtotal_fen=subtotal, shipping_fen=shipping, total_fen=subtotal + shipping
    )


def _shipping_fen(checkout: Checkout) -> int:
    if checkout.delivery_method != Order.Delivery.SHIPPING or not checkout.shipping_region_id:
        return 0
    assert checkout.shipping_region is not None  # its id is set
    return checkout.shipping_region.price_fen  # joined by the caller's read, else read now
