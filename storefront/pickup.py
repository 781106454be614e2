"""Where a basket can be picked up: each active cart with today's hours and the pieces of the basket
it does not hold enough of. Only a cart that holds every piece is offered; the others are named with
what they lack, so a tourist is not sent to a cart to hear "only 0 left"."""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from carts.models import Cart
from inventory.models import StockHold
from inventory.selectors import available_quantities
from orders.models import Checkout
from orders.services.checkout import reservation_reference


@dataclass(frozen=True)
class Lacking:
    name: str  # the piece as the reader reads it: product · variant
    wanted: int
    available: int


@dataclass
class PickupChoice:
    cart: Cart
    hours_today: tuple[datetime.time, datetime.time] | None
    lacking: list[Lacking] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.lacking


def business_today() -> datetime.date:
    return timezone.localtime(timezone.now(), ZoneInfo(settings.BUSINESS_TIME_ZONE)).date()


def pickup_choices(*, checkout: Checkout, carts: list[Cart]) -> list[PickupChoice]:
    """Every cart given, in its order, with what it lacks of this basket (three queries)."""
    lines = list(checkout.lines.select_related("variant__product").order_by("pk"))
    wanted: dict[int, int] = {}
    for line in lines:
        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
    location_ids = [cart.location_id for cart in carts]
    available = available_quantities(variant_ids=list(wanted), location_ids=location_ids)
    # This basket's own reservation (made when it went on to pay) counts as its, not as taken.
    for hold in StockHold.objects.filter(
        reference=reservation_reference(checkout),
        location_id__in=location_ids,
        released_at__isnull=True,
        kind=StockHold.Kind.RESERVATION,
    ).values("variant_id", "location_id", "quantity"):
        key = (hold["variant_id"], hold["location_id"])
        available[key] = available.get(key, 0) + hold["quantity"]
    today = business_today()
    choices = []
    for cart in carts:
        lacking = []
        for line in lines:
            here = available.get((line.variant_id, cart.location_id), 0)
            if here < wanted[line.variant_id]:
                name = " · ".join(part for part in (line.variant.product.name, line.variant.name) if part)
                lacking.append(Lacking(name=name, wanted=wanted[line.variant_id], available=here))
        choices.append(PickupChoice(cart=cart, hours_today=cart.hours_on(today), lacking=lacking))
    return choices
