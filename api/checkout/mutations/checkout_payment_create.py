import graphene

from api.checkout.lookups import checkouts, locking_by_token
from api.checkout.types import Checkout, Payment
from api.core.mutations import BaseMutation
from core.clients import client_key
from orders.services.checkout import checkout_payment_create


class CheckoutPaymentCreate(BaseMutation):
    """Hold the pieces and open a Stripe PaymentIntent for the total; the browser confirms it with
    `payment.clientSecret` (Stripe.js), then calls checkoutComplete. Asked again, it answers the
    same payment while the amount is unchanged. The pieces are held for one reservation period from
    the checkout's first hold, never longer however often it is asked (then it pays without a hold);
    one client may start holds for only a few unpaid checkouts at a time (TOO_MANY_CHECKOUTS), and
    without a real payment provider it answers PAYMENT_UNAVAILABLE."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")

    checkout = graphene.Field(Checkout)
    payment = graphene.Field(Payment)

    staff_only = False
    # The service is one transaction of its own; the rest here only reads.
    atomic = False

    @staticmethod
    def resolve_checkout(root, info):
        # Read as the service left it, only when the query asks for it.
        token = getattr(root, "checkout_token", None)  # none on a refusal
        return checkouts().filter(token=token).first() if token is not None else None

    @classmethod
    def perform(cls, info, *, token):
        payment = locking_by_token(checkout_payment_create, token, client=client_key(info.context))
        payload = cls(payment=payment)
        payload.checkout_token = token
        return payload
