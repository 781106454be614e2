import graphene

from api.checkout.inputs import CheckoutLineInput
from api.checkout.lookups import line_inputs, locking_by_token
from api.checkout.types import Checkout
from api.core.mutations import BaseMutation
from orders.services.checkout import checkout_lines_add


class CheckoutLinesAdd(BaseMutation):
    """Add pieces to a checkout (to the quantity of a line already there)."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    checkout = graphene.Field(Checkout)

    staff_only = False
    # The service is one transaction of its own; the rest here only reads.
    atomic = False

    @classmethod
    def perform(cls, info, *, token, lines):
        checkout = locking_by_token(checkout_lines_add, token, lines=line_inputs(lines))
        return cls(checkout=checkout)
