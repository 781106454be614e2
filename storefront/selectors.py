"""Reads for the tourists' pages, each with its joins so that nothing queries per row.

A listing page is one query: prices, the maker, online and cart availability and the first image
are correlated subqueries evaluated only for the rows of the page.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    JSONField,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from artisans.models import Artisan
from carts.models import Cart, Operator, Shift
from catalog.models import Category, Product, ProductImage, Variant
from catalog.search import RELEVANCE, products_matching, search_words, with_search_rank
from catalog.selectors import category_descendant_ids, product_get
from core.errors import NotFound
from inventory.models import BackInStockSubscription, Location, StockLevel
from orders.models import Campaign, Checkout, CheckoutLine, Order, ShippingRegion

PAGE_SIZE = 20
VERSION_TTL = 10  # seconds a computed catalogue version is trusted


def catalogue_version() -> str:
    """Changes whenever a product or variant is added, removed or edited: part of every cached
    listing's key, so an edit shows within VERSION_TTL seconds."""

    def compute() -> str:
        products = Product.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
        variants = Variant.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
        stamps = (products["n"], products["at"], variants["n"], variants["at"])
        return "-".join(str(stamp.timestamp() if hasattr(stamp, "timestamp") else stamp) for stamp in stamps)

    return cache.get_or_set("storefront:catalogue-version", compute, VERSION_TTL)


def _available_sum(kind: str | None = None, location=None):
    """Pieces of the product available at locations of this kind, or at this location
    (quantity - allocated)."""
    where = {"location": location} if location is not None else {"location__kind": kind}
    levels = (
        StockLevel.objects.filter(
            variant__product=OuterRef("pk"), location__is_active=True, quantity__gt=F("allocated"), **where
        )
        .values("variant__product")
        .annotate(total=Sum(F("quantity") - F("allocated")))
        .values("total")
    )
    return Coalesce(Subquery(levels, output_field=IntegerField()), 0)


def _first_variant(column: str):
    return Subquery(
        Variant.objects.filter(product=OuterRef("pk")).order_by("sort_order", "sku").values(column)[:1]
    )


def _first_image(column: str, output_field=None):
    images = ProductImage.objects.filter(product=OuterRef("pk")).order_by("sort_order", "pk")
    return Subquery(images.values(column)[:1], output_field=output_field)


# The listing's sort orders (GET sort=); relevance needs a search term.
SORTS = {
    "newest": ("-created_at", "slug"),
    "price": ("price_min_fen", "slug"),
    "-price": ("-price_max_fen", "slug"),
    "relevance": (*RELEVANCE, "slug"),
}


def listing_products(
    *,
    category: Category | None = None,
    artisan: Artisan | None = None,
    search: str = "",
    in_stock_at=None,
    price_min_fen: int | None = None,
    price_max_fen: int | None = None,
    in_stock: bool = False,
    sort: str = "",
) -> QuerySet[Product]:
    """Published products for a card grid, each annotated with what its card shows.

    search: every word somewhere (catalog.search); price_min_fen/price_max_fen: some variant priced
    within; in_stock: some piece available online or at an active cart; sort: a key of SORTS (by
    relevance when searching, else by slug, when not given)."""
    products = Product.objects.filter(is_published=True)
    if category is not None:
        products = products.filter(category_id__in=category_descendant_ids(category=category))
    if artisan is not None:
        products = products.filter(Exists(Variant.objects.filter(product=OuterRef("pk"), artisan=artisan)))
    products = products_matching(products, term=search)
    if price_min_fen is not None or price_max_fen is not None:
        priced = Variant.objects.filter(product=OuterRef("pk"))
        if price_min_fen is not None:
            priced = priced.filter(price_fen__gte=price_min_fen)
        if price_max_fen is not None:
            priced = priced.filter(price_fen__lte=price_max_fen)
        products = products.filter(Exists(priced))
    if in_stock:
        available = StockLevel.objects.filter(
            variant__product=OuterRef("pk"),
            location__is_active=True,
            location__kind__in=[Location.Kind.BASE, Location.Kind.CART],
            quantity__gt=F("allocated"),
        )
        products = products.filter(Exists(available))
    if in_stock_at is not None:
        there = StockLevel.objects.filter(
            variant__product=OuterRef("pk"), location=in_stock_at, quantity__gt=F("allocated")
        )
        products = products.filter(Exists(there)).annotate(
            here_available=_available_sum(location=in_stock_at)
        )
    prices = Variant.objects.filter(product=OuterRef("pk")).values("product")
    products = products.annotate(
        price_min_fen=Subquery(prices.annotate(p=Min("price_fen")).values("p")),
        price_max_fen=Subquery(prices.annotate(p=Max("price_fen")).values("p")),
        online_available=_available_sum(Location.Kind.BASE),
        carts_available=_available_sum(Location.Kind.CART),
        maker_zh=_first_variant("artisan__name_zh"),
        maker_latin=_first_variant("artisan__name_latin"),
        thumbnails=_first_image("image__thumbnails", JSONField()),
        image_file=_first_image("image__file"),
    )
    if not search_words(search) and sort == "relevance":
        sort = ""
    if search_words(search) and sort in ("", "relevance"):
        return with_search_rank(products, term=search).order_by(*SORTS["relevance"])
    return products.order_by(*SORTS.get(sort, ("slug",)))


