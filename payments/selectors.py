"""Reads for payments."""

from django.db.models import QuerySet

from core.errors import NotFound
from payments.models import Payment, Refund, StripeEvent


def payment_get(*, provider_reference: str) -> Payment:
    payment = Payment.objects.filter(provider_reference=provider_reference).first()
    if payment is None:
        raise NotFound(field="payment_intent")
    return payment


def payments_for_reference(*, reference: str) -> QuerySet[Payment]:
    """Every payment made for one order or checkout, newest first."""
    return Payment.objects.filter(reference=reference).order_by("-created", "-pk")


def payment_latest_for_reference(*, reference: str) -> Payment | None:
    return payments_for_reference(reference=reference).first()


def refunds_for(*, payment: Payment) -> QuerySet[Refund]:
    return Refund.objects.filter(payment=payment).order_by("created", "pk")


def stripe_event_get(*, event_id: str) -> StripeEvent | None:
    return StripeEvent.objects.filter(event_id=event_id).first()
