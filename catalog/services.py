"""Writes for the catalogue: categories, products, their variants (SKUs) and images.

Rules are checked here and reported as ValidationFailed with the API's field names before anything is
written; the database constraints (unique SKU and slug, positive price) stay as the backstop.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from catalog.models import Category, Product, ProductImage, Variant, VariantPrice
from core.errors import ValidationFailed
from core.validation import camel_case, full_clean_or_raise, max_length
from media.models import Image

PRODUCT_FIELDS = frozenset(
    {
        "slug",
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "category",
        "is_published",
        "is_one_of_a_kind",
    }
)
_TEXT_FIELDS = frozenset({"slug", "name_zh", "name_en", "description_zh", "description_en"})
_SKU_MAX_LENGTH = max_length(Variant, "sku")


@dataclass(frozen=True)
class VariantInput:
    """One SKU of a product as the caller gives it: created if new, updated if the product has it."""

    sku: str
    price_fen: int
    artisan: Artisan
    name_zh: str = ""
    name_en: str = ""
    sort_order: int = 0


@transaction.atomic
def category_create(
    *,
    slug: str,
    name_zh: str,
    name_en: str,
    parent: Category | None = None,
    sort_order: int = 0,
    description_zh: str = "",
    description_en: str = "",
) -> Category:
    slug = slug.strip()
    _check_slug(slug, Category.objects.all())
    _check_sort_order(sort_order, field="sortOrder")
    category = Category(
        slug=slug,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        parent=parent,
        sort_order=sort_order,
        description_zh=description_zh.strip(),
        description_en=description_en.strip(),
    )
    full_clean_or_raise(category, validate_unique=False, validate_constraints=False)
    category.save()
    return category


@transaction.atomic
def product_create(
    *,
    slug: str,
    name_zh: str,
    name_en: str,
    category: Category,
    variants: Sequence[VariantInput],
    description_zh: str = "",
    description_en: str = "",
    is_published: bool = True,
    is_one_of_a_kind: bool = False,
    images: Sequence[Image] = (),
) -> Product:
    """A product with at least one variant and its images in the order given."""
    product = Product(
        slug=slug.strip(),
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        description_zh=description_zh.strip(),
        description_en=description_en.strip(),
        category=category,
        is_published=is_published,
        is_one_of_a_kind=is_one_of_a_kind,
    )
    _check_slug(product.slug, Product.objects.all())
    _check_category(category)
    full_clean_or_raise(product, validate_unique=False, validate_constraints=False)
    if not variants:
        raise ValidationFailed(_("商品至少要有一个规格（SKU）。"), field="variants")
    _check_variants(variants, product=None)
    _check_images(images)

    product.save()
    created = Variant.objects.bulk_create([_new_variant(product, line) for line in variants])
    _record_prices(created, new=True)
    _attach_images(product, images)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    variants: Sequence[VariantInput] | None = None,
    images: Sequence[Image] | None = None,
    **fields,
) -> Product:
    """Change product fields; variants by SKU (existing updated, new created, none deleted); images,
    when given, replace the product's list in the order given."""
    unknown = sorted(set(fields) - PRODUCT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("不能修改这些字段：%(fields)s。") % {"fields": ", ".join(unknown)}, field=camel_case(unknown[0])
        )
    # Work on a locked copy: edits of one product are serialized, and the caller's instance is only
    # changed once everything has passed.
    locked = Product.objects.select_for_update().get(pk=product.pk)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if name in _TEXT_FIELDS else value)
    if "slug" in fields:
        _check_slug(locked.slug, Product.objects.exclude(pk=locked.pk))
    if "category" in fields:
        _check_category(locked.category)
    full_clean_or_raise(locked, validate_unique=False, validate_constraints=False)
    existing = {}
    if variants is not None:
        existing = {v.sku: v for v in Variant.objects.select_for_update().filter(product=locked)}
        _check_variants(variants, product=locked)
    if images is not None:
        _check_images(images)

    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
        for name in (*fields, "updated_at"):
            setattr(product, name, getattr(locked, name))
    added, repriced = [], []
    for line in variants or ():
        variant = existing.get(line.sku.strip())
        if variant is None:
            variant = _new_variant(product, line)
            variant.save()
            added.append(variant)
            continue
        if variant.price_fen != line.price_fen:
            repriced.append(variant)
        variant.price_fen = line.price_fen
        variant.artisan = line.artisan
        variant.name_zh = line.name_zh.strip()
        variant.name_en = line.name_en.strip()
        variant.sort_order = line.sort_order
        variant.save(update_fields=["price_fen", "artisan", "name_zh", "name_en", "sort_order", "updated_at"])
    _record_prices(added, new=True)
    _record_prices(repriced)
    if images is not None:
        ProductImage.objects.filter(product=product).delete()
        _attach_images(product, images)
    return product


