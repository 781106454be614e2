"""Checkout tasks: the confirmation email, releasing expired reservations."""

from celery import shared_task

__all__ = ["checkout_reservations_expire", "order_confirmation_send"]


@shared_task(acks_late=True)
def checkout_reservations_expire() -> None:
    """Release the pieces of checkouts whose reservation ran out (every minute, Celery beat)."""


@shared_task(acks_late=True)
def order_confirmation_send(order_id: int) -> None:
    """The confirmation email with the link to the order's status page."""
