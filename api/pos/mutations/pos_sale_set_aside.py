import graphene

from api.core.mutations import BaseMutation
from api.core.permissions import require_cart_operator
from api.pos.text import storable
from carts.models import Cart
from carts.services import pos_sale_set_aside_record


class PosSaleSetAsideInput(graphene.InputObjectType):
    cart = graphene.String(required=True, description="The cart's code.")
    device_id = graphene.String(required=True)
    client_uuid = graphene.String(required=True)
    reason = graphene.String(required=True, description="Why the tablet set it aside (the server's refusal).")
    sale = graphene.String(
        required=True, description="The sale's input as the tablet queued it, as JSON text."
    )


class PosSaleSetAside(BaseMutation):
    """Report a sale the tablet set aside: every batch that held it was refused whole, so the server
    never checked it. Kept for staff with its reason (never in the books). The cart's own operator."""

    class Arguments:
        input = PosSaleSetAsideInput(required=True)

    recorded = graphene.Boolean(description="True: the report is kept (sent again: still one).")

    staff_only = False
    error_fields = {"device_id": "deviceId"}

    @classmethod
    def perform(cls, info, *, input):
        code = input.cart if storable(input.cart) else None
        cart = Cart.objects.filter(code=code).first() if code else None
        require_cart_operator(info, cart)
        pos_sale_set_aside_record(
            cart=cart,
            device_id=input.device_id,
            client_uuid=input.client_uuid,
            reason=input.reason,
            sale_json=input.sale,
        )
        return cls(recorded=True)
