import itertools
from functools import reduce
from operator import or_

import graphene
from graphql import GraphQLError

from api.artisans.types import Artisan
from api.catalog.listing import light_listing
from api.catalog.mutations.product_create import ProductCreate
from api.catalog.mutations.product_update import ProductUpdate
from api.catalog.types import Category, CategoryConnection, Product, ProductConnection
from api.core.connections import paginate
from api.core.filters import OrderDirection
from api.core.nodes import instance_from_id, instances_from_ids, pk_from_id
from api.core.permissions import has_permission
from api.core.scalars import Fen
from api.inventory.types import Location
from artisans import models as artisan_models
from catalog import models, selectors
from core.errors import NotFound
from inventory import models as inventory_models

MAX_FILTER_IDS = 20


class PriceRangeInput(graphene.InputObjectType):
    gte = Fen(description="At least this price, in fen (1/100 yuan).")
    lte = Fen(description="At most this price, in fen.")


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class ProductOrderField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    CREATED_AT = "created_at"
    RANK = "rank"

    @property
    def description(self):
        return {
            "name": "By name in the reader's language.",
            "price": "By the lowest variant price going up, the highest going down.",
            "created_at": "By when the product was added.",
            "rank": "By search relevance (needs filter.search): exact and prefix matches first.",
        }.get(self.value)


class ProductOrder(graphene.InputObjectType):
    field = ProductOrderField(required=True)
    direction = OrderDirection(required=True)


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(
        description="Every word in a name (Chinese or English), the category's name, a SKU or a "
        "maker's name (Chinese or Latin); Latin typos tolerated on PostgreSQL."
    )
    price = PriceRangeInput(description="Products with a variant priced within.")
    stock_availability = StockAvailability(
        description="IN_STOCK: a piece available online or at a cart; OUT_OF_STOCK: none."
    )
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Including their subcategories.")
    artisans = graphene.List(graphene.NonNull(graphene.ID), description="Products with a variant by any.")
    in_stock_at = graphene.ID(description="A location's ID: products with some variant available there.")


class CatalogQueries(graphene.ObjectType):
    categories = graphene.relay.ConnectionField(CategoryConnection, description="In display order.")
    products = graphene.relay.ConnectionField(
        ProductConnection,
        filter=ProductFilterInput(),
        sort_by=ProductOrder(description="By default by slug, by relevance when searching."),
        description="Products: published ones for the public, all of them for staff with "
        "catalog.view_product.",
    )
    product = graphene.Field(
        Product, id=graphene.ID(), slug=graphene.String(), description="One product, by ID or slug."
    )

    @staticmethod
    def resolve_categories(root, info, **args):
        return paginate(selectors.category_list(), args, CategoryConnection)

    @staticmethod
    def resolve_products(root, info, filter=None, sort_by=None, **args):
        filter = filter or {}
        price = filter.get("price") or {}
        if price.get("gte") is not None and price.get("lte") is not None and price["lte"] < price["gte"]:
            raise GraphQLError(
                "`price.lte` is below `price.gte`.", extensions={"code": "INVALID", "field": "price"}
            )
        stock = _enum_value(filter.get("stock_availability"))
        try:
            categories = _filter_rows(filter.get("categories"), Category, models.Category, "categories")
            artisans = _filter_rows(filter.get("artisans"), Artisan, artisan_models.Artisan, "artisans")
            in_stock_at = None
            if filter.get("in_stock_at") is not None:
                locations = inventory_models.Location.objects.all()
                in_stock_at = instance_from_id(filter["in_stock_at"], Location, locations, field="inStockAt")
        except NotFound as error:
            raise GraphQLError(
                str(error.message), extensions={"code": "NOT_FOUND", "field": error.field}
            ) from None
        # The selector filters by one category and one artisan; several are the union of those lists.
        if len(categories or [None]) * len(artisans or [None]) > MAX_FILTER_IDS:
            raise GraphQLError(
                f"Too many categories times artisans in the filter (at most {MAX_FILTER_IDS}).",
                extensions={"code": "INVALID"},
            )
        querysets = [
            selectors.product_list(
                search=filter.get("search"),
                category=category,
                artisan=artisan,
                in_stock_at=in_stock_at,
                price_min_fen=price.get("gte"),
                price_max_fen=price.get("lte"),
                in_stock=None if stock is None else stock == "IN_STOCK",
                published_only=not has_permission(info.context.user, "catalog.view_product"),
            )
            for category, artisan in itertools.product(categories or [None], artisans or [None])
        ]
        products = reduce(or_, querysets)
        search = (filter.get("search") or "").strip()
        if sort_by is not None:
            field = selectors.ProductOrderField(_enum_value(sort_by["field"]))
            if field == selectors.ProductOrderField.RANK and not search:
                raise GraphQLError(
                    "Sorting by RANK needs `filter.search`.",
                    extensions={"code": "INVALID", "field": "sortBy"},
                )
            descending = _enum_value(sort_by["direction"]) == "DESC"
            products = selectors.product_list_ordered(
                products, field=field, descending=descending, search=search
            )
        elif search:
            products = selectors.product_list_ordered(
                products, field=selectors.ProductOrderField.RANK, search=search
            )
        return paginate(light_listing(products, info), args, ProductConnection)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise GraphQLError("Give either `id` or `slug`.", extensions={"code": "INVALID"})
        published_only = not has_permission(info.context.user, "catalog.view_product")
        if slug is not None:
            try:
                return selectors.product_get(slug=slug, published_only=published_only)
            except NotFound:
                return None
        pk = pk_from_id(id, Product)
        if pk is None:
            return None
        return selectors.product_list(published_only=published_only).filter(pk=pk).first()


def _enum_value(member):
    """An enum argument's value (graphene hands resolvers the enum's member)."""
    return getattr(member, "value", member)


def _filter_rows(global_ids, node_type, model, field: str) -> list:
    if not global_ids:
        return []
    if len(global_ids) > MAX_FILTER_IDS:
        raise GraphQLError(f"`{field}` takes at most {MAX_FILTER_IDS} IDs.", extensions={"code": "INVALID"})
    return instances_from_ids(list(dict.fromkeys(global_ids)), node_type, model.objects.all(), field=field)


class CatalogMutations(graphene.ObjectType):
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
