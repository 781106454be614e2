"""Checkout tasks: the confirmation email, releasing expired reservations."""

from celery import shared_task

from orders.models import Order
from orders.services import checkouts_expire, order_confirmation_send_once

__all__ = ["checkout_reservations_expire", "order_confirmation_send"]


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
