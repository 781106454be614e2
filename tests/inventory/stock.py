"""Reading the whole inventory state in tests, to say exactly what changed and that failures wrote nothing."""

from django.db.models import Sum

from inventory.models import (
    Intake,
    IntakeLine,
    Movement,
    StockCount,
    StockCountLine,
    StockLevel,
    Transfer,
    TransferLine,
)

WRITTEN = (Intake, IntakeLine, Transfer, TransferLine, StockCount, StockCountLine, Movement, StockLevel)


def on_hand(variant, location) -> int:
    level = StockLevel.objects.filter(variant=variant, location=location).first()
    return level.quantity if level else 0


def levels() -> dict[tuple[str, str], int]:
    """{(sku, location code): quantity} for every level row."""
    return {
        (sku, code): quantity
        for sku, code, quantity in StockLevel.objects.values_list(
            "variant__sku", "location__code", "quantity"
        )
    }


def snapshot() -> dict:
    """Row counts of every inventory table plus all quantities: equal before and after = nothing written."""
    return {"rows": {model.__name__: model.objects.count() for model in WRITTEN}, "levels": levels()}


def movement_sums() -> dict[tuple[int, int], int]:
    return {
        (row["variant"], row["location"]): row["total"]
        for row in Movement.objects.order_by().values("variant", "location").annotate(total=Sum("quantity"))
    }
