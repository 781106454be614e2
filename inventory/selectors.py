"""Reads of stock, each with the joins its page needs so that nothing queries per row."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from catalog.models import Variant
from core.errors import NotFound
from inventory.models import Location, Movement, StockCount, StockLevel, Transfer


def base_location() -> Location:
    """The workshop's store room, where intake lands unless told otherwise."""
    base = Location.objects.filter(kind=Location.Kind.BASE, is_active=True).order_by("pk").first()
    if base is None:
        raise NotFound(_("还没有启用的总库。"), field="location")
    return base


def stock_at_location(*, location: Location) -> QuerySet[StockLevel]:
    return (
        StockLevel.objects.filter(location=location)
        .select_related("variant__product", "variant__artisan")
        .order_by("variant__sku")
    )


def available_quantities(
    *, variant_ids: Iterable[int], location_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(variant id, location id): pieces available online (on hand less allocated, never below 0)}.

    With location_ids, every pair is answered (one without a stock level has 0); without, every
    level these variants have anywhere."""
    variant_ids = list(variant_ids)
    levels = StockLevel.objects.filter(variant_id__in=variant_ids)
    answer = {}
    if location_ids is not None:
        location_ids = list(location_ids)
        levels = levels.filter(location_id__in=location_ids)
        answer = {(variant_id, location_id): 0 for variant_id in variant_ids for location_id in location_ids}
    for variant_id, location_id, quantity, allocated in levels.values_list(
        "variant_id", "location_id", "quantity", "allocated"
    ):
        answer[(variant_id, location_id)] = max(quantity - allocated, 0)
    return answer


def stock_for_variants(*, variants: Iterable[Variant]) -> QuerySet[StockLevel]:
    """Where each of these variants sits: one row per variant and location, base first."""
    return (
        StockLevel.objects.filter(variant__in=list(variants))
        .select_related("variant", "location")
        .order_by("variant__sku", "location__kind", "location__code")
    )


def movements_for(*, variant: Variant | None = None, location: Location | None = None) -> QuerySet[Movement]:
    """The stock history, newest first, of a variant, a location or both."""
    movements = Movement.objects.select_related("variant__product", "location", "actor")
    if variant is not None:
        movements = movements.filter(variant=variant)
    if location is not None:
        movements = movements.filter(location=location)
    return movements.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class VarianceRow:
    sku: str
    product_name: str
    expected: int
    counted: int
    variance: int
    variance_value_fen: int


@dataclass(frozen=True)
class VarianceReport:
    rows: list[VarianceRow]
    total_expected: int
    total_counted: int
    total_variance: int
    total_variance_value_fen: int


def count_variance_report(*, count: StockCount) -> VarianceReport:
    """Every counted line with its variance valued at today's price (negative: pieces missing)."""
    lines = count.lines.select_related("variant__product").order_by("variant__sku")
    rows = [
        VarianceRow(
            sku=line.variant.sku,
            product_name=line.variant.product.name,
            expected=line.expected,
            counted=line.counted,
            variance=line.variance,
            variance_value_fen=line.variance * line.variant.price_fen,
        )
        for line in lines
    ]
    return VarianceReport(
        rows=rows,
        total_expected=sum(row.expected for row in rows),
        total_counted=sum(row.counted for row in rows),
        total_variance=sum(row.variance for row in rows),
        total_variance_value_fen=sum(row.variance_value_fen for row in rows),
    )


@dataclass(frozen=True)
class DiscrepancyRow:
    sku: str
    product_name: str
    quantity_sent: int
    quantity_received: int
    discrepancy: int
    discrepancy_value_fen: int
    note: str


def transfer_discrepancies(*, transfer: Transfer) -> list[DiscrepancyRow]:
    """Lines of a received transfer where what arrived differs from what was sent (none before receipt)."""
    lines = transfer.lines.select_related("variant__product").order_by("variant__sku")
    return [
        DiscrepancyRow(
            sku=line.variant.sku,
            product_name=line.variant.product.name,
            quantity_sent=line.quantity_sent,
            quantity_received=line.quantity_received,
            discrepancy=line.discrepancy,
            discrepancy_value_fen=line.discrepancy * line.variant.price_fen,
            note=line.discrepancy_note,
        )
        for line in lines
        if line.quantity_received is not None and line.discrepancy
    ]
