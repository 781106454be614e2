"""The online sale's queries and mutations. A checkout and an online order are read by their token,
which only the buyer holds; staff also read orders by ID and fulfil and refund them."""

import graphene
from graphql import GraphQLError

from api.checkout.lookups import checkouts, orders
from api.checkout.mutations.checkout_complete import CheckoutComplete
from api.checkout.mutations.checkout_create import CheckoutCreate
from api.checkout.mutations.checkout_delivery_update import CheckoutDeliveryUpdate
from api.checkout.mutations.checkout_lines_add import CheckoutLinesAdd
from api.checkout.mutations.checkout_lines_update import CheckoutLinesUpdate
from api.checkout.mutations.checkout_payment_create import CheckoutPaymentCreate
from api.checkout.mutations.order_fulfill import OrderFulfill
from api.checkout.mutations.order_refund import OrderRefundMutation
from api.checkout.order_list import orders_field, resolve_orders
from api.checkout.order_types import Order
from api.checkout.types import Checkout, PickupCart, ShippingRegion
from api.core.nodes import pk_from_id
from api.core.permissions import query_requires_permission
from carts.models import Cart
from orders import models


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        token=graphene.UUID(required=True),
        description="A checkout by its token, with its lines, prices, totals, delivery and availability.",
    )
    shipping_regions = graphene.List(
        graphene.NonNull(ShippingRegion), required=True, description="Where we ship to, at what rate."
    )
    pickup_carts = graphene.List(
        graphene.NonNull(PickupCart), required=True, description="The carts an order can be picked up at."
    )
    order = graphene.Field(
        Order,
        token=graphene.UUID(description="The order's token: anyone holding it may read the order."),
        id=graphene.ID(description="The order's ID: staff with orders.view_order only."),
        description="One order, by token (its buyer) or by ID (staff with orders.view_order).",
    )
    orders = orders_field()

    @staticmethod
    def resolve_checkout(root, info, token):
        return checkouts().filter(token=token).first()

    @staticmethod
    def resolve_shipping_regions(root, info):
        return list(models.ShippingRegion.objects.filter(active=True).order_by("position", "pk"))

    @staticmethod
    def resolve_pickup_carts(root, info):
        return list(Cart.objects.filter(is_active=True).select_related("site").order_by("code"))

    @staticmethod
    def resolve_orders(root, info, **args):
        return resolve_orders(info, **args)

    @staticmethod
    def resolve_order(root, info, token=None, id=None):
        if (token is None) == (id is None):
            raise GraphQLError("Give either `token` or `id`.", extensions={"code": "INVALID"})
        if token is not None:
            return orders().filter(token=token).first()
        query_requires_permission(info, "orders.view_order")
        pk = pk_from_id(id, Order)
        return orders().filter(pk=pk).first() if pk is not None else None


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_delivery_update = CheckoutDeliveryUpdate.Field()
    checkout_payment_create = CheckoutPaymentCreate.Field()
    checkout_complete = CheckoutComplete.Field()
    order_fulfill = OrderFulfill.Field()
    order_refund = OrderRefundMutation.Field()
