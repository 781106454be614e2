"""Stock leaving with a sale and coming back with a return, for a whole batch of orders at once.

A cart sale records what physically happened, so stock_sell never refuses: a level may go below zero
(the shortfall is for the next count to explain). A batch of 200 cart sales is a handful of
statements: the levels of every variant in it are locked once (in id order, through the movement
writer's lock_levels), the movements are inserted in one statement and the levels updated in another
(core.bulk: column arrays on PostgreSQL, so the batch costs next to no Python per row).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.bulk import insert_rows, update_rows
from inventory.models import Location, Movement, StockLevel
from inventory.services.movements import lock_levels


@dataclass(frozen=True)
class SoldLine:
    """Pieces of one variant on one order; reference is the order number, kept on the movement."""

    variant_id: int
    quantity: int
    reference: str = ""


def stock_sell(*, location: Location, lines: Sequence[SoldLine], actor) -> set[int]:
    """SALE movements, one per line; returns the ids of the variants whose on hand at location is
    below zero afterwards."""
    _check(lines)
    levels = _apply(location=location, lines=lines, kind=Movement.Kind.SALE, sign=-1, actor=actor)
    return {variant_id for variant_id, level in levels.items() if level.quantity < 0}


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
) -> dict[int, StockLevel]:
    if not lines:
        return {}
    levels = lock_levels(location=location, variant_ids=[line.variant_id for line in lines])
    actor_id = actor.pk if actor is not None else None
    insert_rows(
        Movement,
        ("variant_id", "location_id", "kind", "quantity", "reference", "reason", "actor_id"),
        [
            (line.variant_id, location.pk, kind, sign * line.quantity, line.reference, reason, actor_id)
            for line in lines
        ],
    )
    now = timezone.now()
    for line in lines:
        level = levels[line.variant_id]
        level.quantity += sign * line.quantity
        level.updated_at = now
    update_rows(list(levels.values()), ["quantity", "updated_at"])
    return levels
