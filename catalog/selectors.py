"""Reads for the catalogue. A listing costs the same few queries however many products it shows."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from artisans.models import Artisan
from catalog.models import Category, Product, ProductImage, Variant
from core.errors import NotFound


def _stock_levels():
    """inventory.StockLevel's manager. Inventory is a layer above the catalogue, so the model is
    reached through the relation rather than imported."""
    return Variant._meta.get_field("stock_levels").related_model.objects


def category_list() -> QuerySet[Category]:
    """Every category with its parent, in display order."""
    return Category.objects.select_related("parent").order_by("sort_order", "slug")


def category_get(*, slug: str) -> Category:
    try:
        return Category.objects.select_related("parent").get(slug=slug)
    except Category.DoesNotExist as error:
        raise NotFound(params={"slug": slug}) from error


def category_descendant_ids(*, category: Category) -> list[int]:
    """The category's id and those of all categories below it, at any depth (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [category.pk]
    while todo:
        pk = todo.pop()
        if pk in found:  # a cycle made by hand in the admin must not hang the page
            continue
        found.add(pk)
        todo.extend(children.get(pk, ()))
    return sorted(found)


def product_list(
    *,
    search: str | None = None,
    category: Category | None = None,
    artisan: Artisan | None = None,
    in_stock_at=None,
    published_only: bool = True,
) -> QuerySet[Product]:
    """Products for a listing, each with its category, variants (with artisan and stock levels by
    location) and images prefetched: evaluating it takes four queries whatever the page size.

    search matches either name or any variant's SKU; category includes the categories below it;
    in_stock_at (a Location) keeps products with some variant available there (on hand > allocated).
    """
    products = _with_listing_joins(Product.objects.all())
    if published_only:
        products = products.filter(is_published=True)
    if search and search.strip():
        term = search.strip()
        sku_matches = Variant.objects.filter(product=OuterRef("pk"), sku__icontains=term)
        products = products.filter(
            Q(name_zh__icontains=term) | Q(name_en__icontains=term) | Exists(sku_matches)
        )
    if category is not None:
        products = products.filter(category_id__in=category_descendant_ids(category=category))
    if artisan is not None:
        products = products.filter(Exists(Variant.objects.filter(product=OuterRef("pk"), artisan=artisan)))
    if in_stock_at is not None:
        available_there = _stock_levels().filter(
            variant__product=OuterRef("pk"), location=in_stock_at, quantity__gt=F("allocated")
        )
        products = products.filter(Exists(available_there))
    return products.order_by("slug")


def product_get(*, slug: str, published_only: bool = True) -> Product:
    """One product with everything its page shows; NotFound when missing (or unpublished, unless
    published_only=False, as staff pages ask)."""
    products = _with_listing_joins(Product.objects.all())
    if published_only:
        products = products.filter(is_published=True)
    try:
        return products.get(slug=slug)
    except Product.DoesNotExist as error:
        raise NotFound(params={"slug": slug}) from error


def _with_listing_joins(products: QuerySet[Product]) -> QuerySet[Product]:
    return products.select_related("category").prefetch_related(
        Prefetch(
            "variants",
            queryset=Variant.objects.select_related("artisan").order_by("sort_order", "sku"),
        ),
        Prefetch(
            "variants__stock_levels",
            queryset=_stock_levels().select_related("location").order_by("location__kind", "location__code"),
        ),
        Prefetch(
            "images",
            queryset=ProductImage.objects.select_related("image").order_by("sort_order", "pk"),
        ),
    )
