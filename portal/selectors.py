"""Reads for her own pages: her sale lines and her pieces with where each one is, joined for the page."""

from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from artisans.models import Artisan
from catalog.models import Variant
from inventory.models import StockLevel
from orders.models import OrderLine


@dataclass
class Piece:
    """One variant of hers: the places it sits (base, carts) and how many of it she has sold."""

    variant: Variant
    places: list[StockLevel] = field(default_factory=list)
    sold: int = 0


def artisan_sale_lines(*, artisan: Artisan) -> QuerySet[OrderLine]:
    """Her order lines, newest first, with the order's place and review hold joined."""
    return (
        OrderLine.objects.filter(artisan=artisan)
        .select_related("order__location", "order__attributed_location", "order__hold")
        .order_by("-order__created_at", "-pk")
    )


def artisan_pieces(*, artisan: Artisan) -> list[Piece]:
    """Her variants that sit somewhere (by product name and SKU), each with its places, base first."""
    levels = (
        StockLevel.objects.filter(variant__artisan=artisan)
        .exclude(quantity=0)
        .select_related("variant__product", "location")
        .order_by("variant__product__name_zh", "variant__sku", "location__kind", "location__code")
    )
    pieces: dict[int, Piece] = {}
    for level in levels:
        pieces.setdefault(level.variant_id, Piece(variant=level.variant)).places.append(level)
    sold = (
        OrderLine.objects.filter(artisan=artisan, variant_id__in=list(pieces))
        .values("variant_id")
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    for row in sold:
        pieces[row["variant_id"]].sold = row["quantity"]
    return list(pieces.values())
