import graphene

from api.checkout.lookups import checkouts, locking_by_token
from api.checkout.types import Checkout, Payment, PaymentGateway, PaymentScene
from api.core.mutations import BaseMutation
from core.clients import client_ip, client_key
from orders.services.checkout import checkout_payment_create


class CheckoutPaymentCreate(BaseMutation):
    """Hold the pieces and open a payment for the total at the gateway, for the scene the tourist is in
    (default: a Stripe PaymentIntent, which the browser confirms with `payment.clientSecret`); a
    wallet's `payment.nextStep` says what the tourist does (open a URL, scan a QR code, JSAPI); then
    checkoutComplete. A gateway not configured here answers PAYMENT_UNAVAILABLE, a scene it does
    not serve an INVALID error on `scene`. Asked again, it answers the
    same payment while the amount is unchanged. The pieces are held for one reservation period from
    the checkout's first hold, never longer however often it is asked (then it pays without a hold);
    one client may start holds for only a few unpaid checkouts at a time (TOO_MANY_CHECKOUTS), and
    without a real payment provider it answers PAYMENT_UNAVAILABLE."""

    class Arguments:
        token = graphene.UUID(required=True, description="The checkout's token.")
        gateway = PaymentGateway(description="Who takes the money (default STRIPE).")
        scene = PaymentScene(description="Where the tourist pays (default CARD).")

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
    def perform(cls, info, *, token, gateway=None, scene=None):
        payment = locking_by_token(
            checkout_payment_create,
            token,
            client=client_key(info.context),
            provider=gateway.value if gateway is not None else "stripe",
            scene=scene.value if scene is not None else "card",
            client_ip=client_ip(info.context) or "",
        )
        payload = cls(payment=payment)
        payload.checkout_token = token
        return payload
