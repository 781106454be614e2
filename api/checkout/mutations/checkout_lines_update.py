import graphene

from api.checkout.inputs import CheckoutLineUpdateInput
from api.checkout.lookups import line_inputs, locking_by_token
from api.checkout.types import Checkout
from api.core.mutations import BaseMutation
from orders.services.checkout import checkout_lines_update


class CheckoutLinesUpdate(BaseMutation):
    """Set the quantities of a checkout's lines; 0 removes a line."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True)

    checkout = graphene.Field(Checkout)

    staff_only = False
    # The service is one transaction of its own; the rest here only reads.
    atomic = False

    @classmethod
    def perform(cls, info, *, token, lines):
        checkout = locking_by_token(checkout_lines_update, token, lines=line_inputs(lines))
        return cls(checkout=checkout)
