"""Checkout tasks: the confirmation email, releasing expired reservations."""

from celery import shared_task

from orders.models import Order
from orders.services import checkouts_expire, order_confirmation_send_once
from orders.services import order_confirmations_send_pending as order_confirmations_send_pending_service
from orders.services.notices import artisan_sale_notify, order_fulfilled_notify
from orders.services.posting import orders_post_to_ledger

__all__ = [
    "checkout_reservations_expire",
    "order_confirmation_send",
    "order_confirmations_send_pending",
    "order_paid_followups",
]


@shared_task(acks_late=True)
def checkout_reservations_expire() -> int:
    """Reopen checkouts whose reservation ran out, cancelling their payment, and release every
    expired reservation (every minute, Celery beat). Returns how many checkouts were reopened."""
    return checkouts_expire()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def order_confirmation_send(order_id: int) -> bool:
    """The confirmation email with the link to the order's status page (sent once per order)."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    return order_confirmation_send_once(order=order)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def order_paid_followups(order_id: int) -> bool:
    """A completed checkout's two follow-ups in one message (one publish on the buyer's request, not
    two): its order posted to the ledger, then its confirmation email. Each is done once however
    often this runs (a retry, a redelivery, the sweeps alongside), so retrying the whole is safe.
    The email goes out even when the posting fails; that failure is raised after it (the sweep posts
    it). Returns whether the email was sent now."""
    try:
        orders_post_to_ledger(order_ids=[order_id], limit=1)
    finally:
        order = Order.objects.filter(pk=order_id).first()
        sent = order is not None and order_confirmation_send_once(order=order)
    return sent


@shared_task(acks_late=True)
def order_confirmations_send_pending() -> int:
    """The sweep: send the confirmations whose task was lost (Celery beat, every five minutes)."""
    return order_confirmations_send_pending_service()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def order_fulfilled_notice(order_id: int) -> bool:
    """The tourist's text that her order was shipped or picked up."""
    order = Order.objects.filter(pk=order_id).first()
    return order is not None and order_fulfilled_notify(order=order)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def artisan_sale_notices(order_ids: list[int]) -> int:
    """Each artisan's text that a piece of hers sold, for orders just posted to the ledger."""
    return sum(artisan_sale_notify(order=order) for order in Order.objects.filter(pk__in=order_ids))
