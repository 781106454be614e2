"""Reads for the catalogue. A listing costs the same few queries however many products it shows."""

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, QuerySet, Subquery

from artisans.models import Artisan
from catalog.models import Category, Product, ProductImage, Variant, VariantPrice
from catalog.search import RELEVANCE, products_matching, search_words, with_search_rank
from core.errors import NotFound
from core.i18n import current_language_suffix


def _stock_levels():
    """inventory.StockLevel's manager. Inventory is a layer above the catalogue, so the model is
    reached through the relation rather than imported."""
    model = Variant._meta.get_field("stock_levels").related_model
    assert isinstance(model, type)  # the model class (a relation may also name "self")
    return model._default_manager


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
    return _descendant_ids([category.pk])


def _descendant_ids(roots: Iterable[int]) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), list(roots)
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
    categories: Sequence[Category] | None = None,
    artisans: Sequence[Artisan] | None = None,
    in_stock_at=None,
    price_min_fen: int | None = None,
    price_max_fen: int | None = None,
    in_stock: bool | None = None,
    published_only: bool = True,
) -> QuerySet[Product]:
    """Products for a listing, each with its category (and its parent), variants (with artisan, her
    workshop and photo, and stock levels by location) and images prefetched: evaluating it takes four
    queries whatever the page size.

    search: every word in a name, the category's name, a SKU or a maker's name (catalog.search);
    price_min_fen/price_max_fen keep products with a variant priced within; in_stock True keeps
    products with a piece available at an active location, False those with none; category
    includes the categories below it, and categories any of several (with theirs); artisan keeps
    products with a variant of hers, artisans of any of them; an empty list filters nothing, as in
    Saleor. in_stock_at (a Location) keeps products with some variant available there (on hand >
    allocated).
    """
    products = _with_listing_joins(Product.objects.all())
    if published_only:
        products = products.filter(is_published=True)
    if search:
        products = products_matching(products, term=search)
    if price_min_fen is not None or price_max_fen is not None:
        priced = Variant.objects.filter(product=OuterRef("pk"))
        if price_min_fen is not None:
            priced = priced.filter(price_fen__gte=price_min_fen)
        if price_max_fen is not None:
            priced = priced.filter(price_fen__lte=price_max_fen)
        products = products.filter(Exists(priced))
    if in_stock is not None:
        available = _stock_levels().filter(
            variant__product=OuterRef("pk"), location__is_active=True, quantity__gt=F("allocated")
        )
        products = products.filter(Exists(available) if in_stock else ~Exists(available))
    if category is not None:
        products = products.filter(category_id__in=category_descendant_ids(category=category))
    if categories:
        products = products.filter(category_id__in=_descendant_ids(c.pk for c in categories))
    if artisan is not None:
        products = products.filter(Exists(Variant.objects.filter(product=OuterRef("pk"), artisan=artisan)))
    if artisans:
        by_them = Variant.objects.filter(product=OuterRef("pk"), artisan__in=[a.pk for a in artisans])
        products = products.filter(Exists(by_them))
    if in_stock_at is not None:
        available_there = _stock_levels().filter(
            variant__product=OuterRef("pk"), location=in_stock_at, quantity__gt=F("allocated")
        )
        products = products.filter(Exists(available_there))
    return products.order_by("slug")


class ProductOrderField(StrEnum):
    NAME = "name"
    PRICE = "price"
    CREATED_AT = "created_at"
    RANK = "rank"


def product_list_ordered(
    products: QuerySet[Product], *, field: ProductOrderField, descending: bool = False, search: str = ""
) -> QuerySet[Product]:
    """A product_list ordered by name (in the reader's language), price (the lowest variant's going
    up, the highest's going down), creation or search relevance (catalog.search), ties by slug.
    RANK without a search term orders by slug."""
    if field == ProductOrderField.RANK:
        if not search_words(search):
            return products.order_by("slug")
        return with_search_rank(products, term=search).order_by(*RELEVANCE, "slug")
    if field == ProductOrderField.PRICE:
        prices = Variant.objects.filter(product=OuterRef("pk")).values("product")
        bound = Max("price_fen") if descending else Min("price_fen")
        products = products.annotate(order_price_fen=Subquery(prices.annotate(p=bound).values("p")))
        column = "order_price_fen"
    elif field == ProductOrderField.CREATED_AT:
        column = "created_at"
    else:
        column = f"name_{current_language_suffix()}"
    return products.order_by(f"-{column}" if descending else column, "slug")


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
    return products.select_related("category__parent").prefetch_related(
        Prefetch(
            "variants",
            queryset=Variant.objects.select_related("artisan__workshop", "artisan__photo").order_by(
                "sort_order", "sku"
            ),
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


def prices_at(*, variant_ids: Iterable[int], when: datetime.datetime) -> dict[int, int]:
    """{variant id: price in fen on the price list at `when`} in one query (the variants' histories:
    a few rows each, cheaper than a subquery per variant). A variant that had no price yet at that
    time (it did not exist) is left out."""
    return {
        pk: history.at(when)
        for pk, history in price_histories(variant_ids=variant_ids).items()
        if history.starts[0] <= when
    }


@dataclass(frozen=True)
class PriceHistory:
    """One variant's price list over time, oldest first."""

    starts: tuple[datetime.datetime, ...]
    prices: tuple[int, ...]

    def at(self, when: datetime.datetime) -> int:
        """The price at `when`; a time before the first row (a tablet's clock running behind) reads
        the first price."""
        index = bisect.bisect_right(self.starts, when) - 1
        return self.prices[max(index, 0)]


def price_histories(*, variant_ids: Iterable[int]) -> dict[int, PriceHistory]:
    """The whole price history of each of these variants in one query, for checking a batch of sales
    made at many different times (variants without history are left out)."""
    rows: dict[int, tuple[list, list]] = {}
    for variant_id, valid_from, price_fen in (
        VariantPrice.objects.filter(variant_id__in=list(variant_ids))
        .order_by("variant_id", "valid_from", "pk")
        .values_list("variant_id", "valid_from", "price_fen")
    ):
        starts, prices = rows.setdefault(variant_id, ([], []))
        starts.append(valid_from)
        prices.append(price_fen)
    return {pk: PriceHistory(tuple(starts), tuple(prices)) for pk, (starts, prices) in rows.items()}
