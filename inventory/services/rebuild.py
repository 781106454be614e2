"""Rebuilding the stock projection from the movements (`manage.py rebuild_stock`)."""

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.locks import lock_in_id_order
from inventory.models import Movement, StockLevel


@transaction.atomic
def stock_rebuild() -> int:
    """Set every StockLevel.quantity to the sum of its movements; return how many rows changed.

    Allocations are left alone: they belong to orders, not to movements.
    """
    # Holding every level row keeps writers out while the sums are taken; a writer that creates a
    # new level inserts its movement only after locking that row, so it cannot be counted twice.
    lock_in_id_order(StockLevel.objects.all())
    movement_sums = (
        Movement.objects.filter(variant=OuterRef("variant"), location=OuterRef("location"))
        .order_by()
        .values("variant", "location")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    total = Coalesce(Subquery(movement_sums), Value(0))
    drifted = StockLevel.objects.alias(total=total).exclude(quantity=F("total"))
    fixed = drifted.update(quantity=total, updated_at=timezone.now())
    missing = (
        Movement.objects.order_by()
        .values("variant", "location")
        .annotate(total=Sum("quantity"))
        .exclude(total=0)
        .filter(
            ~Exists(StockLevel.objects.filter(variant=OuterRef("variant"), location=OuterRef("location")))
        )
    )
    created = StockLevel.objects.bulk_create(
        [
            StockLevel(variant_id=row["variant"], location_id=row["location"], quantity=row["total"])
            for row in missing
        ],
        ignore_conflicts=True,
    )
    return fixed + len(created)
