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

from django.db import connection, transaction
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
    state = received.state
    payment = None
    if state is not None:
        payment = Payment.objects.filter(
            provider=provider, provider_reference=state.provider_reference
        ).first()
    # Written processed (with its payment) in the statement that claims its id; a notification that
    # turns out not to match its payment is marked unprocessed again below (rare).
    processed_at = timezone.now() if state is None or payment is not None else None
    row, is_new = _claim(provider, received, payment, processed_at)
    if not is_new:
        return row, False
    if state is None:
        return row, True
    if payment is None:
        logger.warning("%s notification %s is not about one of our payments", provider, row.notification_id)
        return row, True
    try:
        payment_sync(payment=payment, provider=provider, state=state)
    except PaymentMismatch:
        # Kept for staff (processed_at empty); the payment stays as it was.
        logger.error(
            "%s notification %s does not match payment %s", provider, row.notification_id, payment.pk
        )
        PaymentNotification.objects.filter(pk=row.pk).update(processed_at=None)
        row.processed_at = None
    return row, True


def _claim(provider, received, payment, processed_at) -> tuple[PaymentNotification, bool]:
    """(the notification's row, whether this call made it). On PostgreSQL one INSERT … ON CONFLICT
    DO NOTHING RETURNING (a delivery at the same moment waits for this one's commit and then finds
    it); elsewhere get_or_create."""
    values = {
        "provider": provider,
        "notification_id": received.notification_id,
        "payment": payment,
        "payload": received.payload,
        "processed_at": processed_at,
    }
    if connection.vendor != "postgresql":
        defaults = {name: values[name] for name in ("payment", "payload", "processed_at")}
        return PaymentNotification.objects.get_or_create(
            provider=provider, notification_id=received.notification_id, defaults=defaults
        )
    row = PaymentNotification(**values, created=timezone.now())
    fields = [PaymentNotification._meta.get_field(name) for name in (*values, "created")]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    params = [field.get_db_prep_save(field.pre_save(row, add=False), connection) for field in fields]
    table = connection.ops.quote_name(PaymentNotification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "
            'ON CONFLICT ("provider", "notification_id") DO NOTHING RETURNING "id"',
            params,
        )
        inserted = cursor.fetchone()
    if inserted is None:  # delivered before
        return PaymentNotification.objects.get(
            provider=provider, notification_id=received.notification_id
        ), False
    row.pk = inserted[0]
    return row, True
