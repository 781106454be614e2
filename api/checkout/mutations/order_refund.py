import graphene

from api.checkout.inputs import OrderRefundLineInput
from api.checkout.lookups import order_by_id, orders
from api.checkout.order_types import Order, OrderLine, Refund
from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from core.errors import NotFound
from orders.services.refunds import order_refund


class OrderRefundMutation(BaseMutation):
    """Give money back on an online order through Stripe: some lines (order line, quantity), or
    everything not yet refunded (and the shipping) when `lines` is left out. Staff with
    orders.change_order."""

    class Meta:
        name = "OrderRefund"

    class Arguments:
        id = graphene.ID(required=True, description="The Order's ID.")
        lines = graphene.List(
            graphene.NonNull(OrderRefundLineInput), description="Left out: the whole order."
        )
        reason = graphene.String()

    order = graphene.Field(Order)
    refund = graphene.Field(Refund)

    # What the admin's hand-over and refund pages ask.
    permissions = ("orders.change_order",)
    error_fields = {"order": "id"}

    @classmethod
    def perform(cls, info, *, id, lines=None, reason=None):
        order = order_by_id(id)
        parsed = None
        if lines is not None:
            parsed = []
            for line in lines:
                pk = pk_from_id(line.order_line_id, OrderLine)
                if pk is None:
                    raise NotFound(f"No OrderLine with the ID {line.order_line_id!r}.", field="lines")
                parsed.append((pk, line.quantity))
        refund = order_refund(
            order=order, actor=info.context.user, lines=parsed, reason=(reason or "").strip()
        )
        return cls(order=orders().get(pk=order.pk), refund=refund)
