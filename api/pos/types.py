"""Types of the cart tablet's API: carts, shifts and their Z report, the catalogue snapshot and the
answer to each synced sale. Enum values are the domain's lowercase values."""

import graphene

from api.core.scalars import Fen
from api.inventory.types import Location
from carts import models, selectors

PosPaymentMethod = graphene.Enum(
    "PosPaymentMethod",
    [(value.upper(), value) for value in models.PaymentMethod.values],
    description="How a sale at a cart was paid: recorded, not processed.",
)
PosSyncStatus = graphene.Enum(
    "PosSyncStatus",
    [(name, name.lower()) for name in ("RECORDED", "DUPLICATE", "RECORDED_WITH_FLAGS", "REJECTED")],
    description="What became of one synced sale.",
)
PosSaleFlag = graphene.Enum(
    "PosSaleFlag",
    [(value.upper(), value) for value in models.PosSale.Flag.values],
    description="Why a recorded sale needs a second look.",
)


class Cart(graphene.ObjectType):
    """A mobile retail cart at a scenic area; its stock sits at its own location."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    code = graphene.String(required=True)
    name = graphene.String(required=True, description="In the reader's language (Accept-Language).")
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    site_name = graphene.String(required=True, description="The scenic area, in the reader's language.")
    location = graphene.Field(Location, required=True)

    @staticmethod
    def resolve_site_name(root, info):
        return root.site.name


class MethodTotal(graphene.ObjectType):
    method = graphene.Field(PosPaymentMethod, required=True)
    amount_fen = Fen(required=True)
    count = graphene.Int(required=True)


class ZPieces(graphene.ObjectType):
    """The pieces of one SKU sold in a shift's sales and what they brought in (after discounts)."""

    sku = graphene.String(required=True)
    product_name = graphene.String(required=True, description="In the reader's language.")
    variant_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    amount_fen = Fen(required=True)

    @staticmethod
    def resolve_variant_name(root, info):
        return root.variant_name_zh


class ZReport(graphene.ObjectType):
    """A shift's takings: sales and refunds by payment method, and the cash expected against the
    cash counted."""

    sales_count = graphene.Int(required=True)
    gross_fen = Fen(required=True, description="Sales at the prices charged, before line discounts.")
    discount_fen = Fen(required=True)
    net_fen = Fen(required=True, description="Gross less discounts less refunds.")
    refunds_count = graphene.Int(required=True)
    refunds_fen = Fen(required=True)
    totals_by_method = graphene.List(graphene.NonNull(MethodTotal), required=True)
    refunds_by_method = graphene.List(graphene.NonNull(MethodTotal), required=True)
    opening_cash_fen = Fen(required=True)
    expected_cash_fen = Fen(required=True, description="Opening cash + cash sales − cash refunds.")
    counted_cash_fen = Fen(description="Null until the shift is closed.")
    variance_fen = Fen(description="Counted − expected; null until the shift is closed.")
    flagged_count = graphene.Int(required=True, description="Sales recorded with flags, to reconcile.")
    pieces = graphene.List(
        graphene.NonNull(ZPieces),
        required=True,
        description="The pieces sold, per SKU (refunds not taken off).",
    )

    @staticmethod
    def resolve_totals_by_method(root, info):
        return _method_totals(root.totals_by_method)

    @staticmethod
    def resolve_refunds_by_method(root, info):
        return _method_totals(root.refunds_by_method)


def _method_totals(totals) -> list:
    """carts.selectors' MethodTotal rows: every method, in PaymentMethod's order."""
    return list(totals.values())


class ZDifference(graphene.ObjectType):
    """A figure of a shift's Z report where the tablet's and the server's differ."""

    field = graphene.String(
        required=True,
        description='A ZReport field ("netFen"), or "totalsByMethod.CASH.amountFen" and the like.',
    )
    device = graphene.Int(description="The tablet's figure.")
    server = graphene.Int(description="The server's figure.")

    @staticmethod
    def resolve_field(root, info):
        return root["field"]

    @staticmethod
    def resolve_device(root, info):
        return root["device"]

    @staticmethod
    def resolve_server(root, info):
        return root["server"]


