"""Stripe's webhook: a payment's outcome recorded once, and a paid checkout turned into its order."""

import logging

from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import NotFound
from orders.services import checkout_complete_for_payment
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
    """Verify the signature (400 if bad), record the event once, sync its payment and, on the first
    success, complete the checkout, all in one transaction: if completing fails, the event is not
    recorded and Stripe's retry does it again. A repeated delivery answers 200 and changes nothing."""
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
                    payment, became_succeeded = payment_sync_from_intent(intent=intent)
                except NotFound:  # not one of ours: acknowledged and ignored
                    payment, became_succeeded = None, False
                except PaymentMismatch:  # another amount than ours: never completes an order
                    logger.error("Stripe event %s does not match its payment", event.id)
                    payment, became_succeeded = None, False
                if became_succeeded:
                    checkout_complete_for_payment(payment=payment)
            webhook_event_mark_processed(stripe_event=stripe_event)
    return HttpResponse(status=200)
