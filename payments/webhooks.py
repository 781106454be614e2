"""Stripe webhooks: verify an event, record it once. The view (payments.views) calls, in one
transaction:

    event = webhook_event_parse(payload=request.body, signature_header=request.headers["Stripe-Signature"])
    with transaction.atomic():
        stripe_event, is_new = webhook_event_record(event=event)
        if is_new:
            intent = event_payment_intent(event)
            if intent is not None:
                payment_sync_from_intent(intent=intent)  # a first success runs payments.handlers
            webhook_event_mark_processed(stripe_event=stripe_event)

See docs/payments.md.
"""

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from payments.errors import WebhookSignatureInvalid
from payments.models import StripeEvent

# The events that change a Payment (localstripe sends succeeded and payment_failed only).
PAYMENT_INTENT_EVENTS = frozenset(
    {
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "payment_intent.processing",
        "payment_intent.requires_action",
        "payment_intent.canceled",
    }
)


def webhook_event_parse(*, payload: bytes, signature_header: str) -> stripe.Event:
    """The event in payload, if its Stripe-Signature header was made with STRIPE_WEBHOOK_SECRET
    (and is recent: stripe-python's tolerance of 5 minutes). Raises WebhookSignatureInvalid."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        # An empty secret would make any HMAC check meaningless: refuse loudly, not silently.
        raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified.")
    try:
        return stripe.Webhook.construct_event(payload, signature_header or "", secret)
    except stripe.SignatureVerificationError as error:
        raise WebhookSignatureInvalid() from error
    except ValueError as error:  # not JSON, or not an event
        raise WebhookSignatureInvalid() from error


@transaction.atomic
def webhook_event_record(*, event: stripe.Event) -> tuple[StripeEvent, bool]:
    """The event's row, created the first time its id is seen: (row, is_new)."""
    return StripeEvent.objects.get_or_create(
        event_id=event.id, defaults={"type": event.type, "payload": event.to_dict(for_json=True)}
    )


@transaction.atomic
def webhook_event_mark_processed(*, stripe_event: StripeEvent) -> StripeEvent:
    if stripe_event.processed_at is None:
        stripe_event.processed_at = timezone.now()
        stripe_event.save(update_fields=["processed_at"])
    return stripe_event


def event_payment_intent(event: stripe.Event):
    """The PaymentIntent an event is about (the snapshot in its payload), or None for other events."""
    if event.type not in PAYMENT_INTENT_EVENTS:
        return None
    return event.data.object
