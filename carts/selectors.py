"""Reads for sites, carts, operators, shifts and the point of sale, each with its joins."""

import datetime
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from carts.models import Cart, Operator, PaymentMethod, PosRefund, PosSale, Shift
from catalog.models import ProductImage, Variant
from core.i18n import localized
from inventory.models import StockLevel
from inventory.selectors import stock_at_location
from media.models import Image
from orders.models import OrderLine

THUMBNAIL_SIZE = 160


def carts_for_user(user) -> QuerySet[Cart]:
    """The active carts this user may act on: every cart for staff, her own for an operator, else none."""
    carts = Cart.objects.filter(is_active=True).select_related("site", "location").order_by("code")
    if user is None or not user.is_authenticated or not user.is_active:
        return carts.none()
    if user.is_staff:
        return carts
    return carts.filter(operators__user=user).distinct()


def cart_operator_user_ids(*, cart: Cart, user_ids) -> set[int]:
    """Which of these users are active operators of this cart (one query)."""
    return set(
        Operator.objects.filter(carts=cart, user_id__in=list(user_ids), user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def shift_pks_by_uuid(*, cart: Cart, uuids) -> dict[str, int | None]:
    """For each UUID (as sent) of a shift made on a tablet: its pk at this cart, or None (one query)."""
    uuids = {str(value) for value in uuids}
    if not uuids:
        return {}
    found = {
        str(client_uuid): pk
        for pk, client_uuid in Shift.objects.filter(cart=cart, client_uuid__in=[uuid.UUID(u) for u in uuids])
        .values_list("pk", "client_uuid")
        .order_by()
    }
    return {value: found.get(str(uuid.UUID(value))) for value in uuids}


def closed_shifts_with_device_z(*, cart: Cart, pks) -> QuerySet[Shift]:
    """The closed shifts among these whose tablet sent a Z report (to compare with the server's)."""
    return Shift.objects.filter(cart=cart, pk__in=list(pks), status=Shift.Status.CLOSED).exclude(
        device_z_report=None
    )


def shifts_for_cart(*, cart: Cart, status: str | None = None) -> QuerySet[Shift]:
    """The cart's shifts, newest first, with the operator and whoever closed it."""
    shifts = Shift.objects.filter(cart=cart).select_related("cart", "operator__user", "closed_by")
    if status is not None:
        shifts = shifts.filter(status=status)
    return shifts.order_by("-opened_at", "-pk")


def current_shift(*, cart: Cart, device_id: str) -> Shift | None:
    """The open shift of this tablet at this cart, if there is one."""
    return shifts_for_cart(cart=cart, status=Shift.Status.OPEN).filter(device_id=device_id).first()


def cart_stock(*, cart: Cart) -> QuerySet[StockLevel]:
    """What the cart holds (and what it sold out of), by SKU, with variant, product and artisan."""
    return stock_at_location(location=cart.location)


def pos_sale_by_uuid(*, client_uuid) -> PosSale | None:
    """A recorded sale by the client UUID on its receipt, with its order, lines, cart and refunds
    (with their lines), for the public e-receipt page; None when the sale has not been synced (or the
    UUID is junk)."""
    try:
        client_uuid = client_uuid if isinstance(client_uuid, uuid.UUID) else uuid.UUID(str(client_uuid))
    except ValueError:
        return None
    return (
        PosSale.objects.filter(client_uuid=client_uuid)
        .select_related("order__location", "shift__cart__site")
        .prefetch_related(
            Prefetch("order__lines", queryset=OrderLine.objects.order_by("pk")),
            Prefetch(
                "refunds", queryset=PosRefund.objects.order_by("device_time", "pk").prefetch_related("lines")
            ),
        )
        .first()
    )


@dataclass(frozen=True)
class MethodTotal:
    method: str  # a PaymentMethod value
    amount_fen: int
    count: int


@dataclass(frozen=True)
class PieceTotal:
    """The pieces of one SKU a shift's sales sold, and what they brought in (after line discounts)."""

    sku: str
    product_name_zh: str
    product_name_en: str
    variant_name_zh: str
    quantity: int
    amount_fen: int

    @property
    def product_name(self) -> str:
        return localized(self, "product_name")


@dataclass(frozen=True)
class ZReport:
    """A shift's figures. Sales count in the shift they were made in, refunds in the shift they were
    made in (which may be a later one). Counted cash and variance are None while the shift is open."""

    shift: Shift
    sales_count: int
    totals_by_method: dict[str, MethodTotal]  # every method, in PaymentMethod order
    gross_fen: int  # before line discounts
    discount_fen: int
    refunds_count: int
    refunds_by_method: dict[str, MethodTotal]
    refunds_fen: int
    net_fen: int  # gross - discounts - refunds
    opening_cash_fen: int
    expected_cash_fen: int  # opening + cash sales - cash refunds
    counted_cash_fen: int | None
    variance_fen: int | None  # counted - expected: negative when cash is missing
    flagged_count: int  # sales recorded with a flag
    pieces: tuple[PieceTotal, ...] = ()  # sold in the shift's sales, by SKU (refunds not taken off)

    @property
    def sales_fen(self) -> int:
        return self.gross_fen - self.discount_fen


def z_report(*, shift: Shift) -> ZReport:
    """The Z report of a shift, summed by the database (three queries)."""
    sales = list(
        PosSale.objects.filter(shift=shift)
        .order_by()
        .values("payment_method")
        .annotate(
            count=Count("pk"),
            amount=Sum("amount_fen"),
            gross=Sum("order__subtotal_fen"),
            discount=Sum("order__discount_fen"),
            flagged=Count("pk", filter=~Q(flags=[])),
        )
    )
    refunds = list(
        PosRefund.objects.filter(shift=shift)
        .order_by()
        .values("payment_method")
        .annotate(count=Count("pk"), amount=Sum("amount_fen"))
    )
    by_method = _by_method(sales)
    refunds_by_method = _by_method(refunds)
    gross = sum(row["gross"] for row in sales)
    discount = sum(row["discount"] for row in sales)
    refunds_fen = sum(row["amount"] for row in refunds)
    expected = (
        shift.opening_cash_fen
        + by_method[PaymentMethod.CASH].amount_fen
        - refunds_by_method[PaymentMethod.CASH].amount_fen
    )
    counted = shift.counted_cash_fen
    return ZReport(
        shift=shift,
        sales_count=sum(row["count"] for row in sales),
        totals_by_method=by_method,
        gross_fen=gross,
        discount_fen=discount,
        refunds_count=sum(row["count"] for row in refunds),
        refunds_by_method=refunds_by_method,
        refunds_fen=refunds_fen,
        net_fen=gross - discount - refunds_fen,
        opening_cash_fen=shift.opening_cash_fen,
        expected_cash_fen=expected,
        counted_cash_fen=counted,
        variance_fen=None if counted is None else counted - expected,
        flagged_count=sum(row["flagged"] for row in sales),
        pieces=_pieces(shift),
    )


def _pieces(shift: Shift) -> tuple[PieceTotal, ...]:
    rows = (
        OrderLine.objects.filter(order__pos_sale__shift=shift)
        .order_by("sku")
        .values("sku")
        .annotate(
            product_name_zh=Max("product_name_zh"),
            product_name_en=Max("product_name_en"),
            variant_name_zh=Max("variant_name_zh"),
            quantity=Sum("quantity"),
            amount_fen=Sum("total_fen"),
        )
    )
    return tuple(PieceTotal(**row) for row in rows)


def _by_method(rows: list[dict]) -> dict[str, MethodTotal]:
    found = {row["payment_method"]: row for row in rows}
    return {
        method: MethodTotal(
            method=method,
            amount_fen=found.get(method, {}).get("amount") or 0,
            count=found.get(method, {}).get("count") or 0,
        )
        for method in PaymentMethod.values
    }


@dataclass(frozen=True)
class CatalogItem:
    sku: str
    product_name_zh: str
    product_name_en: str
    variant_name_zh: str
    variant_name_en: str
    price_fen: int
    thumbnail_url: str | None
    quantity: int  # on hand at this cart (below zero after sales the books did not cover)
    category_name_zh: str
    category_name_en: str
    product_slug: str = ""  # a staff QR tag names the product's page, /p/<slug>/
    reserved: int = 0  # of those, held for online orders to pick up here (not for sale at the cart)

    @property
    def product_name(self) -> str:
        return localized(self, "product_name")

    @property
    def variant_name(self) -> str:
        return localized(self, "variant_name")

    @property
    def category_name(self) -> str:
        return localized(self, "category_name")


@dataclass(frozen=True)
class CatalogSnapshot:
    version: str  # sha256 of the items: equal versions, equal content
    generated_at: datetime.datetime
    items: tuple[CatalogItem, ...]


def pos_catalog(*, cart: Cart) -> CatalogSnapshot:
    """Every published variant with what the tablet shows and sells by, what the cart holds first
    (then by category, product and variant order). Three queries whatever the catalogue's size."""
    levels = stock_at_location(location=cart.location).values_list("variant_id", "quantity", "allocated")
    on_hand = {variant_id: (quantity, allocated) for variant_id, quantity, allocated in levels}
    variants = Variant.objects.filter(product__is_published=True).select_related("product__category")
    # Each product's first image, read apart: a Prefetch with a queryset clones that queryset once per
    # product instance (one per variant here), which cost more than the rest of the snapshot.
    first_images: dict[int, Image] = {}
    for product_image in (
        ProductImage.objects.filter(product__is_published=True)
        .select_related("image")
        .order_by("sort_order", "pk")
    ):
        first_images.setdefault(product_image.product_id, product_image.image)
    rows = []
    for variant in variants:
        product, category = variant.product, variant.product.category
        image = first_images.get(product.pk)
        quantity, reserved = on_hand.get(variant.pk, (0, 0))
        item = CatalogItem(
            sku=variant.sku,
            product_name_zh=product.name_zh,
            product_name_en=product.name_en,
            variant_name_zh=variant.name_zh,
            variant_name_en=variant.name_en,
            price_fen=variant.price_fen,
            thumbnail_url=image.thumbnail_url(THUMBNAIL_SIZE) if image else None,
            quantity=quantity,
            category_name_zh=category.name_zh,
            category_name_en=category.name_en,
            reserved=reserved,
            product_slug=product.slug,
        )
        order = (
            quantity - reserved <= 0,
            category.sort_order,
            category.slug,
            product.slug,
            variant.sort_order,
            variant.sku,
        )
        rows.append((order, item))
    items = tuple(item for _, item in sorted(rows, key=lambda row: row[0]))
    content = json.dumps([asdict(item) for item in items], ensure_ascii=False, sort_keys=True)
    return CatalogSnapshot(
        version=hashlib.sha256(content.encode()).hexdigest(),
        generated_at=timezone.now(),
        items=items,
    )