class Shift(graphene.ObjectType):
    """One operator's session at one cart on one tablet, opened and closed with a cash count."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    cart = graphene.Field(Cart, required=True)
    device_id = graphene.String(required=True)
    status = graphene.String(required=True, description='"open" or "closed".')
    opened_at = graphene.DateTime(required=True)
    opening_cash_fen = Fen(required=True)
    closed_at = graphene.DateTime()
    counted_cash_fen = Fen()
    z_report = graphene.Field(ZReport, required=True)
    client_uuid = graphene.String(description="The id the tablet made for a shift opened on it.")
    z_differences = graphene.List(
        graphene.NonNull(ZDifference),
        required=True,
        description="Where the tablet's Z report differs from the server's (empty: they agree, or no "
        "Z report came from the tablet).",
    )
    flags = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description='"device_time_adjusted" (a tablet time ahead of the server or a close before the '
        'opening), "closed_without_count" (closed by a later shift of its tablet).',
    )

    @staticmethod
    def resolve_z_report(root, info):
        return selectors.z_report(shift=root)


class PosCatalogItem(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True, description="In the reader's language.")
    product_name_zh = graphene.String(required=True)
    product_name_en = graphene.String(required=True)
    variant_name = graphene.String(required=True, description="In the reader's language.")
    variant_name_zh = graphene.String(required=True)
    variant_name_en = graphene.String(required=True)
    product_slug = graphene.String(
        required=True, description="The product's slug: the QR tags staff print name its page, /p/<slug>/."
    )
    price_fen = Fen(required=True)
    thumbnail_url = graphene.String(description="160 px wide; null without a photo.")
    quantity = graphene.Int(required=True, description="On hand at this cart (may be negative).")
    reserved = graphene.Int(
        required=True,
        description="Of those, held for online orders to pick up at this cart: not for sale here.",
    )
    category = graphene.String(description="The category's name in the reader's language.")

    @staticmethod
    def resolve_thumbnail_url(root, info):
        url = root.thumbnail_url
        return info.context.build_absolute_uri(url) if url else None

    @staticmethod
    def resolve_category(root, info):
        return root.category_name or None


class PosCatalog(graphene.ObjectType):
    """What a cart sells, as one snapshot the tablet keeps offline; what the cart holds first."""

    version = graphene.String(required=True, description="Changes whenever the content does.")
    generated_at = graphene.DateTime(required=True)
    items = graphene.List(graphene.NonNull(PosCatalogItem), required=True)


class PosSyncResult(graphene.ObjectType):
    client_uuid = graphene.String(required=True)
    status = graphene.Field(PosSyncStatus, required=True)
    flags = graphene.List(graphene.NonNull(PosSaleFlag), required=True)
    reason = graphene.String(description="Why it was rejected.")
    order_number = graphene.String()
    receipt_number = graphene.String()

    # No resolvers of its own: posSyncSales answers plain dicts (result_dict below) that the default
    # resolver reads, so 200 results cost no Python resolver call per field.


class PosShiftSyncResult(graphene.ObjectType):
    client_uuid = graphene.String(required=True)
    status = graphene.Field(PosSyncStatus, required=True, description="RECORDED, DUPLICATE or REJECTED.")
    reason = graphene.String(description="Why it was rejected.")
    shift = graphene.Field(
        Shift, description="With the server's Z report and any difference from the tablet's."
    )

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)


def result_dict(result) -> dict:
    """A carts SyncResult as PosSyncResult's fields, the enums as the domain's plain values."""
    return {
        "client_uuid": result.client_uuid,
        "status": str(result.status),
        "flags": [str(flag) for flag in result.flags],
        "reason": result.reason,
        "order_number": result.order_number,
        "receipt_number": result.receipt_number,
    }
