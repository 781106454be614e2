"""The wallets' signed notifications (WeChat Pay, Alipay): verified by their provider module, recorded
once, and the payment state they report recorded through payment_sync. The view (payments.views)
calls, for a request whose signature checked out:

    received = wallet_get(name).notification_parse(headers=request.headers, body=request.body)
    payment_notification_receive(provider=name, received=received)

A notification delivered twice is recorded once and changes nothing the second time; one that arrives
after the query already recorded the payment (out of order) is kept and changes nothing; one whose
amount is not the payment's is kept, unprocessed, and never completes an order.
"""

import logging

from django.db import transaction
from django.utils import timezone

from payments.errors import PaymentMismatch
from payments.models import Payment, PaymentNotification
from payments.providers import NotificationReceived
from payments.services import payment_sync

logger = logging.getLogger(__name__)


@transaction.atomic
def payment_notification_receive(
    *, provider: str, received: NotificationReceived
) -> tuple[PaymentNotification, bool]:
    """The notification's row, created the first time its id is seen, and on that first time the
    state it reports recorded on its payment (a first success runs payments.handlers, in this
    transaction: if orders fails, nothing is recorded and the provider delivers it again).
    Returns (row, is_new)."""
    row, is_new = PaymentNotification.objects.get_or_create(
        provider=provider, notification_id=received.notification_id, defaults={"payload": received.payload}
    )
    if not is_new:
        return row, False
    state = received.state
    if state is not None:
        payment = Payment.objects.filter(
            provider=provider, provider_reference=state.provider_reference
        ).first()
        if payment is None:
            logger.warning(
                "%s notification %s is not about one of our payments", provider, row.notification_id
            )
            return row, True
        row.payment = payment
        try:
            payment_sync(payment=payment, provider=provider, state=state)
        except PaymentMismatch:
            # Kept for staff (processed_at empty); the payment stays as it was.
            logger.error(
                "%s notification %s does not match payment %s", provider, row.notification_id, payment.pk
            )
            row.save(update_fields=["payment"])
            return row, True
    row.processed_at = timezone.now()
    row.save(update_fields=["payment", "processed_at"])
    return row, True