@dataclass(frozen=True)
class ListingPage:
    products: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def listing_page(products: QuerySet[Product], *, number: int, size: int = PAGE_SIZE) -> ListingPage:
    """One page without counting the rest: one row more than the page says whether a next exists."""
    number = max(1, number)
    start = (number - 1) * size
    rows = list(products[start : start + size + 1])
    return ListingPage(products=rows[:size], number=number, has_next=len(rows) > size)


def category_tree() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).order_by("sort_order", "slug"))


def category_by_slug(*, slug: str) -> Category:
    try:
        return Category.objects.get(slug=slug)
    except Category.DoesNotExist as error:
        raise NotFound(params={"slug": slug}) from error


def featured_makers(*, limit: int = 6) -> list[Artisan]:
    """Makers with pieces on sale, heritage inheritors first, each with her photo."""
    selling = Variant.objects.filter(artisan=OuterRef("pk"), product__is_published=True)
    return list(
        Artisan.objects.filter(is_active=True)
        .filter(Exists(selling))
        .select_related("photo", "workshop")
        .order_by("-heritage_inheritor", "code")[:limit]
    )


def maker_list() -> list[Artisan]:
    return featured_makers(limit=200)


def maker_get(*, code: str) -> Artisan:
    try:
        return Artisan.objects.select_related("photo", "workshop").get(code=code, is_active=True)
    except Artisan.DoesNotExist as error:
        raise NotFound(params={"code": code}) from error


@dataclass
class VariantAvailability:
    variant: Variant
    online: int
    carts: list[tuple[Cart, int]] = field(default_factory=list)


@dataclass
class ProductDetail:
    product: Product
    variants: list[VariantAvailability]
    makers: list[Artisan]
    images: list

    @property
    def online_total(self) -> int:
        return sum(row.online for row in self.variants)

    @property
    def buyable(self) -> bool:
        return any(row.online or row.carts for row in self.variants)

    @property
    def at_carts(self) -> list[tuple[Variant, Cart, int]]:
        return [(row.variant, cart, n) for row in self.variants for cart, n in row.carts]


def product_detail(*, slug: str) -> ProductDetail:
    """The product page: live availability online (the base) and at each active cart, per variant."""
    product = product_get(slug=slug)
    carts = {cart.location_id: cart for cart in active_carts()}
    rows, makers = [], {}
    for variant in product.variants.all():
        online, at_carts = 0, []
        for level in variant.stock_levels.all():
            free = max(level.quantity - level.allocated, 0)
            if level.location.kind == Location.Kind.BASE and level.location.is_active:
                online += free
            elif level.location_id in carts and free:
                at_carts.append((carts[level.location_id], free))
        rows.append(VariantAvailability(variant=variant, online=online, carts=at_carts))
        makers.setdefault(variant.artisan_id, variant.artisan)
    images = [row.image for row in product.images.all()]
    return ProductDetail(product=product, variants=rows, makers=list(makers.values()), images=images)


def active_carts() -> list[Cart]:
    return list(Cart.objects.filter(is_active=True).select_related("site", "location").order_by("code"))


