import graphene

from api.checkout.lookups import checkout_by_token, refreshed
from api.checkout.types import Checkout, Payment
from api.core.mutations import BaseMutation
from orders.services.checkout import checkout_payment_create


class CheckoutPaymentCreate(BaseMutation):
    """Hold the pieces and open a Stripe PaymentIntent for the total; the browser confirms it with
    `payment.clientSecret` (Stripe.js), then calls checkoutComplete. Asked again, it answers the
    same payment while the amount is unchanged."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")

    checkout = graphene.Field(Checkout)
    payment = graphene.Field(Payment)

    staff_only = False
    # The service is one transaction of its own; the rest here only reads.
    atomic = False

    @staticmethod
    def resolve_checkout(root, info):
        # Re-read as the service left it, only when the query asks for it.
        return refreshed(root.checkout)

    @classmethod
    def perform(cls, info, *, token):
        checkout = checkout_by_token(token)
        payment = checkout_payment_create(checkout=checkout)
        return cls(checkout=checkout, payment=payment)
