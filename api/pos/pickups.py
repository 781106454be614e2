"""Pickups at the cart: the online orders waiting at a cart (posPickups) and their handover from the
tablet (posPickupHandOver), idempotent by the UUID the tablet made for it."""

import graphene

from api.core.mutations import BaseMutation
from api.core.permissions import require_cart_operator
from api.pos.text import storable
from carts.models import Cart
from carts.services import pos_pickup_hand_over
from orders.pickup_codes import ORDER_QR_PREFIX, order_pickup_code_digest, order_qr_text


class PosPickupPiece(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True, description="In the reader's language.")
    variant_name = graphene.String(required=True, description="In the reader's language.")
    quantity = graphene.Int(required=True, description="Pieces to hand over (less any refunded).")

    @staticmethod
    def resolve_quantity(root, info):
        return root.quantity - root.refunded_quantity


class PosPickupOrder(graphene.ObjectType):
    """An online order paid for pickup at this cart and not handed over yet."""

    number = graphene.String(required=True)
    name = graphene.String(required=True, description="The name the tourist gave; may be empty.")
    phone_tail = graphene.String(required=True, description="The last 4 digits of her phone; may be empty.")
    paid_at = graphene.DateTime()
    qr_text = graphene.String(required=True, description="What the QR code on her order page says.")
    code_digest = graphene.String(
        required=True,
        description='SHA-256 (hex) of "<number>:<pickup code>": the tablet checks a code offline with it.',
    )
    pieces = graphene.List(graphene.NonNull(PosPickupPiece), required=True)

    @staticmethod
    def resolve_name(root, info):
        return root.recipient_name

    @staticmethod
    def resolve_phone_tail(root, info):
        return "".join(ch for ch in root.phone if ch.isdigit())[-4:]

    @staticmethod
    def resolve_qr_text(root, info):
        return order_qr_text(order=root)

    @staticmethod
    def resolve_code_digest(root, info):
        return order_pickup_code_digest(order=root)

    @staticmethod
    def resolve_pieces(root, info):
        return [line for line in root.lines.all() if line.quantity > line.refunded_quantity]


class PosPickupHandOverInput(graphene.InputObjectType):
    cart = graphene.String(required=True, description="The cart's code.")
    device_id = graphene.String(required=True)
    client_uuid = graphene.String(required=True, description="Made on the tablet: sent again, recorded once.")
    order_number = graphene.String(required=True, description="The order's number (or its QR code's text).")
    pickup_code = graphene.String(required=True, description="The code on the tourist's order page.")
    device_time = graphene.DateTime(description="When it was handed over, by the tablet's clock.")


class PosPickupHandOver(BaseMutation):
    """Hand an online order over at its pickup cart: the pieces held for it leave the cart as its sale.
    The cart's own operator; typed errors WRONG_PICKUP_CODE, WRONG_CART, ALREADY_HANDED_OVER,
    NOT_FOUND."""

    class Arguments:
        input = PosPickupHandOverInput(required=True)

    order_number = graphene.String(description="The order handed over.")
    duplicate = graphene.Boolean(description="True: this handover was recorded before (sent again).")

    staff_only = False
    error_fields = {"device_id": "deviceId"}

    @classmethod
    def perform(cls, info, *, input):
        code = input.cart if storable(input.cart) else None
        cart = Cart.objects.select_related("location").filter(code=code).first() if code else None
        require_cart_operator(info, cart)
        number = input.order_number if storable(input.order_number) else ""
        number = number.strip().removeprefix(ORDER_QR_PREFIX)
        handover = pos_pickup_hand_over(
            cart=cart,
            client_uuid=input.client_uuid,
            order_number=number,
            pickup_code=input.pickup_code if storable(input.pickup_code) else "",
            device_id=input.device_id if storable(input.device_id) else "",
            device_time=input.device_time,
            actor=info.context.user,
        )
        return cls(order_number=handover.pickup.order.number, duplicate=handover.duplicate)
