import graphene

from api.checkout.lookups import checkout_by_token, refreshed
from api.checkout.order_types import Order
from api.checkout.types import Checkout
from api.core.mutations import BaseMutation
from orders.services.checkout import checkout_complete


class CheckoutComplete(BaseMutation):
    """Turn a paid checkout into its order (once: asked again, it answers the same order).

    PAYMENT_NOT_SUCCEEDED: Stripe has not taken the money (yet). CHECKOUT_FAILED: it was paid after
    its hold ran out and the pieces had gone; the payment was refunded."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")

    checkout = graphene.Field(Checkout)
    order = graphene.Field(Order)

    staff_only = False
    # The service commits the payment's status and any refund before it may refuse.
    atomic = False

    @staticmethod
    def resolve_checkout(root, info):
        # Re-read as the service left it, only when the query asks for it.
        return refreshed(root.checkout)

    @classmethod
    def perform(cls, info, *, token):
        # With what checkout_complete reads first, so that it does not read the checkout again.
        checkout = checkout_by_token(token, related=("payment",))
        order = checkout_complete(checkout=checkout)
        return cls(checkout=checkout, order=order)
