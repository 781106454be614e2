import graphene

from api.checkout.lookups import order_by_id, orders
from api.checkout.order_types import Order
from api.core.mutations import BaseMutation
from orders.services.fulfilment import order_fulfill


class OrderFulfill(BaseMutation):
    """Hand an online order over: shipped (with the courier's tracking number) or picked up at its
    cart. Staff with orders.change_order."""

    class Arguments:
        id = graphene.ID(required=True, description="The Order's ID.")
        tracking_number = graphene.String(description="Required for a shipped order.")

    order = graphene.Field(Order)

    # What the admin's hand-over and refund pages ask.
    permissions = ("orders.change_order",)
    error_fields = {"order": "id"}

    @classmethod
    def perform(cls, info, *, id, tracking_number=None):
        order = order_by_id(id)
        order = order_fulfill(
            order=order, actor=info.context.user, tracking_number=(tracking_number or "").strip()
        )
        return cls(order=orders().get(pk=order.pk))
