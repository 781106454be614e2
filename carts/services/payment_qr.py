"""A wallet payment shown as a QR code on the cart's tablet while it is online (docs/pos.md, "A QR
code for the exact amount"): WeChat Pay Native or Alipay's precreate, made for the sale's total and
bound to the sale's client UUID, so that the sale that claims it at sync must be that very sale, at
this cart, for that amount (carts.services.sync_payments checks it).

The tablet makes the payment, shows its QR code, checks it until paid (the server asks the provider
when the notification has not come), and records the sale with the payment's reference. Offline, or
when this fails, it falls back to the merchant's printed QR code and a recorded payment.
"""

import contextlib
import re
import uuid

from django.utils.translation import gettext as _

from carts.models import Cart, PaymentMethod
from carts.services.sync_policy import INT_MAX
from core.errors import DomainError, NotFound, ValidationFailed
from payments.models import Payment, Provider
from payments.providers import Scene
from payments.services import payment_cancel, payment_create, payment_refresh

# The tablet's method -> the provider that shows a QR code for it, and the scene that does.
QR_PROVIDERS: dict[str, tuple[str, str]] = {
    PaymentMethod.WECHAT: (Provider.WECHAT_PAY, Scene.NATIVE),
    PaymentMethod.ALIPAY: (Provider.ALIPAY, Scene.MERCHANT_QR),
}
WAITING = (Payment.Status.CREATED, Payment.Status.PROCESSING, Payment.Status.REQUIRES_ACTION)
PROVIDER_REFERENCE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def pos_payment_reference(*, cart: Cart, sale_uuid: uuid.UUID) -> str:
    """What a cart sale's provider payment keeps as its reference: the cart and the sale's UUID."""
    return f"pos:{cart.pk}:{sale_uuid.hex}"


def pos_payment_qr_create(*, cart: Cart, client_uuid: str, amount_fen: int, method: str) -> Payment:
    """A provider payment of amount_fen for the sale client_uuid at this cart, with its QR code
    (payment.next_step_value: the code's content). Asked again for the same sale and amount while it
    is unpaid or paid: the same payment (the tablet may not have heard the first answer). Raises
    ValidationFailed, PaymentUnavailable (not configured here), PaymentProviderError; nothing is
    written unless the provider made it."""
    sale_uuid = _sale_uuid(client_uuid)
    if type(amount_fen) is not int or not 0 < amount_fen <= INT_MAX:
        raise ValidationFailed(_("金额必须是正整数（分）。"), field="amountFen")
    if method not in QR_PROVIDERS:
        raise ValidationFailed(_("这种付款方式不能出示收款码。"), field="method")
    provider, scene = QR_PROVIDERS[method]
    reference = pos_payment_reference(cart=cart, sale_uuid=sale_uuid)
    earlier = Payment.objects.filter(reference=reference, provider=provider).order_by("-pk")
    for payment in earlier:
        if payment.amount_fen == amount_fen and payment.status in (*WAITING, Payment.Status.SUCCEEDED):
            return payment
        if payment.status in WAITING:  # the basket changed: the old code must not be paid too
            payment_cancel(payment=payment)
    return payment_create(
        reference=reference,
        amount_fen=amount_fen,
        provider=provider,
        scene=scene,
        description=_("%(cart)s · 巾帼工坊手工艺品") % {"cart": cart.name_zh},
    )


def pos_payment_qr_check(*, cart: Cart, provider_reference: str) -> Payment:
    """The payment as it stands; still waiting, the provider is asked (its notification may be late
    or lost) and its answer recorded. A provider that cannot be asked now leaves it waiting."""
    payment = pos_payment_get(cart=cart, provider_reference=provider_reference)
    if payment.status in WAITING:
        with contextlib.suppress(DomainError):  # asked again at the next check
            payment, _became_paid = payment_refresh(payment=payment)
    return payment


def pos_payment_qr_cancel(*, cart: Cart, provider_reference: str) -> Payment:
    """The operator gave up on the QR code (the customer pays the printed one): the payment is closed
    at the provider. Paid meanwhile, it is recorded paid instead: check payment.status."""
    payment = pos_payment_get(cart=cart, provider_reference=provider_reference)
    if payment.status in WAITING or payment.status == Payment.Status.FAILED:
        payment, _became_paid = payment_cancel(payment=payment)
    return payment


def pos_payment_get(*, cart: Cart, provider_reference: str) -> Payment:
    """A cart sale's provider payment of this cart (NotFound for any other, anyone's)."""
    if not isinstance(provider_reference, str) or not PROVIDER_REFERENCE.match(provider_reference):
        raise NotFound(_("找不到这笔收款。"), field="reference")
    payment = Payment.objects.filter(
        provider__in=[provider for provider, _scene in QR_PROVIDERS.values()],
        provider_reference=provider_reference,
        reference__startswith=f"pos:{cart.pk}:",
    ).first()
    if payment is None:
        raise NotFound(_("找不到这笔收款。"), field="reference")
    return payment


def _sale_uuid(client_uuid) -> uuid.UUID:
    try:
        return uuid.UUID(str(client_uuid))
    except ValueError:
        raise ValidationFailed(_("销售编号格式不对。"), field="clientUuid") from None
