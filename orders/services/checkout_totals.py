"""A checkout's prices: its lines at the price list's prices at a moment, the shipping and the total,
in fen. Worked out from the rows each time; a service that has just priced a basket leaves the
result on the instance it answers, so the same request does not price it twice."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Variant
from catalog.selectors import prices_at
from orders.models import Checkout, CheckoutLine, Order, ShippingRegion


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

    Two queries: the lines with their variants, and their prices. The shipping region's rate is read
    from the region joined to the checkout when it was (select_related), else with a third."""
    return checkout_totals_of(checkout, related=("variant__product", "variant__artisan"), when=when)


def checkout_totals_of(
    checkout: Checkout, *, related: Sequence[str], when: datetime.datetime | None = None
) -> CheckoutTotals:
    """checkout_totals with only these relations of the lines joined (at least "variant"): what the
    caller reads of them and no more."""
    lines = list(checkout.lines.select_related(*related).order_by("pk"))
    return _priced(checkout, lines, when=when or timezone.now())


def checkout_totals_known(checkout: Checkout) -> CheckoutTotals:
    """The totals at now of the checkout a service has just answered: the ones the service worked out
    on this very instance when it had them in hand (checkout_create), else checkout_totals. For the
    answer to that same request only: a later change to the basket is not seen by the instance."""
    totals = getattr(checkout, _TOTALS, None)
    return totals if totals is not None else checkout_totals(checkout)


_TOTALS = "_checkout_totals_known"


def checkout_totals_remember(checkout: Checkout, lines: Sequence[CheckoutLine]) -> CheckoutTotals:
    """Price lines a service has just written (their variants loaded) at now, and keep the totals on
    the instance for checkout_totals_known."""
    totals = _priced(checkout, lines, when=timezone.now())
    setattr(checkout, _TOTALS, totals)
    return totals


def _priced(checkout: Checkout, lines: Sequence[CheckoutLine], *, when: datetime.datetime) -> CheckoutTotals:
    """These lines (their variants loaded) priced at `when` in one query, with the shipping."""
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
    if Checkout.shipping_region.is_cached(checkout):
        return checkout.shipping_region.price_fen
    return ShippingRegion.objects.values_list("price_fen", flat=True).get(pk=checkout.shipping_region_id)
