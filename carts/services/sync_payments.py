"""A synced sale that names a provider payment (the QR code shown on the tablet, carts.services.
payment_qr) is a claim like the rest of it: the payment must exist at the provider the method names,
be paid, have been made for this very sale (this cart and this client UUID) and for exactly the sale's
amount, and pay no other order. Then the sale's order is paid by it (Order.payment: the ledger takes
its fee, and a payment can pay one order only); otherwise the sale is recorded all the same (it
happened) with the flag payment_unverified, which holds its split for staff, and pays by nothing.
"""

from collections.abc import Sequence

from carts.models import Cart, PaymentMethod, PosSale
from carts.services.payment_qr import WAITING, pos_payment_reference
from carts.services.sync_types import FLAG_ORDER
from core.errors import DomainError
from orders.models import Order
from payments.models import Payment, Provider
from payments.services import payment_refresh

METHOD_PROVIDERS: dict[str, str] = {
    PaymentMethod.WECHAT: Provider.WECHAT_PAY,
    PaymentMethod.ALIPAY: Provider.ALIPAY,
}


def sale_payments_refresh(*, cart: Cart, references: Sequence[str | None]) -> None:
    """Before the batch's transaction: ask the provider about this cart's payments the sales name that
    we still have as waiting (paid, but the notification lost), so the check sees the provider's word.
    A provider that cannot answer now leaves them waiting (the sale is then flagged)."""
    references = sorted({ref for ref in references if isinstance(ref, str) and ref})
    if not references:
        return
    waiting = Payment.objects.filter(
        provider_reference__in=references, reference__startswith=f"pos:{cart.pk}:", status__in=WAITING
    )
    for payment in waiting:
        try:
            payment_refresh(payment=payment)
        except DomainError:
            continue


def sale_payments_check(*, cart: Cart, new_sales) -> None:
    """Inside the batch's transaction, before its sales are claimed: each new sale naming a payment
    gets sale.payment_id when the claim holds, else the flag payment_unverified. The payments are
    locked (in id order), so two batches claiming one payment take turns and the second finds it
    taken."""
    claiming = [sale for sale in new_sales if sale.provider_reference]
    if not claiming:
        return
    payments = {
        (payment.provider, payment.provider_reference): payment
        for payment in Payment.objects.select_for_update()
        .filter(provider_reference__in={sale.provider_reference for sale in claiming})
        .order_by("pk")
    }
    taken = set(
        Order.objects.filter(payment_id__in=[p.pk for p in payments.values()]).values_list(
            "payment_id", flat=True
        )
    )
    for sale in claiming:
        provider = METHOD_PROVIDERS.get(sale.payment_method, "")
        payment = payments.get((provider, sale.provider_reference))
        if (
            payment is not None
            and payment.reference == pos_payment_reference(cart=cart, sale_uuid=sale.uuid)
            and payment.status == Payment.Status.SUCCEEDED
            and payment.amount_fen == sale.amount_fen
            and payment.currency == "cny"
            and payment.pk not in taken
        ):
            sale.payment_id = payment.pk
            taken.add(payment.pk)
        else:
            flags = {*sale.flags, PosSale.Flag.PAYMENT_UNVERIFIED}
            sale.flags = [str(flag) for flag in FLAG_ORDER if flag in flags]


def sale_payments_link(*, new_sales) -> None:
    """The recorded orders of the sales whose payment held: paid by it (one UPDATE each; rare)."""
    for sale in new_sales:
        if sale.payment_id is not None:
            Order.objects.filter(pk=sale.order_id).update(payment_id=sale.payment_id)
