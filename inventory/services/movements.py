"""The one writer of stock: a movement row and its StockLevel projection, in the caller's transaction.

Only inventory.services imports this module (tests/inventory/test_movements_writer.py checks it), so
every change to a stock quantity goes through record_movements and on hand == sum of movements holds.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from core.locks import lock_in_id_order
from inventory.models import Location, Movement, StockLevel
from inventory.services.back_in_stock import back_in_stock_check_on_commit


def lock_levels(*, location: Location, variant_ids: Iterable[int]) -> dict[int, StockLevel]:
    """Get-or-create the levels of these variants at location and lock them in id order.

    Callers that must decide under the lock (is enough available? what was expected?) call this
    first and read the returned rows; record_movements locks the same rows again, which costs
    nothing inside the same transaction.
    """
    ids = sorted(set(variant_ids))
    existing = set(
        StockLevel.objects.filter(location=location, variant_id__in=ids).values_list("variant_id", flat=True)
    )
    missing = [StockLevel(variant_id=pk, location=location) for pk in ids if pk not in existing]
    if missing:
        # ON CONFLICT DO NOTHING: a concurrent writer creating the same row makes us wait for its
        # commit instead of failing on the unique constraint.
        StockLevel.objects.bulk_create(missing, ignore_conflicts=True)
    levels = lock_in_id_order(StockLevel.objects.filter(location=location, variant_id__in=ids))
    return {level.variant_id: level for level in levels}


def record_movements(
    *,
    location: Location,
    kind: str,
    changes: Iterable[tuple[int, int]],
    actor=None,
    intake=None,
    transfer=None,
    count=None,
    reference: str = "",
    reason: str = "",
    idempotency_key: str | None = None,
) -> list[Movement]:
    """Append one movement per (variant_id, signed quantity) and apply it to the locked levels.

    Zero quantities are skipped (a count without variance, a line of which nothing arrived). The
    caller has already validated the request; this only keeps movements and levels in step.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_movements must run inside the caller's transaction")
    changes = [(variant_id, quantity) for variant_id, quantity in changes if quantity != 0]
    if not changes:
        return []
    if idempotency_key is not None and len(changes) != 1:
        # The key is unique per movement row; requests with several lines carry it on their parent.
        raise ValueError("an idempotency key belongs on a single movement")
    levels = lock_levels(location=location, variant_ids=[variant_id for variant_id, _ in changes])
    movements = Movement.objects.bulk_create(
        [
            Movement(
                variant_id=variant_id,
                location=location,
                kind=kind,
                quantity=quantity,
                intake=intake,
                transfer=transfer,
                count=count,
                reference=reference,
                reason=reason,
                actor=actor,
                idempotency_key=idempotency_key,
            )
            for variant_id, quantity in changes
        ]
    )
    now = timezone.now()
    for variant_id, quantity in changes:
        level = levels[variant_id]
        level.quantity += quantity
        # bulk_update skips auto_now, so the time is set here.
        level.updated_at = now
    StockLevel.objects.bulk_update(list(levels.values()), ["quantity", "updated_at"])
    back_in_stock_check_on_commit(variant_id for variant_id, quantity in changes if quantity > 0)
    return movements
