"""The cart tablet's queries and mutations. Queries answer the operators of the cart asked about and
staff with the model permission the admin asks for the same thing (the cart's stock:
inventory.view_stocklevel; shifts: carts.view_shift; transfers: inventory.view_transfer); anyone
else gets a PERMISSION_DENIED GraphQL error."""

import graphene

from api.core.connections import paginate
from api.core.nodes import pk_from_id
from api.core.permissions import (
    can_see_cart,
    has_permission,
    permission_error,
    query_cart,
    query_requires_permission,
)
from api.inventory.types import Stock, Transfer
from api.pos.mutations.operator_token_create import OperatorTokenCreate
from api.pos.mutations.pos_sale_approve import PosSaleApprove
from api.pos.mutations.pos_sale_set_aside import PosSaleSetAside
from api.pos.mutations.pos_sale_void import PosSaleVoid
from api.pos.mutations.pos_sync_sales import PosSyncSales
from api.pos.mutations.shift_close import ShiftClose
from api.pos.mutations.shift_open import ShiftOpen
from api.pos.payment_qr import PosPaymentQrCancel, PosPaymentQrCheck, PosPaymentQrCreate
from api.pos.pickups import PosPickupHandOver, PosPickupOrder
from api.pos.types import PosCatalog, Shift
from api.pos.types_review import PosSaleConnection, PosSaleReviewStatus
from carts import models, selectors
from carts.selectors_pickups import cart_pickups_waiting
from carts.selectors_review import pos_sales_review
from inventory import models as inventory_models

VIEW_STOCK = "inventory.view_stocklevel"
VIEW_SHIFT = "carts.view_shift"
VIEW_TRANSFER = "inventory.view_transfer"
VIEW_ORDER = "orders.view_order"


class PosQueries(graphene.ObjectType):
    pos_catalog = graphene.Field(
        PosCatalog,
        cart=graphene.String(required=True, description="The cart's code."),
        description="The catalogue snapshot a tablet keeps offline, with its version.",
    )
    cart_stock = graphene.List(
        graphene.NonNull(Stock),
        required=True,
        cart=graphene.String(required=True, description="The cart's code."),
        description="What the cart holds, by SKU.",
    )
    current_shift = graphene.Field(
        Shift,
        cart=graphene.String(required=True, description="The cart's code."),
        device_id=graphene.String(required=True),
        description="The open shift on this tablet at this cart; null when there is none.",
    )
    shift = graphene.Field(Shift, id=graphene.ID(required=True), description="One shift, with its Z report.")
    incoming_transfers = graphene.List(
        graphene.NonNull(Transfer),
        required=True,
        cart=graphene.String(required=True, description="The cart's code."),
        description="Transfers dispatched to the cart and not received yet, oldest first.",
    )
    pos_pickups = graphene.List(
        graphene.NonNull(PosPickupOrder),
        required=True,
        cart=graphene.String(required=True, description="The cart's code."),
        description="Online orders waiting to be picked up at the cart, oldest first "
        "(its operators; staff with orders.view_order).",
    )

    pos_sales_review = graphene.ConnectionField(
        PosSaleConnection,
        status=PosSaleReviewStatus(description="HELD (the default: the review queue), APPROVED or VOIDED."),
        cart=graphene.String(description="Only this cart's (its code)."),
        description="Cart sales held for review, oldest first, with the reasons in words. Staff with "
        "the review permission (carts.review_possale).",
    )

    @staticmethod
    def resolve_pos_sales_review(root, info, status=None, cart=None, **args):
        query_requires_permission(info, "carts.review_possale")
        status = getattr(status, "value", status) or "held"
        cart_row = models.Cart.objects.filter(code=cart).first() if cart is not None else None
        if cart is not None and cart_row is None:
            return paginate(models.PosSale.objects.none(), args, PosSaleConnection)
        return paginate(pos_sales_review(status=status, cart=cart_row), args, PosSaleConnection)

    @staticmethod
    def resolve_pos_catalog(root, info, cart):
        return selectors.pos_catalog(cart=query_cart(info, cart, VIEW_STOCK))

    @staticmethod
    def resolve_cart_stock(root, info, cart):
        cart = query_cart(info, cart, VIEW_STOCK)
        levels = list(selectors.cart_stock(cart=cart))
        for level in levels:
            level.location = cart.location  # the cart's own: no query per line
        return levels

    @staticmethod
    def resolve_pos_pickups(root, info, cart):
        return list(cart_pickups_waiting(cart=query_cart(info, cart, VIEW_ORDER)))

    @staticmethod
    def resolve_current_shift(root, info, cart, device_id):
        return selectors.current_shift(cart=query_cart(info, cart, VIEW_SHIFT), device_id=device_id)

    @staticmethod
    def resolve_shift(root, info, id):
        pk = pk_from_id(id, Shift)
        shift = (
            models.Shift.objects.select_related("cart__site", "cart__location").filter(pk=pk).first()
            if pk is not None
            else None
        )
        if shift is None:
            if has_permission(info.context.user, VIEW_SHIFT):
                return None
            raise permission_error()  # only staff learn that an ID does not exist
        if not can_see_cart(info, shift.cart, VIEW_SHIFT):
            raise permission_error()
        return shift

    @staticmethod
    def resolve_incoming_transfers(root, info, cart):
        cart = query_cart(info, cart, VIEW_TRANSFER)
        transfers = (
            inventory_models.Transfer.objects.filter(
                destination=cart.location, status=inventory_models.Transfer.Status.DISPATCHED
            )
            .select_related("source", "destination")
            .order_by("dispatched_at", "pk")
        )
        return list(transfers)


class PosMutations(graphene.ObjectType):
    operator_token_create = OperatorTokenCreate.Field()
    shift_open = ShiftOpen.Field()
    shift_close = ShiftClose.Field()
    pos_sync_sales = PosSyncSales.Field()
    pos_sale_approve = PosSaleApprove.Field()
    pos_sale_void = PosSaleVoid.Field()
    pos_sale_set_aside = PosSaleSetAside.Field()
    pos_pickup_hand_over = PosPickupHandOver.Field()
    pos_payment_qr_create = PosPaymentQrCreate.Field()
    pos_payment_qr_check = PosPaymentQrCheck.Field()
    pos_payment_qr_cancel = PosPaymentQrCancel.Field()
