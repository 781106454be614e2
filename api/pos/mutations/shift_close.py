import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from api.core.permissions import has_permission, require_cart_operator
from api.pos.inputs import ShiftCloseInput
from api.pos.types import Shift, ZReport
from carts import models, selectors
from carts.services import shift_close
from core.errors import NotFound


class ShiftClose(BaseMutation):
    """Close a shift with the cash counted in the till; answers its Z report. An operator of the
    shift's cart; staff with carts.change_shift too (a shift left open at the end of a day)."""

    class Arguments:
        input = ShiftCloseInput(required=True)

    shift = graphene.Field(Shift)
    z_report = graphene.Field(ZReport)

    staff_only = False

    @classmethod
    def perform(cls, info, *, input):
        pk = pk_from_id(input.shift, Shift)
        shift = models.Shift.objects.select_related("cart").filter(pk=pk).first() if pk is not None else None
        if not has_permission(info.context.user, "carts.change_shift"):
            # An operator is refused alike for an unknown shift and for another cart's.
            require_cart_operator(info, shift.cart if shift is not None else None)
        elif shift is None:
            raise NotFound(f"No Shift with the ID {input.shift!r}.", field="shift")
        shift = shift_close(shift=shift, counted_cash_fen=input.counted_cash_fen, actor=info.context.user)
        return cls(shift=shift, z_report=selectors.z_report(shift=shift))
