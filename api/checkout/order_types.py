"""Types of an order as its buyer (by token) and staff see it: status, lines, totals, delivery,
fulfilment and refunds."""

import graphene

from api.catalog.types import ProductVariant
from api.checkout.types import PickupCart, ShippingRegion
from api.core.types import Money
from orders import models

OrderStatus = graphene.Enum.from_enum(
    models.Order.Status, name="OrderStatus", description="Paid or refunded."
)
OrderChannel = graphene.Enum.from_enum(
    models.Order.Channel, name="OrderChannel", description="Where it sold."
)
FulfilmentStatus = graphene.Enum.from_enum(
    models.Order.Fulfilment, name="OrderFulfilmentStatus", description="Whether the pieces were handed over."
)
OrderDeliveryMethod = graphene.Enum.from_enum(
    models.Order.Delivery, name="OrderDeliveryMethod", description="How the pieces reach the buyer."
)


class OrderLine(graphene.ObjectType):
    """What was sold, as it was sold: names and prices are the line's own snapshot."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    sku = graphene.String(required=True)
    product_name = graphene.String(required=True, description="In the reader's language.")
    variant_name = graphene.String(required=True, description="In the reader's language.")
    variant = graphene.Field(ProductVariant, description="The catalogue's variant today.")
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True)
    discount = graphene.Field(Money, required=True)
    total_price = graphene.Field(Money, required=True)
    quantity_refunded = graphene.Int(required=True)
    refunded = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_unit_price(root, info):
        return Money.of(root.unit_price_fen)

    @staticmethod
    def resolve_discount(root, info):
        return Money.of(root.discount_fen)

    @staticmethod
    def resolve_total_price(root, info):
        return Money.of(root.total_fen)

    @staticmethod
    def resolve_quantity_refunded(root, info):
        return root.refunded_quantity

    @staticmethod
    def resolve_refunded(root, info):
        return Money.of(root.refunded_fen)


class Refund(graphene.ObjectType):
    """Money given back on an order (through Stripe online)."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    reference = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_amount(root, info):
        return Money.of(root.amount_fen)


class OrderDelivery(graphene.ObjectType):
    method = graphene.Field(OrderDeliveryMethod, required=True)
    shipping_region = graphene.Field(ShippingRegion)
    recipient_name = graphene.String(required=True)
    shipping_address = graphene.String(required=True)
    pickup_cart = graphene.Field(PickupCart, description="The cart to pick it up at.")


class Order(graphene.ObjectType):
    """A sale. Online buyers read theirs by its token (the link in the confirmation email)."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    number = graphene.String(required=True)
    token = graphene.UUID(description="Online orders: the buyer's key to this order.")
    channel = graphene.Field(OrderChannel, required=True)
    status = graphene.Field(OrderStatus, required=True)
    email = graphene.String(required=True)
    phone = graphene.String(required=True)
    paid_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    subtotal = graphene.Field(Money, required=True)
    discount = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)
    refunded = graphene.Field(Money, required=True)
    delivery = graphene.Field(OrderDelivery, required=True)
    fulfilment_status = graphene.Field(FulfilmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    fulfilled_at = graphene.DateTime()
    refunds = graphene.List(graphene.NonNull(Refund), required=True)

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()

    @staticmethod
    def resolve_subtotal(root, info):
        return Money.of(root.subtotal_fen)

    @staticmethod
    def resolve_discount(root, info):
        return Money.of(root.discount_fen)

    @staticmethod
    def resolve_shipping_price(root, info):
        return Money.of(root.shipping_fen)

    @staticmethod
    def resolve_total(root, info):
        return Money.of(root.total_fen)

    @staticmethod
    def resolve_refunded(root, info):
        return Money.of(sum(refund.amount_fen for refund in root.refunds.all()))

    @staticmethod
    def resolve_delivery(root, info):
        cart = None
        if root.delivery_method == models.Order.Delivery.PICKUP:
            cart = getattr(root.location, "cart", None)
        return OrderDelivery(
            method=root.delivery_method,
            shipping_region=root.shipping_region,
            recipient_name=root.recipient_name,
            shipping_address=root.shipping_address,
            pickup_cart=cart,
        )

    @staticmethod
    def resolve_refunds(root, info):
        return root.refunds.all()
