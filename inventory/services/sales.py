"""Stock leaving with a sale and coming back with a return, for a whole batch of orders at once.

A cart sale records what physically happened, so stock_sell never refuses: a level may go below zero
(the shortfall is for the next count to explain). A batch of 200 cart sales is a handful of
statements: on PostgreSQL one statement locks the levels of every variant in it (in id order, as the
movement writer's lock_levels does) and updates them, returning what each holds now, and one COPY
writes the movements (core.bulk), so the batch costs next to no Python per row. A level that does not
exist yet (the first sale of a variant there) is then created and locked through lock_levels and
updated the same way; a new row's id comes after the existing ones', so the locks are still taken in id
order. Elsewhere (SQLite, for the demo) the levels go through lock_levels and bulk_update.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from core.bulk import rows_copy
from inventory.models import Location, Movement, StockLevel
from inventory.services.back_in_stock import back_in_stock_check_on_commit
from inventory.services.movements import lock_levels


# Not frozen (a frozen dataclass's __init__ costs ~4x; a cart's batch makes one per line); read-only.
@dataclass
class SoldLine:
    """Pieces of one variant on one order; reference is the order number, kept on the movement."""

    variant_id: int
    quantity: int
    reference: str = ""


def stock_sell(*, location: Location, lines: Sequence[SoldLine], actor) -> set[int]:
    """SALE movements, one per line; returns the ids of the variants whose on hand at location is
    below zero afterwards."""
    _check(lines)
    on_hand = _apply(location=location, lines=lines, kind=Movement.Kind.SALE, sign=-1, actor=actor)
    return {variant_id for variant_id, quantity in on_hand.items() if quantity < 0}


def stock_return(*, location: Location, lines: Sequence[SoldLine], actor, reason: str = "") -> None:
    """RETURN movements, one per line: sold pieces come back to the location they left."""
    _check(lines)
    _apply(location=location, lines=lines, kind=Movement.Kind.RETURN, sign=1, actor=actor, reason=reason)


def _check(lines: Sequence[SoldLine]) -> None:
    """Before the transaction, so that a caller's mistake leaves its transaction usable."""
    for line in lines:
        if not isinstance(line.quantity, int) or isinstance(line.quantity, bool) or line.quantity < 1:
            raise ValueError(
                f"a sold or returned quantity is a whole number of pieces, not {line.quantity!r}"
            )


# No savepoint of its own: a batch of sales costs two statements fewer, and only the database can
# fail in here (which fails the caller's transaction anyway).
@transaction.atomic(savepoint=False)
def _apply(
    *, location: Location, lines: Sequence[SoldLine], kind: str, sign: int, actor, reason: str = ""
) -> dict[int, int]:
    """The movements and the levels; returns each variant's on hand at location afterwards."""
    if not lines:
        return {}
    changes: dict[int, int] = {}
    for line in lines:
        changes[line.variant_id] = changes.get(line.variant_id, 0) + sign * line.quantity
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    # The movements first and the levels last: the levels' row locks are what two writers at one
    # location (two tablets of a cart) wait on, so they are held only from here to the commit.
    rows_copy(
        Movement,
        ("variant_id", "location_id", "kind", "quantity", "reference", "reason", "actor_id"),
        [
            (line.variant_id, location.pk, kind, sign * line.quantity, line.reference, reason, actor_id)
            for line in lines
        ],
    )
    if connection.vendor == "postgresql":
        on_hand = _update_levels(location, changes, now)
        missing = [variant_id for variant_id in changes if variant_id not in on_hand]
        if missing:
            # The first sale of a variant here: its level is created and locked, then updated.
            lock_levels(location=location, variant_ids=missing)
            on_hand.update(_update_levels(location, {pk: changes[pk] for pk in missing}, now))
    else:
        levels = lock_levels(location=location, variant_ids=changes)
        for variant_id, change in changes.items():
            level = levels[variant_id]
            level.quantity += change
            level.updated_at = now
        StockLevel.objects.bulk_update(list(levels.values()), ["quantity", "updated_at"])
        on_hand = {variant_id: level.quantity for variant_id, level in levels.items()}
    if sign > 0:  # pieces back on the shelf: someone may be waiting for them
        back_in_stock_check_on_commit(changes)
    return on_hand


_LOCK_AND_UPDATE = f"""
WITH locked AS MATERIALIZED (
    SELECT id, variant_id FROM {StockLevel._meta.db_table}
    WHERE location_id = %s AND variant_id = ANY(%s::bigint[])
    ORDER BY id FOR UPDATE
)
UPDATE {StockLevel._meta.db_table} AS level
SET quantity = level.quantity + change.quantity, updated_at = %s
FROM locked JOIN unnest(%s::bigint[], %s::integer[]) AS change(variant_id, quantity)
    ON change.variant_id = locked.variant_id
WHERE level.id = locked.id
RETURNING level.variant_id, level.quantity
"""


def _update_levels(location: Location, changes: dict[int, int], now) -> dict[int, int]:
    """Lock the existing levels of these variants in id order and apply the changes, in one
    statement; {variant_id: on hand now} of the levels that exist."""
    variant_ids = list(changes)
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_AND_UPDATE, [location.pk, variant_ids, now, variant_ids, list(changes.values())])
        return dict(cursor.fetchall())