@transaction.atomic
def variant_prices_record(*, variants: Sequence[Variant]) -> list[VariantPrice]:
    """Add a price-history row for each of these (saved) variants whose price differs from its latest
    row: for writers that change Variant.price_fen outside product_update (an admin form). A variant
    without any row gets one from its creation."""
    latest = {}
    for variant_id, price_fen in (
        VariantPrice.objects.filter(variant__in=[variant.pk for variant in variants])
        .order_by("variant_id", "valid_from", "pk")
        .values_list("variant_id", "price_fen")
    ):
        latest[variant_id] = price_fen
    return [
        *_record_prices([variant for variant in variants if variant.pk not in latest], new=True),
        *_record_prices(
            [
                variant
                for variant in variants
                if latest.get(variant.pk, variant.price_fen) != variant.price_fen
            ]
        ),
    ]


def _record_prices(variants: Sequence[Variant], *, new: bool = False) -> list[VariantPrice]:
    """The price each of these variants has from now on; a new variant's from its creation."""
    now = timezone.now()
    return VariantPrice.objects.bulk_create(
        VariantPrice(
            variant=variant, price_fen=variant.price_fen, valid_from=variant.created_at if new else now
        )
        for variant in variants
    )


def _new_variant(product: Product, line: VariantInput) -> Variant:
    return Variant(
        product=product,
        sku=line.sku.strip(),
        price_fen=line.price_fen,
        artisan=line.artisan,
        name_zh=line.name_zh.strip(),
        name_en=line.name_en.strip(),
        sort_order=line.sort_order,
    )


def _attach_images(product: Product, images: Sequence[Image]) -> None:
    ProductImage.objects.bulk_create(
        ProductImage(product=product, image=image, sort_order=position)
        for position, image in enumerate(images)
    )


def _check_variants(variants: Sequence[VariantInput], *, product: Product | None) -> None:
    """Each line well formed, no SKU twice, and no SKU that belongs to another product."""
    seen = set()
    for line in variants:
        if not isinstance(line, VariantInput):
            raise TypeError(f"variants takes VariantInput, not {type(line).__name__}")
        sku = line.sku.strip()
        if not sku:
            raise ValidationFailed(_("每个规格都要有 SKU。"), field="variants")
        if len(sku) > _SKU_MAX_LENGTH:
            raise ValidationFailed(
                _("SKU %(sku)s 太长（最多 %(max)s 个字符）。") % {"sku": sku, "max": _SKU_MAX_LENGTH},
                field="variants",
            )
        if sku in seen:
            raise ValidationFailed(
                _("SKU %(sku)s 重复出现。") % {"sku": sku}, field="variants", code="DUPLICATE"
            )
        seen.add(sku)
        if not isinstance(line.price_fen, int) or isinstance(line.price_fen, bool) or line.price_fen <= 0:
            raise ValidationFailed(
                _("SKU %(sku)s 的价格必须是大于 0 的整数（分）。") % {"sku": sku}, field="variants"
            )
        if not isinstance(line.artisan, Artisan) or line.artisan.pk is None:
            raise ValidationFailed(_("SKU %(sku)s 必须指定手工艺人。") % {"sku": sku}, field="variants")
        _check_sort_order(line.sort_order, field="variants")
    taken = Variant.objects.filter(sku__in=seen)
    if product is not None:
        taken = taken.exclude(product=product)
    clash = taken.order_by("sku").values_list("sku", flat=True).first()
    if clash is not None:
        raise ValidationFailed(
            _("SKU %(sku)s 已被其他商品使用。") % {"sku": clash}, field="variants", code="DUPLICATE"
        )


def _check_images(images: Sequence[Image]) -> None:
    if any(not isinstance(image, Image) or image.pk is None for image in images):
        raise ValidationFailed(_("只能添加已上传的图片。"), field="images")
    if len({image.pk for image in images}) != len(images):
        raise ValidationFailed(_("同一张图片只能添加一次。"), field="images", code="DUPLICATE")


def _check_slug(slug: str, others: models.QuerySet) -> None:
    try:
        validate_slug(slug)
    except DjangoValidationError as error:
        raise ValidationFailed(_("标识只能包含英文字母、数字、连字符和下划线。"), field="slug") from error
    if others.filter(slug=slug).exists():
        raise ValidationFailed(_("标识“%(slug)s”已被使用。") % {"slug": slug}, field="slug", code="DUPLICATE")


def _check_category(category: Category | None) -> None:
    if not isinstance(category, Category) or category.pk is None:
        raise ValidationFailed(_("请选择分类。"), field="category")


def _check_sort_order(value: int, *, field: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationFailed(_("排序必须是不小于 0 的整数。"), field=field)
