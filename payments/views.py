"""Stripe's webhook: a payment's outcome recorded once (and, on its first success, the handlers of
payments.handlers told: orders completes the checkout)."""

import logging

from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import NotFound
from payments.errors import PaymentMismatch, WebhookSignatureInvalid
from payments.services import payment_sync_from_intent
from payments.webhooks import (
    event_payment_intent,
    webhook_event_mark_processed,
    webhook_event_parse,
    webhook_event_record,
)

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verify the signature (400 if bad), record the event once and sync its payment, all in one
    transaction with what the sync's handlers do on a first success (orders completes the checkout):
    if that fails, the event is not recorded and Stripe's retry does it again. A repeated delivery
    answers 200 and changes nothing."""
    try:
        event = webhook_event_parse(
            payload=request.body, signature_header=request.headers.get("Stripe-Signature", "")
        )
    except WebhookSignatureInvalid:
        return HttpResponse(status=400)
    with transaction.atomic():
        stripe_event, is_new = webhook_event_record(event=event)
        if is_new:
            intent = event_payment_intent(event)
            if intent is not None:
                try:
                    payment_sync_from_intent(intent=intent)
                except NotFound:  # not one of ours: acknowledged and ignored
                    pass
                except PaymentMismatch:  # another amount than ours: never completes an order
                    logger.error("Stripe event %s does not match its payment", event.id)
            webhook_event_mark_processed(stripe_event=stripe_event)
    return HttpResponse(status=200)
