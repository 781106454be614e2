import graphene
from django.utils.translation import get_language

from api.checkout.inputs import CheckoutCreateInput
from api.checkout.lookups import line_inputs
from api.checkout.types import Checkout
from api.core.mutations import BaseMutation
from orders.services.checkout import checkout_create


class CheckoutCreate(BaseMutation):
    """Start a checkout with some lines; answers it with its token, the buyer's only key to it."""

    class Arguments:
        input = CheckoutCreateInput(required=True)

    checkout = graphene.Field(Checkout)

    staff_only = False
    # The service is one transaction of its own; the rest here only reads.
    atomic = False

    @classmethod
    def perform(cls, info, *, input):
        checkout = checkout_create(
            lines=line_inputs(input.lines),
            email=(input.email or "").strip(),
            phone=(input.phone or "").strip(),
            language=get_language() or "",
        )
        return cls(checkout=checkout)