def cart_get(*, code: str) -> Cart:
    try:
        return Cart.objects.select_related("site", "location").get(code=code, is_active=True)
    except Cart.DoesNotExist as error:
        raise NotFound(params={"code": code}) from error


def cart_operator_user_id(*, cart: Cart) -> int | None:
    """Whose commission a scan of this cart's QR code carries: the operator of its open shift, else
    the first operator assigned to it."""
    shift = Shift.objects.filter(cart=cart, status=Shift.Status.OPEN).select_related("operator")
    open_shift = shift.order_by("-opened_at", "-pk").first()
    if open_shift is not None:
        return open_shift.operator.user_id
    operator = Operator.objects.filter(carts=cart).order_by("pk").first()
    return operator.user_id if operator else None


def campaign_get(*, code: str) -> Campaign:
    try:
        return Campaign.objects.select_related("attributed_location__cart").get(code=code, active=True)
    except Campaign.DoesNotExist as error:
        raise NotFound(params={"code": code}) from error


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("attributed_location").order_by("-created_at", "-pk")


def shipping_regions() -> QuerySet[ShippingRegion]:
    return ShippingRegion.objects.filter(active=True).order_by("position", "pk")


def basket_count(token) -> int:
    """How many pieces the session's basket holds (0 without one), for the header's basket link."""
    if not token:
        return 0
    lines = CheckoutLine.objects.filter(
        checkout__token=token,
        checkout__status__in=[Checkout.Status.OPEN, Checkout.Status.AWAITING_PAYMENT],
    )
    return lines.aggregate(pieces=Sum("quantity"))["pieces"] or 0


def checkout_for_token(token) -> Checkout | None:
    """The session's basket while it can still be changed or paid; None once completed or gone."""
    if not token:
        return None
    return (
        Checkout.objects.filter(
            token=token, status__in=[Checkout.Status.OPEN, Checkout.Status.AWAITING_PAYMENT]
        )
        .select_related("payment", "shipping_region", "pickup_location__cart", "campaign")
        .first()
    )


def checkout_any_for_token(token) -> Checkout | None:
    """The session's checkout whatever its status (the return from a payment the webhook may have
    completed first)."""
    if not token:
        return None
    return Checkout.objects.filter(token=token).select_related("payment", "order").first()


def checkout_lines(*, checkout: Checkout) -> list:
    """The basket's lines with variant, product and its first image."""
    return list(
        checkout.lines.select_related("variant__product", "variant__artisan")
        .prefetch_related("variant__product__images__image")
        .order_by("pk")
    )


def order_for_token(*, token) -> Order:
    """An online order by the token in its link, with its lines and delivery."""
    orders = Order.objects.filter(token=token, channel=Order.Channel.ONLINE).select_related(
        "shipping_region", "location__cart__site"
    )
    try:
        return orders.prefetch_related("lines").get()
    except (Order.DoesNotExist, ValueError) as error:
        raise NotFound(params={"token": str(token)}) from error


def order_line_images(*, order: Order) -> dict[int, object]:
    """{variant id: its product's first image} for an order's lines (one query)."""
    variant_ids = [line.variant_id for line in order.lines.all()]
    found = {}
    for variant in Variant.objects.filter(pk__in=variant_ids).prefetch_related("product__images__image"):
        images = list(variant.product.images.all())
        found[variant.pk] = images[0].image if images else None
    return found


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def order_for_phone_and_number(*, phone: str, number: str) -> Order:
    """The online order of this number whose checkout phone is this one (spaces, dashes and a +86
    aside); NotFound when either does not match, without saying which."""
    wanted = _digits(phone).removeprefix("86") if len(_digits(phone)) > 11 else _digits(phone)
    order = Order.objects.filter(channel=Order.Channel.ONLINE, number__iexact=number.strip()).first()
    if order is None or order.token is None or not wanted:
        raise NotFound(params={"number": number})
    given = _digits(order.phone)
    given = given.removeprefix("86") if len(given) > 11 else given
    if given != wanted:
        raise NotFound(params={"number": number})
    return order


def back_in_stock_subscription(*, token):
    """A "tell me when it is back" request by its link's token, with its piece; None if there is none."""
    return BackInStockSubscription.objects.select_related("variant__product").filter(token=token).first()
