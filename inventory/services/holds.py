"""Pieces held for online buyers: reservations (a checkout waiting for its payment) and allocations
(a paid order's pieces until handed over or refunded), each counted in StockLevel.allocated.

Every function locks the stock rows first (lock_levels, in id order) and decides from the locked
rows' own columns, so two buyers of the last piece can never both get it; the CHECK
allocated >= 0 is the backstop. Hold rows are read again after the lock: whoever changed them
before us held the same level locks, so what we read then is settled.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InsufficientStock, ValidationFailed
from core.locks import lock_in_id_order
from inventory.models import Location, StockHold, StockLevel
from inventory.services.movements import lock_levels
from inventory.services.sales import SoldLine, stock_sell


@dataclass(frozen=True)
class HeldLine:
    variant_id: int
    quantity: int


def _merged(lines: Sequence[HeldLine]) -> dict[int, int]:
    """{variant id: quantity}, same variants added up; a bad quantity is refused before any write."""
    merged: dict[int, int] = defaultdict(int)
    for line in lines:
        quantity = line.quantity
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise ValidationFailed(
                _("数量必须是正整数。"), field="lines", params={"variantId": line.variant_id}
            )
        merged[line.variant_id] += quantity
    return dict(merged)


def _lock(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], StockLevel]:
    """Lock the levels of these (location id, variant id) pairs in id order, creating missing ones.

    One location (nearly always) goes through lock_levels; several are locked in one ordered query,
    so the global id order holds across locations too.
    """
    by_location: dict[int, set[int]] = defaultdict(set)
    for location_id, variant_id in pairs:
        by_location[location_id].add(variant_id)
    if not by_location:
        return {}
    if len(by_location) == 1:
        [(location_id, variant_ids)] = by_location.items()
        levels = lock_levels(location=Location(pk=location_id), variant_ids=variant_ids)
        return {(location_id, variant_id): level for variant_id, level in levels.items()}
    query = Q()
    for location_id, variant_ids in by_location.items():
        existing = set(
            StockLevel.objects.filter(location_id=location_id, variant_id__in=variant_ids).values_list(
                "variant_id", flat=True
            )
        )
        missing = [
            StockLevel(variant_id=pk, location_id=location_id) for pk in sorted(variant_ids - existing)
        ]
        StockLevel.objects.bulk_create(missing, ignore_conflicts=True)
        query |= Q(location_id=location_id, variant_id__in=variant_ids)
    levels = lock_in_id_order(StockLevel.objects.filter(query))
    return {(level.location_id, level.variant_id): level for level in levels}


def _save_allocated(levels: Iterable[StockLevel]) -> None:
    levels = list(levels)
    now = timezone.now()
    for level in levels:
        level.updated_at = now
    StockLevel.objects.bulk_update(levels, ["allocated", "updated_at"])


def _locked_holds(holds_query) -> tuple[list[StockHold], dict[tuple[int, int], StockLevel]]:
    """Lock the levels of the holds the query finds, then read the holds again under that lock."""
    pairs = set(holds_query.values_list("location_id", "variant_id"))
    while True:
        levels = _lock(pairs)
        holds = list(holds_query.order_by("pk"))
        found = {(hold.location_id, hold.variant_id) for hold in holds}
        if found <= set(levels):
            return holds, levels
        pairs |= found  # changed before we held the lock: lock the rest too


def _release(holds: Sequence[StockHold], levels: dict[tuple[int, int], StockLevel], now) -> None:
    for hold in holds:
        levels[(hold.location_id, hold.variant_id)].allocated -= hold.quantity
        hold.released_at = now
    StockHold.objects.bulk_update(holds, ["released_at"])


def _active(reference: str, kind: str | None = None):
    holds = StockHold.objects.filter(reference=reference, released_at__isnull=True)
    return holds if kind is None else holds.filter(kind=kind)


def _hold(
    *, location: Location, lines, reference: str, kind: str, expires_at, release_first
) -> list[StockHold]:
    wanted = _merged(lines)
    if not wanted:
        return []
    previous_query = _active(reference, StockHold.Kind.RESERVATION) if release_first else None
    pairs = {(location.pk, variant_id) for variant_id in wanted}
    if previous_query is not None:
        pairs |= set(previous_query.values_list("location_id", "variant_id"))
    levels = _lock(pairs)
    now = timezone.now()
    if previous_query is not None:
        previous, more = _locked_holds(previous_query)
        levels |= more
        _release(previous, levels, now)
    for variant_id, quantity in sorted(wanted.items()):
        level = levels[(location.pk, variant_id)]
        available = max(level.quantity - level.allocated, 0)
        if quantity > available:
            # Raised inside the atomic block: whatever was released above is rolled back too.
            raise InsufficientStock(
                _("库存不足：只剩 %(available)d 件。") % {"available": available},
                field="lines",
                params={"variantId": variant_id, "available": available},
            )
        level.allocated += quantity
    _save_allocated(levels.values())
    return StockHold.objects.bulk_create(
        [
            StockHold(
                location=location,
                variant_id=variant_id,
                quantity=quantity,
                kind=kind,
                reference=reference,
                expires_at=expires_at,
            )
            for variant_id, quantity in sorted(wanted.items())
        ]
    )


@transaction.atomic
def stock_reserve(
    *, location: Location, lines: Sequence[HeldLine], reference: str, expires_at: datetime.datetime
) -> list[StockHold]:
    """Reserve these pieces at location until expires_at for reference (a waiting checkout).

    Any active reservation of the same reference is released first, under the same lock; raises
    InsufficientStock (field "lines", params variantId and available) and writes nothing.
    """
    return _hold(
        location=location,
        lines=lines,
        reference=reference,
        kind=StockHold.Kind.RESERVATION,
        expires_at=expires_at,
        release_first=True,
    )


@transaction.atomic
def stock_allocate(*, location: Location, lines: Sequence[HeldLine], reference: str) -> list[StockHold]:
    """Allocate these pieces at location to reference (a paid order), with no expiry."""
    return _hold(
        location=location,
        lines=lines,
        reference=reference,
        kind=StockHold.Kind.ALLOCATION,
        expires_at=None,
        release_first=False,
    )


@transaction.atomic
def stock_reservation_convert(*, reference: str, to_reference: str, now=None) -> bool:
    """The active, unexpired reservation of reference becomes an allocation under to_reference
    (the pieces stay counted in allocated). False when there is none (it ran out or was released)."""
    now = now or timezone.now()
    holds, _levels = _locked_holds(_active(reference, StockHold.Kind.RESERVATION))
    if not holds or any(hold.expires_at <= now for hold in holds):
        return False
    StockHold.objects.filter(pk__in=[hold.pk for hold in holds]).update(
        kind=StockHold.Kind.ALLOCATION, reference=to_reference, expires_at=None
    )
    return True


@transaction.atomic
def stock_holds_release(*, reference: str, lines: Sequence[HeldLine] | None = None) -> int:
    """Release the active holds of reference: all of them (lines None), or these quantities of them
    (a hold released in part is replaced by one for the rest). Returns the pieces released."""
    holds, levels = _locked_holds(_active(reference))
    now = timezone.now()
    if lines is None:
        _release(holds, levels, now)
        _save_allocated(levels.values())
        return sum(hold.quantity for hold in holds)
    wanted = _merged(lines)
    released, remainders = [], []
    for hold in holds:
        take = min(wanted.get(hold.variant_id, 0), hold.quantity)
        if take == 0:
            continue
        wanted[hold.variant_id] -= take
        released.append(hold)
        if take < hold.quantity:
            remainders.append(
                StockHold(
                    location_id=hold.location_id,
                    variant_id=hold.variant_id,
                    quantity=hold.quantity - take,
                    kind=hold.kind,
                    reference=hold.reference,
                    expires_at=hold.expires_at,
                )
            )
    if any(wanted.values()):
        raise ValidationFailed(_("要释放的数量超过了占用的数量。"), field="lines")
    _release(released, levels, now)
    for remainder in remainders:
        levels[(remainder.location_id, remainder.variant_id)].allocated += remainder.quantity
    StockHold.objects.bulk_create(remainders)
    _save_allocated(levels.values())
    return sum(hold.quantity for hold in released) - sum(hold.quantity for hold in remainders)


@transaction.atomic
def stock_reservations_expire(*, now=None) -> int:
    """Release every active reservation whose time ran out; returns how many were released."""
    now = now or timezone.now()
    query = StockHold.objects.filter(
        kind=StockHold.Kind.RESERVATION, released_at__isnull=True, expires_at__lte=now
    )
    holds, levels = _locked_holds(query)
    _release(holds, levels, now)
    _save_allocated(levels.values())
    return len(holds)


@transaction.atomic
def stock_holds_fulfil(*, reference: str, actor, movement_reference: str | None = None) -> None:
    """The allocation of reference leaves its location as sale movements and allocated drops.

    movement_reference: what the sale movements carry (the order number; default reference).
    """
    holds, levels = _locked_holds(_active(reference, StockHold.Kind.ALLOCATION))
    if not holds:
        return
    _release(holds, levels, timezone.now())
    _save_allocated(levels.values())
    by_location: dict[int, list[StockHold]] = defaultdict(list)
    for hold in holds:
        by_location[hold.location_id].append(hold)
    for location_id, located in sorted(by_location.items()):
        stock_sell(
            location=Location.objects.get(pk=location_id),
            lines=[
                SoldLine(
                    variant_id=hold.variant_id,
                    quantity=hold.quantity,
                    reference=movement_reference or reference,
                )
                for hold in located
            ],
            actor=actor,
        )
