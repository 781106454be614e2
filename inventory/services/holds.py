"""Pieces held for online buyers: reservations (a checkout waiting for its payment) and allocations
(a paid order's pieces until handed over or refunded), each counted in StockLevel.allocated.

Every function locks the stock rows first (in one statement, in id order) and decides from the
locked rows' own columns, so two buyers of the last piece can never both get it; the CHECK
allocated >= 0 is the backstop. Hold rows are read after the lock: whoever changed them before us
held the same level locks, so what we read then is settled.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InsufficientStock, ValidationFailed
from core.locks import lock_in_id_order
from core.transactions import one_transaction
from inventory.models import Location, StockHold, StockLevel
from inventory.selectors import available_quantities
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


def _lock(pairs: Iterable[tuple[int, int]], holds=None) -> dict[tuple[int, int], StockLevel]:
    """Lock, in one statement in id order, the existing levels of these (location id, variant id)
    pairs and those of some holds: a reference's active ones ((reference, kind or None)), or those
    a QuerySet of holds finds. A level that does not exist has nothing on hand: it is not created
    here (see _locked_holds for the one case that needs it)."""
    by_location: dict[int, set[int]] = defaultdict(set)
    for location_id, variant_id in pairs:
        by_location[location_id].add(variant_id)
    levels: Iterable[StockLevel]
    if isinstance(holds, QuerySet):
        branches = [
            StockLevel.objects.filter(location_id=location_id, variant_id__in=sorted(variant_ids))
            for location_id, variant_ids in sorted(by_location.items())
        ]
        held_here = holds.filter(location_id=OuterRef("location_id"), variant_id=OuterRef("variant_id"))
        branches.append(StockLevel.objects.filter(Exists(held_here)))
        ids = [branch.values("pk") for branch in branches]
        query = ids[0] if len(ids) == 1 else ids[0].union(*ids[1:], all=True)
        levels = lock_in_id_order(StockLevel.objects.filter(pk__in=query))
    elif by_location or holds:
        levels = StockLevel.objects.raw(*_lock_sql(by_location, holds))
    else:
        return {}
    return {(level.location_id, level.variant_id): level for level in levels}


def _lock_sql(by_location: dict[int, set[int]], holds: tuple[str, str | None] | None) -> tuple[str, list]:
    """The hot path's lock as plain SQL: built by the ORM (a UNION and an EXISTS) it cost more CPU to
    compile than the statements it saved. The ids of the levels are gathered first, then the levels
    themselves locked in id order."""
    level, hold = StockLevel._meta.db_table, StockHold._meta.db_table
    branches: list[str] = []
    params: list[object] = []
    for location_id, variant_ids in sorted(by_location.items()):
        marks = ", ".join(["%s"] * len(variant_ids))
        branches.append(f"SELECT id FROM {level} WHERE location_id = %s AND variant_id IN ({marks})")
        params += [location_id, *sorted(variant_ids)]
    if holds:
        reference, kind = holds
        branches.append(
            f"SELECT l.id FROM {hold} h JOIN {level} l"
            " ON l.location_id = h.location_id AND l.variant_id = h.variant_id"
            " WHERE h.reference = %s AND h.released_at IS NULL" + (" AND h.kind = %s" if kind else "")
        )
        params += [reference, kind] if kind else [reference]
    lock = "" if connection.vendor == "sqlite" else " FOR UPDATE"  # (SQLite: one writer at a time)
    sql = f"SELECT * FROM {level} WHERE id IN ({' UNION ALL '.join(branches)}) ORDER BY id{lock}"
    return sql, params


def _save_allocated(levels: Iterable[StockLevel]) -> None:
    """Write the levels' allocated counts in one UPDATE. Plain SQL: bulk_update's Case/When
    expressions cost more CPU to build than the statement itself takes to run."""
    levels = sorted(levels, key=lambda level: level.pk)
    if not levels:
        return
    now = timezone.now()
    cases, params = [], []
    for level in levels:
        level.updated_at = now
        cases.append("WHEN %s THEN %s")
        params += [level.pk, level.allocated]
    marks = ", ".join(["%s"] * len(levels))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {StockLevel._meta.db_table} SET allocated = CASE id {' '.join(cases)} END,"
            f" updated_at = %s WHERE id IN ({marks})",
            [*params, _UPDATED_AT.get_db_prep_value(now, connection), *(level.pk for level in levels)],
        )


_UPDATED_AT = StockLevel._meta.get_field("updated_at")


def _locked_holds(
    holds, also: Iterable[tuple[int, int]] = ()
) -> tuple[list[StockHold], dict[tuple[int, int], StockLevel]]:
    """Lock the levels of these holds ((reference, kind or None) or a QuerySet, as _lock) and of the
    pairs in also in one statement, then read the holds under that lock: whoever changed them
    before held the same locks, so what we read then is settled."""
    query = holds if isinstance(holds, QuerySet) else _active(*holds)
    levels = _lock(also, holds)
    while True:
        found = list(query.order_by("pk"))
        missing = {(hold.location_id, hold.variant_id) for hold in found} - set(levels)
        if not missing:
            return found, levels
        # Held after our statement began (or a hold whose level row is gone): lock those too.
        StockLevel.objects.bulk_create(
            [
                StockLevel(location_id=location_id, variant_id=variant_id)
                for location_id, variant_id in sorted(missing)
            ],
            ignore_conflicts=True,
        )
        levels |= _lock(missing)


def _release(holds: Sequence[StockHold], levels: dict[tuple[int, int], StockLevel], now) -> None:
    for hold in holds:
        levels[(hold.location_id, hold.variant_id)].allocated -= hold.quantity
        hold.released_at = now
    if holds:
        StockHold.objects.filter(pk__in=[hold.pk for hold in holds]).update(released_at=now)


def _active(reference: str, kind: str | None = None):
    holds = StockHold.objects.filter(reference=reference, released_at__isnull=True)
    return holds if kind is None else holds.filter(kind=kind)


def _hold(
    *, location: Location, lines, reference: str, kind: str, expires_at, release_first
) -> list[StockHold]:
    wanted = _merged(lines)
    if not wanted:
        return []
    pairs = {(location.pk, variant_id) for variant_id in wanted}
    if release_first:
        previous, levels = _locked_holds((reference, StockHold.Kind.RESERVATION), also=pairs)
    else:
        previous, levels = [], _lock(pairs)
    # Decide first, write after: a refusal leaves nothing to roll back (core.transactions). The
    # pieces of the reservation being replaced count as available to its replacement.
    freed: dict[tuple[int, int], int] = defaultdict(int)
    for hold in previous:
        freed[(hold.location_id, hold.variant_id)] += hold.quantity
    for variant_id, quantity in sorted(wanted.items()):
        level = levels.get((location.pk, variant_id))
        on_hold = level.allocated - freed[(location.pk, variant_id)] if level else 0
        available = max(level.quantity - on_hold, 0) if level else 0
        if quantity > available:
            raise InsufficientStock(
                _("库存不足：只剩 %(available)d 件。") % {"available": available},
                field="lines",
                params={"variantId": variant_id, "available": available},
            )
    if previous:
        _release(previous, levels, timezone.now())
    for variant_id, quantity in wanted.items():
        levels[(location.pk, variant_id)].allocated += quantity
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


@one_transaction
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


def stock_available_check(*, location: Location, lines: Sequence[HeldLine]) -> None:
    """Raise InsufficientStock (as stock_reserve would) unless these pieces are available at location
    now, holding nothing: a checkout past its one reservation period is paid for without a hold, and
    its pieces are allocated when the payment arrives if they are still there."""
    wanted = _merged(lines)
    available = available_quantities(variant_ids=list(wanted), location_ids=[location.pk])
    for variant_id, quantity in sorted(wanted.items()):
        have = available[(variant_id, location.pk)]
        if quantity > have:
            raise InsufficientStock(
                _("库存不足：只剩 %(available)d 件。") % {"available": have},
                field="lines",
                params={"variantId": variant_id, "available": have},
            )


@one_transaction
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


def stock_reservation_convert(*, reference: str, to_reference: str, now=None) -> bool:
    """The active, unexpired reservation of reference becomes an allocation under to_reference
    (the pieces stay counted in allocated). False when there is none (it ran out or was released)."""
    return stock_reservation_convert_at(reference=reference, to_reference=to_reference, now=now) is not None


@one_transaction
def stock_reservation_convert_at(*, reference: str, to_reference: str, now=None) -> int | None:
    """stock_reservation_convert, answering where the pieces are: the id of the location of the
    reservation (stock_reserve holds at one location), None when there is none. Saves a caller that
    needs the location a read of its own."""
    now = now or timezone.now()
    holds, _levels = _locked_holds((reference, StockHold.Kind.RESERVATION))
    if not holds or any(hold.expires_at <= now for hold in holds):
        return None
    StockHold.objects.filter(pk__in=[hold.pk for hold in holds]).update(
        kind=StockHold.Kind.ALLOCATION, reference=to_reference, expires_at=None
    )
    return holds[0].location_id


@one_transaction
def stock_holds_release(*, reference: str, lines: Sequence[HeldLine] | None = None) -> int:
    """Release the active holds of reference: all of them (lines None), or these quantities of them
    (a hold released in part is replaced by one for the rest). Returns the pieces released."""
    holds, levels = _locked_holds((reference, None))
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
    holds, levels = _locked_holds((reference, StockHold.Kind.ALLOCATION))
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
