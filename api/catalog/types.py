import graphene

from api.artisans.types import Artisan
from api.catalog.listing import LISTED
from api.core.connections import CountableConnection
from api.core.permissions import has_permission, permission_error
from api.core.types import Image, Money
from core.i18n import localized


def rows(root, name: str):
    """A relation's rows: the list api.catalog.listing.light_listing prefetched (listed_<name>),
    else the relation's manager (its prefetched rows, or a query)."""
    listed = getattr(root, LISTED + name, None)
    return listed if listed is not None else getattr(root, name).all()


class Category(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    description = graphene.String(required=True)
    description_zh = graphene.String(required=True)
    description_en = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)

    @staticmethod
    def resolve_description(root, info):
        return localized(root, "description")


class ProductVariant(graphene.ObjectType):
    """One SKU (a size, a colour, or the single piece of a one-of-a-kind), made by one artisan."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    sku = graphene.String(required=True)
    name = graphene.String(required=True)
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    price = graphene.Field(Money, required=True)
    artisan = graphene.Field(Artisan, required=True)
    product = graphene.Field(lambda: Product, required=True)
    quantity_available = graphene.Int(
        required=True,
        location=graphene.String(description="A location's code; all locations when left out."),
        description="Pieces on hand and not allocated to online orders.",
    )
    stocks = graphene.List(
        graphene.NonNull("api.inventory.types.Stock"),
        description="Stock at each location. Staff with inventory.view_stocklevel only.",
    )

    @staticmethod
    def resolve_price(root, info):
        return Money.of(root.price_fen)

    @staticmethod
    def resolve_quantity_available(root, info, location=None):
        # stock_levels (with their location) are prefetched by catalog.selectors.product_list.
        levels = rows(root, "stock_levels")
        if location is None:
            return sum(level.available for level in levels)
        return sum(level.available for level in levels if level.location.code == location)

    @staticmethod
    def resolve_stocks(root, info):
        if not has_permission(info.context.user, "inventory.view_stocklevel"):
            raise permission_error("Only staff who may see stock see it by location.")
        return rows(root, "stock_levels")


class Product(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    slug = graphene.String(required=True)
    name = graphene.String(required=True, description="In the reader's language (Accept-Language).")
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    description = graphene.String(required=True)
    description_zh = graphene.String(required=True)
    description_en = graphene.String(required=True)
    category = graphene.Field(Category, required=True)
    is_published = graphene.Boolean(required=True)
    is_one_of_a_kind = graphene.Boolean(required=True)
    thumbnail = graphene.Field(Image, size=graphene.Int(default_value=160), description="The first image.")
    images = graphene.List(
        graphene.NonNull(Image),
        required=True,
        size=graphene.Int(description="Width in pixels; the original when left out."),
    )
    variants = graphene.List(graphene.NonNull(ProductVariant), required=True)
    artisans = graphene.List(graphene.NonNull(Artisan), required=True, description="Who made its variants.")

    @staticmethod
    def resolve_thumbnail(root, info, size):
        first = next(iter(rows(root, "images")), None)
        return Image.of(info, first.image, size) if first is not None else None

    @staticmethod
    def resolve_images(root, info, size=None):
        return [Image.of(info, product_image.image, size) for product_image in rows(root, "images")]

    @staticmethod
    def resolve_variants(root, info):
        return rows(root, "variants")

    @staticmethod
    def resolve_artisans(root, info):
        artisans = {}
        for variant in rows(root, "variants"):
            artisans.setdefault(variant.artisan_id, variant.artisan)
        return list(artisans.values())


class CategoryConnection(CountableConnection):
    class Meta:
        node = Category


class ProductConnection(CountableConnection):
    class Meta:
        node = Product
