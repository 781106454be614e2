"""A lighter page of products when the query asks for less.

catalog.selectors.product_list prefetches everything a listing may show (the variants' artisans with
their workshops and photos, every stock level with its location, the category and its parent). A
storefront page asking only for names, thumbnails, prices and stock needs a third of those rows;
building the model instances is most of a page's cost. When the query names none of the fields that
need the rest, the joins and prefetches are swapped for the few it does need.
"""

from django.db.models import Prefetch
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

from catalog.models import ProductImage, Variant

# Fields (anywhere below `products`) that need the selector's full joins.
NEEDS_FULL_JOINS = frozenset({"artisan", "artisans", "category", "stocks", "product"})


def _field_names(selection_set, fragments, seen=frozenset()) -> set[str]:
    names: set[str] = set()
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
            if selection.arguments and selection.name.value == "quantityAvailable":
                names.add("quantityAvailable(location)")
            names |= _field_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            names |= _field_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                names |= _field_names(fragment.selection_set, fragments, seen | {name})
    return names


def light_listing(products, info):
    """products (a product_list queryset) with only the joins this query's fields need; unchanged
    when it asks for anything the lighter joins do not cover."""
    names = set()
    for node in info.field_nodes:
        names |= _field_names(node.selection_set, info.fragments)
    if names & NEEDS_FULL_JOINS or "quantityAvailable(location)" in names:
        return products
    # Into plain lists (to_attr, read by api.catalog.types.rows): a prefetch into the relation's
    # manager instead builds a queryset for every product and variant of the page (~80 a page).
    stock_levels = Variant._meta.get_field("stock_levels").related_model.objects.all()
    lookups = [
        Prefetch(
            "variants", queryset=Variant.objects.order_by("sort_order", "sku"), to_attr=LISTED + "variants"
        ),
        Prefetch(
            "images",
            queryset=ProductImage.objects.select_related("image").order_by("sort_order", "pk"),
            to_attr=LISTED + "images",
        ),
    ]
    if "quantityAvailable" in names:
        levels = Prefetch(
            f"{LISTED}variants__stock_levels", queryset=stock_levels, to_attr=LISTED + "stock_levels"
        )
        lookups.append(levels)
    return products.select_related(None).prefetch_related(None).prefetch_related(*lookups)


# The prefix of the lists light_listing prefetches: listed_variants, listed_images, listed_stock_levels.
LISTED = "listed_"
