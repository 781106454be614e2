"""A new piece in one step: its photo, the product with its variants and prices, and the pieces the
artisan handed over, taken in at the base, all or nothing. Each part goes through the service that
owns it (media, catalog, inventory); this only puts them in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction

from artisans.models import Artisan
from catalog.models import Category, Product
from catalog.services import VariantInput, product_create
from inventory.selectors import base_location
from inventory.services import LineQuantity, intake_create
from media.services import image_create


@dataclass(frozen=True)
class PieceVariant:
    sku: str
    price_fen: int
    quantity: int  # handed over now, taken in at the base (0: none yet)
    name_zh: str = ""
    name_en: str = ""


@transaction.atomic
def piece_create(
    *,
    slug: str,
    name_zh: str,
    name_en: str,
    category: Category,
    artisan: Artisan,
    variants: Sequence[PieceVariant],
    actor,
    description_zh: str = "",
    description_en: str = "",
    is_one_of_a_kind: bool = False,
    photo: File | None = None,
) -> Product:
    images = [image_create(upload=photo, alt_zh=name_zh, alt_en=name_en)] if photo else []
    product = product_create(
        slug=slug,
        name_zh=name_zh,
        name_en=name_en,
        category=category,
        description_zh=description_zh,
        description_en=description_en,
        is_one_of_a_kind=is_one_of_a_kind,
        images=images,
        variants=[
            VariantInput(
                line.sku, line.price_fen, artisan, name_zh=line.name_zh, name_en=line.name_en, sort_order=n
            )
            for n, line in enumerate(variants)
        ],
    )
    by_sku = {variant.sku: variant for variant in product.variants.all()}
    lines = [LineQuantity(by_sku[line.sku.strip()], line.quantity) for line in variants if line.quantity > 0]
    if lines:
        intake_create(
            artisan=artisan, lines=lines, actor=actor, location=base_location(), note=product.name_zh
        )
    return product
