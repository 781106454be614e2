import graphene

from api.core.mutations import BaseMutation
from api.core.permissions import operator_of, require_cart_operator
from api.pos.inputs import ShiftOpenInput
from api.pos.types import Shift
from carts.models import Cart
from carts.services import shift_open


class ShiftOpen(BaseMutation):
    """Open a shift on this tablet with the counted opening cash. The cart's own operator only."""

    class Arguments:
        input = ShiftOpenInput(required=True)

    shift = graphene.Field(Shift)

    staff_only = False

    @classmethod
    def perform(cls, info, *, input):
        cart = Cart.objects.select_related("site", "location").filter(code=input.cart).first()
        require_cart_operator(info, cart)
        shift = shift_open(
            cart=cart,
            operator=operator_of(info.context.user),
            device_id=input.device_id,
            opening_cash_fen=input.opening_cash_fen,
        )
        return cls(shift=shift)
