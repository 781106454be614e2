"""A new piece in one step: its photo, the product with its variants and prices, and the pieces the
artisan handed over, taken in at the base, all or nothing. Each part goes through the service that
owns it (media, catalog, inventory); this only puts them in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from artisans.models import Artisan
from carts.models import Cart
from catalog.models import Category, Product
from catalog.services import VariantInput, product_create
from core.errors import ValidationFailed
from inventory.selectors import base_location
from inventory.services import LineQuantity, intake_create
from media.services import image_create
from workbench.models import CartRestockTarget


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


COVER_DAYS_MAX = 60


@transaction.atomic
def restock_target_set(*, cart: Cart, cover_days: int, actor) -> CartRestockTarget:
    """The days of cover the restock plan aims at for this cart (1 to 60)."""
    if (
        not isinstance(cover_days, int)
        or isinstance(cover_days, bool)
        or not 1 <= cover_days <= COVER_DAYS_MAX
    ):
        raise ValidationFailed(_("备货天数必须是 1 到 60 之间的整数。"), field="cover_days")
    target, _created = CartRestockTarget.objects.update_or_create(
        cart=cart, defaults={"cover_days": cover_days, "updated_by": actor}
    )
    return target
