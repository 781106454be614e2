"""Types of the review of held cart sales (staff): a held sale, the reasons it is held, its lines."""

import graphene

from api.core.connections import CountableConnection
from api.pos.types import Cart, PosPaymentMethod, PosSaleFlag
from carts.selectors_review import hold_reasons
from orders.models import OrderHold

PosSaleReviewStatus = graphene.Enum(
    "PosSaleReviewStatus",
    [(value.upper(), value) for value in OrderHold.Status.values],
    description="Where a held cart sale stands: held (under review), approved (payable) or voided.",
)


class PosSaleLine(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    list_price_fen = graphene.Int(required=True, description="The price list's at the device time.")
    unit_price_fen = graphene.Int(required=True, description="Charged per piece, before the discount.")
    discount_fen = graphene.Int(required=True)
    discount_reason = graphene.String(required=True)
    total_fen = graphene.Int(required=True)
    shortfall = graphene.Int(required=True, description="Pieces the books did not have at the cart.")

    @staticmethod
    def resolve_product_name(root, info):
        return root.product_name


class PosSale(graphene.ObjectType):
    """A cart sale under review (or reviewed): what the tablet claimed, and why it is held."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    receipt_number = graphene.String(required=True)
    order_number = graphene.String(required=True)
    cart = graphene.Field(Cart, required=True)
    operator = graphene.String(required=True, description="The username of the shift's operator.")
    device_time = graphene.DateTime(required=True, description="When it sold, by the tablet's clock.")
    received_at = graphene.DateTime(required=True, description="When the server received it.")
    payment_method = graphene.Field(PosPaymentMethod, required=True)
    amount_fen = graphene.Int(required=True)
    flags = graphene.List(graphene.NonNull(PosSaleFlag), required=True)
    review_status = graphene.Field(PosSaleReviewStatus, required=True)
    reasons = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Why it is held, with its figures, in the reader's language.",
    )
    lines = graphene.List(graphene.NonNull(PosSaleLine), required=True)
    decided_at = graphene.DateTime()
    decided_by = graphene.String(description="The username of the staff member who decided.")
    note = graphene.String(required=True, description="The decision's note (a void's reason).")

    @staticmethod
    def resolve_order_number(root, info):
        return root.order.number

    @staticmethod
    def resolve_cart(root, info):
        return root.shift.cart

    @staticmethod
    def resolve_operator(root, info):
        return root.shift.operator.user.username

    @staticmethod
    def resolve_flags(root, info):
        return list(root.flags)

    @staticmethod
    def resolve_review_status(root, info):
        return root.order.hold.status

    @staticmethod
    def resolve_reasons(root, info):
        return hold_reasons(root)

    @staticmethod
    def resolve_lines(root, info):
        return list(root.order.lines.all())

    @staticmethod
    def resolve_decided_at(root, info):
        return root.order.hold.decided_at

    @staticmethod
    def resolve_decided_by(root, info):
        user = root.order.hold.decided_by
        return user.get_username() if user else None

    @staticmethod
    def resolve_note(root, info):
        return root.order.hold.note


class PosSaleConnection(CountableConnection):
    class Meta:
        node = PosSale
