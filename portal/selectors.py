"""Reads for her own pages: her sale lines and her pieces with where each one is, joined for the page."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, QuerySet, Sum
from django.utils import timezone

from artisans.models import Artisan
from catalog.models import ProductImage, Variant
from inventory.models import StockLevel
from ledger.conf import business_zone
from ledger.models import SaleSplit
from media.models import Image
from orders.models import Order, OrderLine
from orders.services.posting import line_reference


@dataclass
class Piece:
    """One variant of hers: the places it sits (base, carts) and how many of it she has sold."""

    variant: Variant
    places: list[StockLevel] = field(default_factory=list)
    sold: int = 0
    photo: Image | None = None


@dataclass
class Sale:
    """One sale line of hers as her statement has it: dated by the sale (not by when the books heard
    of it) and with her share of it, None until the ledger has split it."""

    line: OrderLine
    sold_on: datetime.date  # the day in Qinghai, as her statement has it
    share_fen: int | None
    photo: Image | None


def product_photos(*, product_ids: Iterable[int]) -> dict[int, Image]:
    """{product id: its first image} (one query)."""
    photos: dict[int, Image] = {}
    for row in (
        ProductImage.objects.filter(product_id__in=set(product_ids))
        .select_related("image")
        .order_by("product_id", "sort_order", "pk")
    ):
        photos.setdefault(row.product_id, row.image)
    return photos


def _sale_time(order: Order) -> datetime.datetime:
    """The sale's time as the ledger posts it: payment; a cart's claimed time never after it reached us."""
    if order.paid_at is None:
        return order.created_at
    if order.channel == Order.Channel.CART:
        return min(order.paid_at, order.created_at)
    return order.paid_at


def artisan_sales(*, lines: Iterable[OrderLine]) -> list[Sale]:
    """Her sale lines (already fetched, e.g. a page of them) with their date, her share and a photo."""
    lines = list(lines)
    references = {line_reference(line.order.number, line.pk): line for line in lines}
    shares = dict(
        SaleSplit.objects.filter(reference__in=list(references)).values_list("reference", "artisan_fen")
    )
    photos = product_photos(product_ids=[line.variant.product_id for line in lines])
    zone = business_zone()
    return [
        Sale(
            line=line,
            sold_on=timezone.localtime(_sale_time(line.order), zone).date(),
            share_fen=shares.get(reference),
            photo=photos.get(line.variant.product_id),
        )
        for reference, line in references.items()
    ]


def artisan_sale_lines(*, artisan: Artisan) -> QuerySet[OrderLine]:
    """Her order lines, latest sale first, with the order's place, review hold and product joined."""
    return (
        OrderLine.objects.filter(artisan=artisan)
        .select_related("order__location", "order__attributed_location", "order__hold", "variant")
        .order_by(F("order__paid_at").desc(nulls_last=True), "-order__created_at", "-pk")
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
    photos = product_photos(product_ids=[piece.variant.product_id for piece in pieces.values()])
    for piece in pieces.values():
        piece.photo = photos.get(piece.variant.product_id)
    return list(pieces.values())
