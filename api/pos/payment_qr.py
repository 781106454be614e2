"""The tablet's QR code for the exact amount (docs/pos.md): posPaymentQrCreate makes a provider payment
for a sale about to be recorded, posPaymentQrCheck tells whether it is paid yet (asking the provider
when the notification has not come), posPaymentQrCancel gives it up for the printed QR code. The
cart's own operator only, as every pos* operation."""

import graphene

from api.core.mutations import BaseMutation
from api.core.permissions import require_cart_operator
from api.core.scalars import Fen
from api.pos.text import storable
from api.pos.types import PosPaymentMethod
from carts.models import Cart
from carts.services.payment_qr import pos_payment_qr_cancel, pos_payment_qr_check, pos_payment_qr_create
from payments.models import Payment

PosProviderPaymentStatus = graphene.Enum(
    "PosProviderPaymentStatus",
    [("WAITING", "waiting"), ("PAID", "paid"), ("CANCELLED", "cancelled"), ("FAILED", "failed")],
    description="Where a QR code's payment stands: the sale is recorded as paid by it once PAID.",
)
_STATUS = {
    Payment.Status.SUCCEEDED: "paid",
    Payment.Status.PARTIALLY_REFUNDED: "paid",
    Payment.Status.REFUNDED: "paid",
    Payment.Status.CANCELLED: "cancelled",
    Payment.Status.FAILED: "failed",
}
_METHODS = {"wechat_pay": "wechat", "alipay": "alipay"}


class PosProviderPayment(graphene.ObjectType):
    """A provider payment a tablet shows as a QR code for a sale's exact amount."""

    reference = graphene.String(
        required=True, description="The provider's reference: the sale's payment.providerReference."
    )
    method = graphene.Field(PosPaymentMethod, required=True)
    amount_fen = Fen(required=True)
    status = graphene.Field(PosProviderPaymentStatus, required=True)
    qr_code = graphene.String(required=True, description="The QR code's content, for the tablet to draw.")

    @staticmethod
    def resolve_reference(root, info):
        return root.provider_reference

    @staticmethod
    def resolve_method(root, info):
        return _METHODS[root.provider]

    @staticmethod
    def resolve_status(root, info):
        return _STATUS.get(root.status, "waiting")

    @staticmethod
    def resolve_qr_code(root, info):
        return root.next_step_value


def _cart(info, code) -> Cart:
    code = code if storable(code) else None
    cart = Cart.objects.filter(code=code).first() if code else None
    require_cart_operator(info, cart)
    return cart


class PosPaymentQrCreate(BaseMutation):
    """A WeChat Pay (Native) or Alipay (precreate) payment, a QR code, for a sale's exact amount, bound
    to the sale's client UUID at this cart. Typed errors: PAYMENT_UNAVAILABLE (not configured here),
    PAYMENT_PROVIDER_ERROR (the provider did not answer), INVALID; the tablet then falls back to the
    printed QR code."""

    class Arguments:
        cart = graphene.String(required=True, description="The cart's code.")
        client_uuid = graphene.String(required=True, description="The UUID of the sale it pays.")
        amount_fen = Fen(required=True, description="The sale's total.")
        method = PosPaymentMethod(required=True, description="WECHAT or ALIPAY.")

    payment = graphene.Field(PosProviderPayment)

    staff_only = False
    atomic = False  # written only once the provider made it; no transaction held over its call
    error_fields = {"amount": "amountFen"}

    @classmethod
    def perform(cls, info, *, cart, client_uuid, amount_fen, method):
        payment = pos_payment_qr_create(
            cart=_cart(info, cart),
            client_uuid=client_uuid,
            amount_fen=amount_fen,
            method=getattr(method, "value", method),
        )
        return cls(payment=payment)


class PosPaymentQrCheck(BaseMutation):
    """Whether a QR code's payment is paid yet; still waiting, the provider is asked (a notification
    that is late or lost) and its answer recorded. NOT_FOUND for a payment not of this cart."""

    class Arguments:
        cart = graphene.String(required=True, description="The cart's code.")
        reference = graphene.String(required=True, description="posPaymentQrCreate's reference.")

    payment = graphene.Field(PosProviderPayment)

    staff_only = False
    atomic = False

    @classmethod
    def perform(cls, info, *, cart, reference):
        return cls(payment=pos_payment_qr_check(cart=_cart(info, cart), provider_reference=reference))


class PosPaymentQrCancel(BaseMutation):
    """Give up a QR code's payment (the customer pays the printed code instead): closed at the
    provider. Paid meanwhile, it answers PAID and the sale is recorded as paid by it."""

    class Arguments:
        cart = graphene.String(required=True, description="The cart's code.")
        reference = graphene.String(required=True, description="posPaymentQrCreate's reference.")

    payment = graphene.Field(PosProviderPayment)

    staff_only = False
    atomic = False

    @classmethod
    def perform(cls, info, *, cart, reference):
        return cls(payment=pos_payment_qr_cancel(cart=_cart(info, cart), provider_reference=reference))
